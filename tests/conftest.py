"""Shared fixtures: the corpus (skipped with a reason where absent), one detector per session, an isolated key."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("PDSCAN_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session", autouse=True)
def _isolated_key(tmp_path_factory):
    """Tests never touch the operator's real HMAC key."""
    os.environ["PDSCAN_KEY_FILE"] = str(tmp_path_factory.mktemp("key") / "hmac.key")
    yield


def corpus_path(*parts: str) -> Path:
    """A path inside ../shared/corpus, or a skip that says why."""
    p = CORPUS.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"corpus material not available: {p} (../shared/corpus is absent on this machine)")
    return p


@pytest.fixture(scope="session")
def detector():
    """The real detector, built once per test session (model loading costs seconds)."""
    from pdscan.detect import build_detector
    from pdscan.options import ScanOptions

    return build_detector(ScanOptions(workers=1))


@pytest.fixture
def scan_paths(detector, tmp_path):
    """Scan paths in-process with the session detector; returns the loaded store."""
    from pdscan import load
    from pdscan.options import ScanOptions
    from pdscan.run import scan

    def run(*sources, **options):
        out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
        scan([str(s) for s in sources], out, ScanOptions(workers=1, **options), progress=False, detector=detector)
        return load(out)

    return run
