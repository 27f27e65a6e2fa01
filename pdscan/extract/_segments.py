"""Shared by the extractors: text lines grouped into bounded Segments, and table rows as labelled lines.

Tables become one line per row with each value next to its column header
(`First name: Ola; Last name: Nordmann; Phone: 412 34 567`), so detectors see the context words that a
bare cell lacks. Rows are streamed; only one segment (at most SEGMENT_CHARS) is held at a time.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from itertools import chain, islice
from typing import Any, Iterable, Iterator

from ..model import Segment

SEGMENT_CHARS = 64 * 1024
HEADER_SCAN = 20  # rows looked at to find the header row (title rows may come first)
NUMBER = re.compile(r"[-+]?[\d\s.,:/%]+")


def lines_to_segments(lines: Iterable[str], field: str = "body", prose: bool = True) -> Iterator[Segment]:
    """Group lines into segments of at most ~SEGMENT_CHARS characters; a longer line is split."""
    buf: list[str] = []
    size = offset = 0
    for line in lines:
        while len(line) > SEGMENT_CHARS:
            yield Segment(line[:SEGMENT_CHARS], field=field, offset=offset, prose=prose)
            offset += SEGMENT_CHARS
            line = line[SEGMENT_CHARS:]
        if buf and size + len(line) > SEGMENT_CHARS:
            text = "\n".join(buf)
            yield Segment(text, field=field, offset=offset, prose=prose)
            offset += len(text) + 1
            buf, size = [], 0
        buf.append(line)
        size += len(line) + 1
    if buf:
        yield Segment("\n".join(buf), field=field, offset=offset, prose=prose)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def _is_header(cells: list[str], widest: int, below: list[list[str]]) -> bool:
    """Labels fill most columns, are not numbers, and do not recur as values below them (which tells a
    header from the first row of a headerless table such as `token<TAB>tag` lines)."""
    filled = [c for c in cells if c]
    if not filled or 4 * len(filled) < 3 * widest or any(NUMBER.fullmatch(c) for c in filled):
        return False
    return not any(j < len(row) and c and row[j] == c for row in below for j, c in enumerate(cells))


def table_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """One line per non-empty row, each value labelled with its column header when a header row exists."""
    rows = iter(rows)
    first = [[cell_text(c) for c in row] for row in islice(rows, HEADER_SCAN)]
    widest = max((sum(1 for c in r if c) for r in first), default=0)
    at = next((i for i, r in enumerate(first) if _is_header(r, widest, first[i + 1:])), None)
    header: list[str] = []
    for i, cells in enumerate(chain(first, ([cell_text(c) for c in row] for row in rows))):
        if i == at:
            header = cells
            yield "; ".join(c for c in cells if c)
            continue
        labelled = [f"{header[j]}: {c}" if j < len(header) and header[j] else c for j, c in enumerate(cells) if c]
        if labelled:
            yield "; ".join(labelled)


def table_segments(rows: Iterable[Iterable[Any]], field: str = "table") -> Iterator[Segment]:
    yield from lines_to_segments(table_lines(rows), field=field, prose=False)
