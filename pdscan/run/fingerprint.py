"""Fingerprints for incremental scans (`scan --baseline`): what must be equal for an item's earlier findings
to stand, and what must be equal for an earlier scan's findings to mean the same thing (the detector).

A fingerprint is a short string; content enters it only as a keyed hash (pdscan.store.keys), never as text.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..model import Item, open_readonly
from ..paths import data_dir
from ..store.keys import key_id, secret

META_KEY = "fingerprint"  # where a top-level item's fingerprint is kept: its row's meta in items.parquet
_CHUNK = 1 << 20
# Options that change what is found (not how fast): a baseline scanned with other values is not reused.
_DETECTION_OPTIONS = ("show_data", "max_file_size", "max_text_chars", "archive_depth", "archive_members",
                      "archive_ratio", "archive_total", "pdf_pages", "sample_rows", "languages", "ner")


def _keyed(data: bytes | None = None, path: str | None = None) -> str:
    h = hmac.new(secret(), digestmod=hashlib.sha256)
    if data is not None:
        h.update(data)
    else:
        with open_readonly(path) as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
    return h.hexdigest()[:32]


def stat_untrustworthy(st: os.stat_result, now: float | None = None) -> bool:
    """size + mtime + inode cannot prove a file unchanged: an mtime in the future (a clock or a copy tool
    set it) or one of whole seconds (FAT, SMB, some NAS: a same-size rewrite within the same second keeps it)."""
    now = time.time() if now is None else now
    return st.st_mtime_ns > int(now * 1e9) + 1_000_000_000 or st.st_mtime_ns % 1_000_000_000 == 0


def file_fingerprint(path: str) -> str:
    st = os.stat(path)
    fp = f"file:{st.st_size}:{st.st_mtime_ns}:{st.st_dev}:{st.st_ino}"
    if stat_untrustworthy(st):
        fp += ":" + _keyed(path=path)
    return fp


def item_fingerprint(item: Item) -> str | None:
    """A top-level item's fingerprint, or None when nothing proves it unchanged (it is scanned again).

    Local files: stat (plus content where stat is not enough); items read into memory (SMB files, messages
    of a mailbox): their bytes; database columns: their table's row count and newest key or date."""
    try:
        if item.payload is not None:
            if item.kind == "column":
                table = item.meta.get("table_fingerprint")
                return f"column:{table}:{item.meta.get('type')}" if table else None
            # a message's Message-ID is in its uri (its identity); its bytes are the rest
            return f"bytes:{len(item.payload)}:{_keyed(item.payload)}"
        if item.path is not None:
            return file_fingerprint(item.path)
    except OSError:  # gone or unreadable since it was listed: scan it and let the worker say why
        return None
    return None


def source_fingerprint(path: str) -> str | None:
    """A single-file source (an mbox, a PST): unchanged, every message inside it is reused without parsing."""
    try:
        return file_fingerprint(path) if os.path.isfile(path) else None
    except OSError:
        return None


def detector_fingerprint(options, detector=None, detector_factory=None) -> str:
    """What the findings depend on besides the items: pdscan's version, the key, the rule packs and models
    (their bytes), the detector and extractor code, and the detection options."""
    h = hashlib.sha256(f"{__version__}\0{key_id()}\0".encode())
    for folder in (data_dir("detectors"), data_dir("models"), Path(__file__).resolve().parents[1] / "detect",
                   Path(__file__).resolve().parents[1] / "extract"):
        for p in sorted(folder.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    opts = asdict(options)
    h.update(repr([(k, opts[k]) for k in _DETECTION_OPTIONS]).encode())
    h.update(repr(sorted((opts.get("extra") or {}).get("date_columns", {}).items())).encode())
    for custom in (detector, detector_factory):
        if custom is not None:
            h.update(f"{type(custom).__module__}.{getattr(custom, '__qualname__', type(custom).__qualname__)}".encode())
    return h.hexdigest()[:24]
