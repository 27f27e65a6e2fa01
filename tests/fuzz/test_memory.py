"""The per-worker memory ceiling (--max-memory, pdscan.run.limits): an item that needs more memory than the
ceiling ends as an `error` row and the worker goes on with the next item; the process never grows past it."""
from __future__ import annotations

import gzip
import multiprocessing as mp
import resource

from pathlib import PurePath

from pdscan import load
from pdscan.options import ScanOptions
from pdscan.run import limits, scan
from tests.extract.helpers import NoDetector

GIB = 1 << 30


def no_detector(options) -> NoDetector:  # picklable, for the workers: this test is about extraction's memory
    return NoDetector()


def _capped(limit: int) -> tuple[int, str]:
    ceiling = limits.cap_memory(limit)
    try:
        block = bytearray(2 * GIB)
        outcome = f"allocated {len(block)}"
    except MemoryError:
        outcome = "MemoryError"
    return ceiling, outcome


def test_a_worker_process_is_capped_and_the_caller_is_not():
    with mp.get_context("forkserver").Pool(1) as pool:
        ceiling, outcome = pool.apply(_capped, (GIB,))
    assert ceiling == GIB and outcome == "MemoryError"
    before = resource.getrlimit(resource.RLIMIT_AS)
    assert limits.cap_memory(GIB) is None and resource.getrlimit(resource.RLIMIT_AS) == before


def test_the_ceiling_leaves_a_worker_room_to_work():
    with mp.get_context("forkserver").Pool(1) as pool:
        ceiling, _ = pool.apply(_capped, (1,))
    assert ceiling >= limits.MIN_HEADROOM


def test_an_item_past_the_ceiling_is_an_error_row_and_the_scan_goes_on(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    # gzip members concatenate: 1.5 GiB of zeros from 1.5 MB on disk, read whole by the single-file reader.
    (share / "zeros.txt.gz").write_bytes(gzip.compress(b"\0" * (1 << 20), mtime=0) * 1536)
    (share / "note.txt").write_text("Contact kari.nordmann@example.no about the contract.\n")
    options = ScanOptions(workers=2, ner=False, max_memory=GIB, archive_ratio=1e9, archive_total=4 * GIB,
                          max_file_size=4 * GIB, item_timeout=120)
    scan([str(share)], tmp_path / "out", options, progress=False, detector_factory=no_detector)
    items = load(tmp_path / "out").items
    items = items.set_index(items.uri.map(lambda u: PurePath(u).name))
    assert items.loc["zeros.txt.gz", "status"] == "error"
    assert "out of memory" in items.loc["zeros.txt.gz", "message"]
    assert items.loc["note.txt", "status"] == "ok"
