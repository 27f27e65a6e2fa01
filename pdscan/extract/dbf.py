"""dBase tables (.dbf, as shipped with shapefiles and old business systems): rows labelled with field names."""
from __future__ import annotations

import struct
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import table_segments
from .text import guess_encoding


def dbf_rows(fh) -> Iterator[list[str]]:
    header = fh.read(32)
    if len(header) < 32:
        raise ValueError("truncated dBase header")
    records, header_len, record_len = struct.unpack_from("<IHH", header, 4)
    fields: list[tuple[str, int]] = []
    while True:
        desc = fh.read(32)
        if not desc or desc[0] == 0x0D or len(desc) < 32:
            break
        fields.append((desc[:11].split(b"\x00", 1)[0].decode("latin-1"), desc[16]))
    fh.seek(header_len)
    raw_rows = []
    yield [name for name, _ in fields]
    for _ in range(records):
        rec = fh.read(record_len)
        if not rec or len(rec) < record_len or rec[:1] == b"\x1a":  # a record length of 0 read nothing forever
            break
        if rec[:1] == b"*":  # deleted record
            continue
        pos, cells = 1, []
        for _, width in fields:
            cells.append(rec[pos:pos + width])
            pos += width
        raw_rows.append(cells)
        if len(raw_rows) >= 1000:
            yield from _decode(raw_rows)
            raw_rows = []
    yield from _decode(raw_rows)


def _decode(rows: list[list[bytes]]) -> Iterator[list[str]]:
    encoding = guess_encoding(b" ".join(c for row in rows for c in row)) if rows else "utf-8"
    for row in rows:
        yield [c.decode(encoding, errors="replace").strip() for c in row]


@extractor(["application/vnd.dbf", "application/x-dbf", "application/dbase"])
def dbf(item: Item, options) -> Iterator[Segment]:
    with item.open() as fh:
        yield from table_segments(dbf_rows(fh), field="table")
