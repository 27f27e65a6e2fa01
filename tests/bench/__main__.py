"""`make bench`: run every tests/bench/bench_*.py module's main(), one after another."""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main() -> None:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        t0 = time.perf_counter()
        module = importlib.import_module(f"tests.bench.{name}")
        sys.argv = [name]  # each benchmark parses its own options: run them all with their defaults
        module.main()
        print(f"=== {name} done in {time.perf_counter() - t0:.0f} s ===", flush=True)


if __name__ == "__main__":
    main()
