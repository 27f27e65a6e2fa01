"""The scan: sources -> items -> (workers: extract, detect) -> store. Bounded in flight, so memory stays flat;
every failure is a row or a run.json entry, and the run always ends with run.json."""
from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator

from .. import __version__
from ..errors import UsageError
from ..model import ERROR, Item, ItemResult
from ..names import quote_name
from ..options import ScanOptions
from ..plugins import source_for
from ..sources.files import local_path
from ..store import StoreWriter
from ..store.keys import key_id
from ..store.masking import describe_exception, mask_credentials
from . import worker
from .baseline import Baseline, Reuse
from .fingerprint import detector_fingerprint, source_fingerprint
from .pool import scan_in_pool
from .progress import Progress
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
    incremental: dict = field(default_factory=dict)  # items_reused / items_scanned (top-level)

    @property
    def incomplete(self) -> bool:
        """Rows were lost because the store could not write them (see run.json `store_errors`)."""
        return any(e["items_lost"] or e["findings_lost"] for e in self.store_errors)


def iter_source_items(sources: Iterable[str], options: ScanOptions, reuse: Reuse | None = None,
                      source_fps: dict | None = None) -> Iterator[Item | ItemResult]:
    """Every source's items. A connector that fails mid-crawl gives an error row for its source; what it
    yielded before stays, and the next source is read. With `reuse`, a single-file mail export that is
    unchanged since the baseline is not read at all (`source_fps` collects those files' fingerprints)."""
    for uri in sources:
        src = source_for(uri)
        if src.name != "files" and "://" not in uri.replace("file://", "", 1):
            container, fp = quote_name(local_path(uri)), source_fingerprint(local_path(uri))
            if source_fps is not None and fp is not None:
                source_fps[container] = fp
            if reuse is not None and reuse.container(container, fp):
                continue
        try:
            yield from src.fn(uri, options)
        except UsageError:  # the source itself is wrong (missing, bad URI): the operator must fix it
            raise
        except Exception as e:
            yield ItemResult(Item(uri=mask_credentials(uri), kind="source"), ERROR,
                             f"connector {src.name}: {describe_exception(e)}; the rest of this source was not read")


def scan(sources: list[str], out: str, options: ScanOptions | None = None, progress: bool | str | None = None,
         detector=None, detector_factory=None, resume: bool = False, baseline: str | None = None,
         progress_interval: float = 5.0) -> ScanSummary:
    """Scan `sources` into the store at `out`. `detector` lets tests and the API pass a prebuilt one (workers=1);
    `detector_factory(options)` (picklable) builds one in each worker instead of the full engine.
    `resume`: `out` holds an interrupted scan of these sources; its finished top-level items are not scanned again.
    `baseline`: a finished earlier scan made with the same detectors; its rows stand for the items unchanged since.
    `progress`: True/"bar" a bar, "json" JSON lines every `progress_interval` s, False none, None a bar on a tty.

    Whatever fails, the run ends with run.json; an abort (Ctrl-C, SIGTERM, an error of the scan itself) keeps
    the parts written so far, which `pdscan.load` reads and a resume continues."""
    options = options or ScanOptions()
    progress = sys.stderr.isatty() if progress is None else progress
    previous = read_run(out) if resume else {}
    detector_fp = detector_fingerprint(options, detector, detector_factory)
    base = Baseline(baseline, detector_fp, options.max_memory) if baseline else None  # refused before anything is written
    summary = ScanSummary(out=str(out), started=previous.get("started") or _now())
    writer = StoreWriter(out, checkpoint=options.checkpoint, resume=resume, describe=describe_exception,
                         on_error=_warn_store_error)
    bar = Progress({True: "bar", "bar": "bar", "json": "json"}.get(progress),
                   total=len(base.units) if base else None, interval=progress_interval)
    source_fps: dict = dict(previous.get("source_fingerprints") or {})
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
            "detector_fingerprint": detector_fp,
            "source_fingerprints": source_fps,
            "incremental": {"baseline": str(baseline) if baseline else None, "items_reused": reuse.counts["reused"],
                            "items_scanned": reuse.counts["scanned"]},
            "key_id": key_id(),
            "resume": {"options": asdict(options)},  # what `scan --resume` needs besides the sources
        }

    def record(res: worker.Result) -> None:
        writer.add_unit([(r.item, r.status, r.message) for r in res.items], res.findings)
        summary.findings += len(res.findings)
        summary.bytes_text += res.bytes
        top = res.items[-1].item if res.items else None
        bar.update(1, (top.size or 0) if top else 0, res.bytes, sum(r.status == ERROR for r in res.items),
                   len(res.findings))

    def reused(item_rows: list[dict], finding_rows: list[dict]) -> None:
        writer.add_stored(item_rows, finding_rows)
        bar.update(1, 0, 0, sum(r["status"] == ERROR for r in item_rows), len(finding_rows), reused=1)

    reuse = Reuse(base, reused)

    writer.write_run(run_record("running"))
    try:
        units = reuse.units(iter_source_items(sources, options, reuse, source_fps))
        if resume:
            units = skip_done(units, writer.done())
        with _sigterm_as_interrupt():
            if options.workers <= 1:
                ready = False  # the detector loads at the first item to scan: none, in an unchanged rescan
                for it in units:
                    if not ready and isinstance(it, Item):
                        worker.init_worker(options, detector, detector_factory)
                        ready = True
                    record(_scan_here(it))
                if not ready and base is None:  # an empty scan still records its detectors
                    worker.init_worker(options, detector, detector_factory)
                    ready = True
                if ready:
                    describe = worker.describe_detector()
            else:
                describe = scan_in_pool(units, options, detector_factory, record)
            if not describe and base is not None:  # nothing was scanned: the detectors are the baseline's
                describe = base.run.get("detectors") or {}
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
        summary.incremental = {"items_reused": reuse.counts["reused"], "items_scanned": reuse.counts["scanned"]}
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
