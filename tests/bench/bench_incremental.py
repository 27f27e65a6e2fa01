"""Incremental rescan benchmark: a first scan of the benchmark share (tests/bench/files_corpus.py), then a
rescan of the unchanged share with `--baseline` (the first scan's output), each in a fresh process.

Both times are wall clock of `pdscan.scan` including starting workers; CPU seconds of the process tree are
printed too (fairer on a shared machine). Ends with `incremental_rescan_speedup: <first / rescan>`.
Run: `nice -n 10 .venv/bin/python -m tests.bench.bench_incremental [--generated-mb 8] [--workers 2]`.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.bench_files import CORPUS, REPO, PeakRss


def run_scan(share: str, out: str, workers: int | None, baseline: str | None) -> dict:
    import pdscan

    with PeakRss() as usage:
        t0 = time.perf_counter()
        summary = pdscan.scan([share], out, **({"workers": workers} if workers else {}), baseline=baseline)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "items": summary.items, "findings": summary.findings,
            "incremental": summary.incremental, "cpu_seconds": usage.summary()["cpu_seconds"]}


def _in_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "tests.bench.bench_incremental", "--child", *args], cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"scan failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_incremental", description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated-mb", type=float, default=8.0, help="generated text in the share (MB)")
    parser.add_argument("--workers", default="default", help="pdscan workers (default: the CPU count)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        share, out, workers, baseline = args.child
        print(json.dumps(run_scan(share, out, None if workers == "default" else int(workers),
                                  None if baseline == "-" else baseline)))
        return
    from tests.bench import files_corpus

    with tempfile.TemporaryDirectory(prefix="pdscan-bench-incr-") as tmp:
        root = Path(tmp)
        share = files_corpus.build(root, CORPUS, args.generated_mb)
        files = sum(1 for p in share.rglob("*") if p.is_file())
        print(f"share: {files} files ({args.generated_mb} MB generated text + {', '.join(files_corpus.SHARED_DOCS)})",
              flush=True)
        first = _in_child(str(share), str(root / "first"), args.workers, "-")
        again = _in_child(str(share), str(root / "again"), args.workers, str(root / "first"))
    for name, run in (("first scan", first), ("rescan --baseline", again)):
        print(f"{name:<18} {run['seconds']:7.1f} s wall {run['cpu_seconds']:7.1f} CPU s  {run['items']} item rows, "
              f"{run['findings']} findings, reused/scanned {run['incremental']}")
    if (first["items"], first["findings"]) != (again["items"], again["findings"]):
        raise SystemExit("the rescan does not hold what the first scan holds")
    print(f"CPU ratio: {first['cpu_seconds'] / max(again['cpu_seconds'], 1e-9):.1f}")
    print(f"incremental_rescan_speedup: {first['seconds'] / again['seconds']:.1f}")


if __name__ == "__main__":
    main()
