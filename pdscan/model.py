"""The stages' data: Source -> Item -> Segment -> Finding (-> verdicts and reports, which are tables:
see pdscan.register and pdscan.report).

Every type is a frozen dataclass so a stage cannot change what an earlier one produced, and every
type pickles, so items and results cross process boundaries unchanged.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, BinaryIO

# Item statuses, as stored in items.parquet.
OK, ERROR, UNSCANNABLE, NO_TEXT, SKIPPED = "ok", "error", "unscannable", "no_text", "skipped"
STATUSES = (OK, ERROR, UNSCANNABLE, NO_TEXT, SKIPPED)


@dataclass(frozen=True)
class Item:
    """One thing with its own provenance: a file, a message, an attachment, an archive member, a column.

    Bytes come either from `path` (read lazily, read-only, in the worker that scans the item) or from
    `payload` (already in memory: a mail message, an archive member, a column sample).
    """

    uri: str
    kind: str  # file, message, attachment, member, embedded, column, ...
    parent: str | None = None
    media_type: str | None = None  # sniffed from content when None
    name: str | None = None  # file name as the container gave it, for sniffing and reports
    size: int | None = None
    modified: datetime | None = None
    timestamps: dict[str, Any] = field(default_factory=dict)  # sent, received, row dates, ...
    meta: dict[str, Any] = field(default_factory=dict)  # parties, folder, row counts, ... (no raw PII by default)
    path: str | None = None
    payload: bytes | None = None
    depth: int = 0  # container nesting depth

    def open(self) -> BinaryIO:
        if self.payload is not None:
            return io.BytesIO(self.payload)
        if self.path is None:
            raise ValueError(f"item {self.uri} has no content")
        return open_readonly(self.path)

    def read(self, limit: int | None = None) -> bytes:
        with self.open() as fh:
            return fh.read() if limit is None else fh.read(limit)

    def head(self, n: int = 8192) -> bytes:
        if self.payload is not None:
            return self.payload[:n]
        return self.read(n)

    def child(self, suffix: str, kind: str, **kw: Any) -> "Item":
        """A contained item: its uri extends this one's container chain."""
        from .names import quote_name  # member and attachment names are bytes too (see pdscan.names)

        sep = "/" if "#" in self.uri else "#"
        return Item(uri=f"{self.uri}{sep}{quote_name(suffix, keep_percent=True)}", kind=kind, parent=self.uri, depth=self.depth + 1, **kw)

    def with_(self, **kw: Any) -> "Item":
        return replace(self, **kw)


def open_readonly(path: str) -> BinaryIO:
    """Open a source file for reading without updating its access time where the OS allows."""
    flags = os.O_RDONLY | getattr(os, "O_NOATIME", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:  # O_NOATIME needs ownership of the file; fall back to a plain read
        fd = os.open(path, os.O_RDONLY)
    return os.fdopen(fd, "rb")


@dataclass(frozen=True)
class ItemInfo:
    """What an extractor learns about the item it reads that its source could not know (the Date header of
    an .eml file on a share): an extractor may yield it beside Segments and Items; the worker merges it into
    the item's timestamps and meta before the item's row is written."""

    timestamps: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A piece of text with its place in the item: body, subject, a header, a cell, a column sample."""

    text: str
    field: str = "body"
    language: str | None = None  # en, nb, nn; None until detected
    offset: int = 0
    # Column samples: how many rows this text stands for, so findings can say "matched N of M rows".
    rows: int | None = None
    prose: bool = True  # False for structured values (cells, headers, logs): NER only where it pays


@dataclass(frozen=True)
class ItemResult:
    """What scanning one item produced: its final status and the status message."""

    item: Item
    status: str = OK
    message: str | None = None


@dataclass(frozen=True)
class Finding:
    """One kind of personal data in one item (aggregated over its occurrences)."""

    uri: str
    entity: str
    category: str
    score: float
    count: int
    reason: str
    snippet: str  # masked unless the operator asked for --show-data
    hashes: tuple[str, ...] = ()  # keyed hashes of the distinct normalised values
    special: str | None = None  # Art. 9 category key, or "art10"
    field: str = "body"
    language: str | None = None
    test_data: bool = False
    rows_matched: int | None = None
    rows_sampled: int | None = None
