"""Scan options and limits, with defaults; every limit is also a CLI flag."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScanOptions:
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    show_data: bool = False  # raw values in snippets; off unless the operator asks
    max_file_size: int = 512 * 1024 * 1024  # bytes; larger items are `skipped`
    max_text_chars: int = 50_000_000  # per item, after extraction
    archive_depth: int = 5  # nesting of containers (archives, attachments, embedded objects)
    archive_members: int = 10_000  # members read per archive
    archive_ratio: float = 200.0  # expanded / compressed; above it the member is a zip bomb
    archive_total: int = 2 * 1024 * 1024 * 1024  # bytes expanded per top-level item
    pdf_pages: int = 2_000
    item_timeout: int = 600  # seconds per top-level item (0 = none)
    sample_rows: int | None = 10_000  # database rows per table; None = all
    languages: tuple[str, ...] = ("en", "nb", "nn")
    ner: bool = True  # run the spaCy/NorNE name models where they pay
    # Address space per worker process (bytes, 0 = none; pdscan.run.limits): a parser that runs away with
    # memory fails its item with an `error` row. 1 GiB keeps every process's peak RSS under 1 GiB.
    max_memory: int = 1 << 30
    checkpoint: float = 5.0  # seconds between durable parts of the store (a crash loses at most the items done since)
    extra: dict = field(default_factory=dict)  # connector-specific options (date column, ...)
