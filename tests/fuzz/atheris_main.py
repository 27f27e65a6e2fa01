"""Coverage-guided fuzzing of every extractor with atheris (libFuzzer), where it installs (`make fuzz-atheris`):
`python -m tests.fuzz.atheris_main [libFuzzer flags]`, e.g. `-max_total_time=600`. The seeds start its corpus
in tests/artifacts/atheris-corpus (ignored by git), which keeps the inputs libFuzzer finds for the next run. An input is scanned as a
nameless member, so its type is sniffed from content alone; the checks are the hypothesis harness's own."""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["pdscan"]):
    from pdscan.model import Item
    from pdscan.plugins import extractors
    from pdscan.run import worker

    extractors()  # imports every extractor module inside the instrumented block

from tests.extract.helpers import NoDetector  # noqa: E402  (after instrumentation, on purpose)
from tests.fuzz.test_extractors import OPTIONS, SEEDS, check  # noqa: E402

DETECTOR = NoDetector()  # coverage of extractors is the point; the detector has its own tests


def one_input(data: bytes) -> None:
    item = Item(uri="mem://atheris/input", kind="member", size=len(data), payload=data)
    t0 = time.monotonic()
    result = worker.scan_one(item, OPTIONS, DETECTOR)
    check(item, result, time.monotonic() - t0)


CORPUS = Path(__file__).resolve().parents[1] / "artifacts" / "atheris-corpus"


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.iterdir():
        if not (CORPUS / seed.name).exists():
            shutil.copy(seed, CORPUS / seed.name)
    atheris.Setup([sys.argv[0], *sys.argv[1:], str(CORPUS)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
