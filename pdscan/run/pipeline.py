"""The scan: sources -> items -> (workers: extract, detect) -> store. Bounded in flight, so memory stays flat;
every failure is a row or a run.json entry, and the run always ends with run.json."""
from __future__ import annotations

import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator

from .. import __version__
from ..errors import UsageError
from ..model import ERROR, Item, ItemResult
from ..options import ScanOptions
from ..plugins import source_for
from ..store import StoreWriter
from ..store.keys import key_id
from ..store.masking import describe_exception, mask_credentials
from . import worker
from .pool import scan_in_pool
from .resume import read_run, skip_done


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
    abort_reason: str | None = None
    store_errors: list = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        """Rows were lost because the store could not write them (see run.json `store_errors`)."""
        return any(e["items_lost"] or e["findings_lost"] for e in self.store_errors)


def iter_source_items(sources: Iterable[str], options: ScanOptions) -> Iterator[Item | ItemResult]:
    """Every source's items. A connector that fails mid-crawl gives an error row for its source; what it
    yielded before stays, and the next source is read."""
    for uri in sources:
        src = source_for(uri)
        try:
            yield from src.fn(uri, options)
        except UsageError:  # the source itself is wrong (missing, bad URI): the operator must fix it
            raise
        except Exception as e:
            yield ItemResult(Item(uri=mask_credentials(uri), kind="source"), ERROR,
                             f"connector {src.name}: {describe_exception(e)}; the rest of this source was not read")


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
         detector=None, detector_factory=None, resume: bool = False) -> ScanSummary:
    """Scan `sources` into the store at `out`. `detector` lets tests and the API pass a prebuilt one (workers=1);
    `detector_factory(options)` (picklable) builds one in each worker instead of the full engine.
    `resume`: `out` holds an interrupted scan of these sources; its finished top-level items are not scanned again.

    Whatever fails, the run ends with run.json; an abort (Ctrl-C, SIGTERM, an error of the scan itself) keeps
    the parts written so far, which `pdscan.load` reads and a resume continues."""
    options = options or ScanOptions()
    progress = sys.stderr.isatty() if progress is None else progress
    previous = read_run(out) if resume else {}
    summary = ScanSummary(out=str(out), started=previous.get("started") or _now())
    writer = StoreWriter(out, checkpoint=options.checkpoint, resume=resume, describe=describe_exception,
                         on_error=_warn_store_error)
    bar = _Progress(progress)
    describe: dict = {}
    resumed = [*previous.get("resumed", []), _now()] if resume else []
    text_before = previous.get("counts", {}).get("text_bytes", 0) if resume else 0

    def run_record(state: str) -> dict:
        return {
            "pdscan_version": __version__,
            "sources": [mask_credentials(s) for s in sources],
            "started": summary.started,
            "ended": summary.ended,
            "complete": state == "complete",
            "state": state,
            "aborted": summary.aborted,
            "abort_reason": summary.abort_reason,
            "resumed": resumed,
            "counts": {**writer.counts, "text_bytes": text_before + summary.bytes_text},
            "store_errors": writer.errors,
            "options": {k: v for k, v in asdict(options).items() if k != "extra"},
            "detectors": describe,
            "key_id": key_id(),
            "resume": {"options": asdict(options)},  # what `scan --resume` needs besides the sources
        }

    def record(res: worker.Result) -> None:
        writer.add_unit([(r.item, r.status, r.message) for r in res.items], res.findings)
        summary.findings += len(res.findings)
        summary.bytes_text += res.bytes
        bar.update(len(res.items), res.bytes, summary.findings)

    writer.write_run(run_record("running"))
    try:
        units = iter_source_items(sources, options)
        if resume:
            units = skip_done(units, writer.done())
        with _sigterm_as_interrupt():
            if options.workers <= 1:
                worker.init_worker(options, detector, detector_factory)
                describe = worker.describe_detector()
                for it in units:
                    record(_scan_here(it))
            else:
                describe = scan_in_pool(units, options, detector_factory, record)
    except KeyboardInterrupt as e:
        _abort(summary, "terminated (SIGTERM)" if isinstance(e, Terminated) else "interrupted (Ctrl-C)")
    except UsageError as e:
        _abort(summary, f"usage error: {e}")
        raise
    except Exception as e:  # a failure of the scan itself, not of one item: stop, but keep what is stored
        _abort(summary, f"{describe_exception(e)}")
        print(f"pdscan: scan aborted: {summary.abort_reason}", file=sys.stderr)
    finally:
        bar.close()
        summary.ended = _now()
        try:
            writer.flush()  # first, so the record counts every row
            writer.close(run_record("aborted" if summary.aborted else "complete"), complete=not summary.aborted)
        except Exception as e:  # compaction failed: the parts stay and remain the store
            _abort(summary, f"store: {describe_exception(e)}")
            writer.write_run(run_record("aborted"))
        summary.items, summary.findings = writer.counts["items"], writer.counts["findings"]
        summary.by_status = dict(writer.counts["by_status"])
        summary.store_errors = list(writer.errors)
    return summary


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the scan stops and says so in run.json."""


@contextmanager
def _sigterm_as_interrupt():
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise Terminated()

    old = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _scan_here(it: Item | ItemResult) -> worker.Result:
    if not isinstance(it, Item):
        return worker.Result(items=[it])
    try:
        return worker.scan_one(it)
    except (Exception, SystemExit) as e:  # scan_one keeps its own failures; this is the last line
        return worker.error_result(it, f"worker: {describe_exception(e)}")


def _abort(summary: ScanSummary, reason: str) -> None:
    summary.aborted, summary.abort_reason = True, reason


def _warn_store_error(entry: dict) -> None:
    print(f"pdscan: store: part {entry['part']} could not be written ({entry['error']}); "
          f"{entry['items_lost']} item rows and {entry['findings_lost']} findings lost, the rest is kept",
          file=sys.stderr)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()
