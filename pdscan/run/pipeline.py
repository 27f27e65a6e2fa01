"""The scan: sources -> items -> (workers: extract, detect) -> store. Bounded in flight, so memory stays flat."""
from __future__ import annotations

import multiprocessing as mp
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator

from .. import __version__
from ..model import Item, ItemResult
from ..options import ScanOptions
from ..plugins import source_for
from ..store import StoreWriter
from ..store.keys import key_id
from ..store.masking import mask_credentials
from . import worker


@dataclass
class ScanSummary:
    out: str
    started: str
    ended: str = ""
    items: int = 0
    findings: int = 0
    bytes_text: int = 0
    by_status: dict = field(default_factory=dict)
    aborted: bool = False


def iter_source_items(sources: Iterable[str], options: ScanOptions) -> Iterator[Item | ItemResult]:
    for uri in sources:
        yield from source_for(uri).fn(uri, options)


class _Progress:
    """items/s and MB/s on stderr when it is a terminal; silent otherwise."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit=" items", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
        self.t0 = time.monotonic()
        self.bytes = 0

    def update(self, items: int, nbytes: int, findings: int) -> None:
        if self.bar is None:
            return
        self.bytes += nbytes
        mbs = self.bytes / 1e6 / max(time.monotonic() - self.t0, 1e-6)
        self.bar.set_postfix_str(f"{mbs:.2f} MB/s text, {findings} findings", refresh=False)
        self.bar.update(items)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def scan(sources: list[str], out: str, options: ScanOptions | None = None, progress: bool | None = None,
         detector=None, detector_factory=None) -> ScanSummary:
    """Scan `sources` into the store at `out`. `detector` lets tests and the API pass a prebuilt one (workers=1);
    `detector_factory(options)` (picklable) builds one in each worker instead of the full engine."""
    options = options or ScanOptions()
    progress = sys.stderr.isatty() if progress is None else progress
    summary = ScanSummary(out=str(out), started=datetime.now(timezone.utc).isoformat())
    writer = StoreWriter(out)
    bar = _Progress(progress)
    describe: dict = {}

    def record(res: worker.Result) -> None:
        for r in res.items:
            writer.add_item(r.item, r.status, r.message)
            summary.by_status[r.status] = summary.by_status.get(r.status, 0) + 1
        writer.add_findings(res.findings)
        summary.items += len(res.items)
        summary.findings += len(res.findings)
        summary.bytes_text += res.bytes
        bar.update(len(res.items), res.bytes, summary.findings)

    def direct(r: ItemResult) -> None:  # an error row from the connector: nothing to scan
        record(worker.Result(items=[r]))

    try:
        items = iter_source_items(sources, options)
        if options.workers <= 1:
            worker.init_worker(options, detector, detector_factory)
            describe = _describe_detector()
            for it in items:
                if isinstance(it, Item):
                    record(worker.scan_one(it))
                else:
                    direct(it)
        else:
            ctx = mp.get_context("forkserver")
            with ProcessPoolExecutor(options.workers, mp_context=ctx, initializer=worker.init_worker,
                                     initargs=(options, None, detector_factory)) as pool:
                pending = set()
                window = options.workers * 4
                for it in items:
                    if not isinstance(it, Item):
                        direct(it)
                        continue
                    pending.add(pool.submit(worker.scan_one, it))
                    if len(pending) >= window:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for f in done:
                            record(f.result())
                for f in pending:
                    record(f.result())
                describe = pool.submit(_describe_detector).result()
    except KeyboardInterrupt:
        summary.aborted = True
    finally:
        bar.close()
        summary.ended = datetime.now(timezone.utc).isoformat()
        writer.close({
            "pdscan_version": __version__,
            "sources": [mask_credentials(s) for s in sources],
            "started": summary.started,
            "ended": summary.ended,
            "aborted": summary.aborted,
            "counts": {"items": summary.items, "findings": summary.findings, "by_status": summary.by_status,
                       "text_bytes": summary.bytes_text},
            "options": {k: v for k, v in asdict(options).items() if k != "extra"},
            "detectors": describe,
            "key_id": key_id(),
        })
    return summary


def _describe_detector() -> dict:
    d = worker._DETECTOR
    return d.describe() if hasattr(d, "describe") else {}
