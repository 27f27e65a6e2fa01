"""Database column samples: one value per line, in segments that say how many rows they stand for.

The payload is a JSON list of the column's non-empty values as text (the database connectors write it).
Structured values (names, e-mails, numbers) become `prose=False` segments, so pattern recognisers run on
them and the engine can count matching rows line by line; long free text (notes, descriptions) is
`prose=True`, one value per segment, so the name models read it as sentences.
"""
from __future__ import annotations

import json
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor

COLUMN_MEDIA_TYPE = "application/x-pdscan-column+json"
ROWS_PER_SEGMENT = 500
# A column reads as prose when its values are sentences, not codes or names.
PROSE_MEAN_WORDS = 8


def encode(values: list[str]) -> bytes:
    return json.dumps(values, ensure_ascii=False).encode("utf-8")


def is_prose(values: list[str]) -> bool:
    return bool(values) and sum(len(v.split()) for v in values) / len(values) >= PROSE_MEAN_WORDS


def field_name(item: Item) -> str:
    return f"column:{item.meta.get('column') or item.name}"


@extractor([COLUMN_MEDIA_TYPE])
def column_sample(item: Item, options) -> Iterator[Segment]:
    values: list[str] = json.loads(item.read())
    field = field_name(item)
    if is_prose(values):
        for v in values:
            yield Segment(v, field=field, rows=1, prose=True)
        return
    for i in range(0, len(values), ROWS_PER_SEGMENT):
        # One row per line: a newline inside a value would make one row count twice.
        chunk = [" ".join(v.split()) for v in values[i:i + ROWS_PER_SEGMENT]]
        yield Segment("\n".join(chunk), field=field, rows=len(chunk), prose=False)
