"""Scans one top-level item (and everything inside it) in a worker: extract -> detect -> rows.

The worker holds one detector for its life (the NLP models load once per process).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from .. import errors
from ..extract import extract, media_type_of
from ..model import ERROR, NO_TEXT, OK, SKIPPED, Finding, Item, ItemInfo, ItemResult, Segment
from ..store.masking import describe_exception
from .limits import cap_memory

_DETECTOR = None
_OPTIONS = None


def init_worker(options, detector=None, factory=None, scan_pid: int | None = None) -> None:
    global _DETECTOR, _OPTIONS
    _OPTIONS = options
    if scan_pid is not None:
        _exit_with(scan_pid)
    if detector is None and factory is not None:
        detector = factory(options)
    if detector is None:
        from ..detect import build_detector

        detector = build_detector(options)
    _DETECTOR = detector
    cap_memory(getattr(options, "max_memory", None))  # after the models load: they are not what is bounded


def _exit_with(pid: int) -> None:
    """A pool worker ends when the scan process is gone (kill -9 leaves no one to tell it), instead of holding
    its models in memory for ever."""

    def watch():
        while True:
            time.sleep(2)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid was reused by another user's process: ours is gone
                os._exit(1)

    threading.Thread(target=watch, name="pdscan-scan-watch", daemon=True).start()


@dataclass
class Result:
    items: list[ItemResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    bytes: int = 0


class ItemTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    if not seconds or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _raise(signum, frame):
        raise ItemTimeout(f"took longer than {seconds} s (--item-timeout)")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _row(it: Item, status: str, message: str | None) -> ItemResult:
    # Payloads stay in the worker: the store needs the item's provenance, not its bytes.
    return ItemResult(it.with_(payload=None) if it.payload is not None else it, status, message)


_describe = describe_exception  # kept under its old name: error rows and tests use it


def error_result(it: Item, message: str) -> Result:
    """One error row for a top-level item whose scan could not run or could not come back."""
    return Result(items=[_row(it, ERROR, message)])


@dataclass
class _Open:
    """Items being read right now, outermost first: who gets a row if the time limit strikes."""

    nodes: list[Item] = field(default_factory=list)


def scan_one(item: Item, options=None, detector=None) -> Result:
    """Depth-first over the item and its children; every item ends as exactly one status row.

    Children are scanned as soon as their container yields them, so at most one child payload per nesting
    level is in memory, whatever the size of the archive or mailbox. The row of `item` itself always comes
    last: the store marks it as the top-level row that a resumed scan skips.
    """
    options = options or _OPTIONS
    detector = detector or _DETECTOR
    result = Result()
    open_ = _Open()
    try:
        with time_limit(options.item_timeout):
            _scan_node(item, options, detector, result, open_)
    except ItemTimeout as e:
        *outer, inner = open_.nodes
        result.items.append(_row(inner, ERROR, f"timeout: {e}"))
        for node in reversed(outer):
            result.items.append(_row(node, ERROR, f"timeout while reading its contents ({e}); the rest was not read"))
    return result


def _scan_node(it: Item, options, detector, result: Result, open_: _Open) -> None:
    stage = "sniff"
    open_.nodes.append(it)
    try:
        if it.size is not None and it.size > options.max_file_size:
            raise errors.Skipped(f"larger than --max-file-size ({it.size} > {options.max_file_size} bytes)")
        if it.media_type is None:
            it = it.with_(media_type=media_type_of(it))
            open_.nodes[-1] = it
        stage = "extract"
        segments: list[Segment] = []
        children = 0
        chars = 0
        for out in extract(it, options):
            if isinstance(out, Item):
                children += 1
                if out.depth > options.archive_depth:
                    result.items.append(_row(out, SKIPPED, f"nesting deeper than --archive-depth {options.archive_depth}"))
                else:
                    _scan_node(out, options, detector, result, open_)
            elif isinstance(out, ItemInfo):
                it = it.with_(timestamps={**it.timestamps, **out.timestamps}, meta={**it.meta, **out.meta})
            elif out.text and out.text.strip():
                chars += len(out.text)
                if chars > options.max_text_chars:
                    raise errors.Skipped(f"more text than --max-text-chars ({options.max_text_chars})")
                segments.append(out)
        stage = "detect"
        result.bytes += sum(len(s.text) for s in segments)
        result.findings.extend(detector.detect(it, segments))
        status = OK if segments or children else NO_TEXT
        message = None if status == OK else "no text found"
        result.items.append(_row(it, status, message))
    except ItemTimeout:
        raise
    except errors.ItemProblem as e:
        result.items.append(_row(it, e.status, str(e)))
    except MemoryError:
        result.items.append(_row(it, ERROR, f"{stage}: out of memory"))
    except Exception as e:  # a crash in a parser is one item's error, never the scan's
        result.items.append(_row(it, ERROR, f"{stage}: {_describe(e)}"))
    open_.nodes.pop()


def describe_detector() -> dict:
    """The detector's versions and packs for run.json (runs in a worker, where the detector lives)."""
    return _DETECTOR.describe() if hasattr(_DETECTOR, "describe") else {}
