"""Database column samples: one value per line, in segments that say how many rows they stand for.

The payload is a JSON list of the column's non-empty values as text (the database connectors write it).
Structured values (names, e-mails, numbers) become `prose=False` segments with a header line naming the
column, then one row per line, so the engine can count matching rows line by line; long free text (notes, descriptions) is
`prose=True`, one value per segment, so the name models read it as sentences.
"""
from __future__ import annotations

import json
from typing import Iterator

from ..detect.column_hints import normalise_name
from ..model import Item, Segment
from ..plugins import extractor

COLUMN_MEDIA_TYPE = "application/x-pdscan-column+json"
# First line of a structured column segment; every following line is one row. Class recognisers see only
# the text, so this is how the column-values recogniser knows the column (and the snippet shows it).
COLUMN_HEADER = "column: "
ROWS_PER_SEGMENT = 500
# A column reads as prose when its values are sentences, not codes or names.
PROSE_MEAN_WORDS = 8


def encode(values: list[str]) -> bytes:
    return json.dumps(values, ensure_ascii=False).encode("utf-8")


def is_prose(values: list[str]) -> bool:
    return bool(values) and sum(len(v.split()) for v in values) / len(values) >= PROSE_MEAN_WORDS


def column_label(item: Item) -> str:
    """`customer.first_name`: normalised, so the context scorer finds the words in `FirstName` or `tlfNr`."""
    column = normalise_name(item.meta.get("column") or item.name or "")
    table = normalise_name(item.meta.get("table") or "")
    return f"{table}.{column}" if table else column


@extractor([COLUMN_MEDIA_TYPE])
def column_sample(item: Item, options) -> Iterator[Segment]:
    values: list[str] = json.loads(item.read())
    label = column_label(item)
    field = f"column:{label.rsplit('.', 1)[-1]}"
    if is_prose(values):
        for v in values:
            yield Segment(v, field=field, rows=1, prose=True)
        return
    for i in range(0, len(values), ROWS_PER_SEGMENT):
        # One row per line: a newline inside a value would make one row count twice.
        chunk = [" ".join(v.split()) for v in values[i:i + ROWS_PER_SEGMENT]]
        # The header line names the column for recognisers that only see text (see COLUMN_HEADER).
        yield Segment("\n".join([f"{COLUMN_HEADER}{label}", *chunk]), field=field, rows=len(chunk), prose=False)
