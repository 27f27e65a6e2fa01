"""Column samples -> segments: one row per line, rows counted, prose columns one value per segment."""
from __future__ import annotations

from pdscan.extract import column
from pdscan.model import Item
from pdscan.options import ScanOptions


def col_item(values: list[str], name: str = "email") -> Item:
    return Item(uri=f"postgresql://h/db/public.Contacts.{name}", kind="column", media_type=column.COLUMN_MEDIA_TYPE,
                name=name, meta={"table": "Contacts", "column": name}, payload=column.encode(values))


def test_structured_values_are_one_row_per_line_in_bounded_segments():
    values = [f"user{i}@example.org" for i in range(column.ROWS_PER_SEGMENT + 3)] + ["two\nlines"]
    segs = list(column.column_sample(col_item(values, "EMail"), ScanOptions()))
    assert [s.rows for s in segs] == [column.ROWS_PER_SEGMENT, 4]
    assert all(not s.prose and s.field == "column:e_mail" for s in segs)
    # A header line naming the column, then exactly one line per row.
    assert all(s.text.split("\n")[0] == "column: contacts.e_mail" for s in segs)
    assert sum(len(s.text.split("\n")) - 1 for s in segs) == len(values)
    assert segs[-1].text.endswith("two lines")


def test_free_text_columns_are_prose_one_value_each():
    notes = ["Education includes a BA in psychology from Colorado State University in 1970.",
             "She also completed a course in business correspondence and is fluent in French."]
    segs = list(column.column_sample(col_item(notes, "notes"), ScanOptions()))
    assert [(s.text, s.rows, s.prose) for s in segs] == [(n, 1, True) for n in notes]


def test_empty_column_gives_no_segments():
    assert list(column.column_sample(col_item([]), ScanOptions())) == []
