"""Every extractor fed damaged copies of real files (tests/fuzz/seeds/, written by make_seeds.py) through the
real per-item path, `worker.scan_one`: whatever the damage, the scan of an item returns (no exception, bounded
time), every item ends as exactly one row with a known status, and no planted value leaks into a status message
(snippets are the detector's tests' business: their context shows unrecognised neighbours).
Budget: the hypothesis profile in conftest.py (PDSCAN_FUZZ=ci|fuzz)."""
from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdscan.model import OK, STATUSES, Item
from pdscan.options import ScanOptions
from pdscan.run import worker

from .conftest import PROFILE
from .make_seeds import EMAIL, NAME, PHONE
from .mutations import apply, byte_mutation, byte_mutations, zip_mutation

SEEDS = Path(__file__).with_name("seeds")
SEED_NAMES = sorted(p.name for p in SEEDS.iterdir())
ZIP_SEEDS = [n for n in SEED_NAMES if zipfile.is_zipfile(SEEDS / n)]
TIMEOUT = 20  # seconds per item: far above what any seed needs, far below a hang
OPTIONS = ScanOptions(workers=1, ner=False, item_timeout=TIMEOUT, archive_total=64 << 20, max_file_size=32 << 20)
PLANTED = (EMAIL, NAME, PHONE, PHONE.replace(" ", ""))

settings.load_profile(PROFILE)


def scan(data: bytes, name: str, on_disk: bool, tmp: Path, detector) -> worker.Result:
    if on_disk:  # a file on a share: read lazily from its path
        path = tmp / name
        path.write_bytes(data)
        item = Item(uri=str(path), kind="file", name=name, size=len(data), path=str(path))
    else:  # a member or attachment: bytes in memory
        item = Item(uri=f"mem://fuzz/{name}", kind="member", name=name, size=len(data), payload=data)
    t0 = time.monotonic()
    result = worker.scan_one(item, OPTIONS, detector)
    elapsed = time.monotonic() - t0
    check(item, result, elapsed)
    return result


def check(item: Item, result: worker.Result, elapsed: float) -> None:
    assert elapsed < TIMEOUT + 5, f"item took {elapsed:.1f} s: the time limit did not hold"
    uris = [r.item.uri for r in result.items]
    assert uris.count(item.uri) == 1, f"the item has {uris.count(item.uri)} rows"
    assert len(uris) == len(set(uris)), f"two rows for one uri: {[u for u in uris if uris.count(u) > 1][:3]}"
    for r in result.items:
        assert r.status in STATUSES, r
        assert r.item.uri == item.uri or r.item.uri.startswith(item.uri + "#"), r.item.uri
        assert r.item.payload is None  # bytes stay in the worker
        assert (r.status == OK) == (r.message is None), r
        for value in PLANTED:
            assert value not in (r.message or ""), f"a planted value in the message of {r.item.uri}: {r.message}"


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_reads_clean(name, tmp, fuzz_detector):
    """The undamaged seed is read ok: otherwise the fuzzing below would only exercise the error path."""
    result = scan((SEEDS / name).read_bytes(), name, False, tmp, fuzz_detector)
    assert {r.status for r in result.items} == {OK}, [(r.item.uri, r.status, r.message) for r in result.items]
    assert result.findings, "the seed's planted data is found"


@pytest.mark.timeout(600, method="thread")  # a hang inside C code holds off signals: the thread method still fires
@pytest.mark.parametrize("name", SEED_NAMES)
@given(mutations=byte_mutations, on_disk=st.booleans())
def test_damaged_bytes(name, mutations, on_disk, tmp, fuzz_detector):
    scan(apply((SEEDS / name).read_bytes(), mutations), name, on_disk, tmp, fuzz_detector)


@pytest.mark.timeout(600, method="thread")
@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile's, when the mutation writes a name twice
@pytest.mark.parametrize("name", ZIP_SEEDS)
@given(damage=zip_mutation, then=st.lists(byte_mutation, max_size=1),
       on_disk=st.booleans())
def test_damaged_zip_packages(name, damage, then, on_disk, tmp, fuzz_detector):
    scan(apply(damage((SEEDS / name).read_bytes()), then), name, on_disk, tmp, fuzz_detector)
