"""CSV and TSV: dialect sniffed from a sample, any encoding, rows streamed as labelled lines."""
from __future__ import annotations

import csv
import sys
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import table_segments
from .text import open_text

DELIMITERS = ",;\t|"
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # one huge quoted field must not stop the file


def dialect_of(sample: str, media_type: str | None) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel_tab if media_type == "text/tab-separated-values" else csv.excel


@extractor(["text/csv", "text/tab-separated-values"])
def delimited(item: Item, options) -> Iterator[Segment]:
    with open_text(item) as fh:
        sample = fh.read(64 * 1024)
        # Cut the sample at the last full line so the sniffer does not see a half row.
        dialect = dialect_of(sample[: sample.rfind("\n") + 1] or sample, item.media_type)
        fh.seek(0)
        yield from table_segments(csv.reader(fh, dialect), field="table")
