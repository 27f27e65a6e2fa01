"""Where the declarative data packs are: inside the wheel (pdscan/_data/NAME) or in a source checkout."""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`name` is one of detectors, models, reports, examples."""
    for candidate in (_HERE / "_data" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"pdscan data pack '{name}' is missing; reinstall pdscan")
