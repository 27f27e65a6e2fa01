"""The name model on database column samples: distinct values once, bounded per column, none when a hint decides."""
from __future__ import annotations

from dataclasses import replace

from presidio_analyzer import RecognizerResult

from pdscan.detect.column_ner import column_names
from pdscan.detect.ner import NerRunner, load_settings
from pdscan.model import Item, Segment

SETTINGS = load_settings()


class _Recording:
    """Stands in for a name model to record the rows it is asked to read: every capitalised row is a name."""

    def __init__(self):
        self.seen: list[str] = []

    def pipe(self, texts):
        return [self._names(t) for t in texts]

    def _names(self, text):
        out, pos = [], 0
        for line in text.split("\n"):
            if not line.startswith("column: "):
                self.seen.append(line)
                if line[:1].isupper():
                    out.append(RecognizerResult("PERSON", pos, pos + len(line), 0.85,
                                                recognition_metadata={"reason": "model"}))
            pos += len(line) + 1
        return out


def _column(header: str, values: list[str]) -> tuple[str, str, str]:
    return ("\n".join([f"column: {header}", *values]), "en", f"column:{header.rsplit('.', 1)[-1]}")


def test_each_distinct_value_is_read_once_and_found_on_every_row():
    model = _Recording()
    seg = _column("orders.contact", ["Kari Nordmann", "Per Hansen", "Kari Nordmann", "Kari Nordmann"])
    first = _column("orders.contact", ["Per Hansen", "Ola Vik"])  # a second segment of the same column
    out = column_names(NerRunner({"en": model}, SETTINGS), [seg, first, ("Hello Kari", "en", "")])
    # the prose segment goes to the model elsewhere (the engine), so only the column's values are seen here
    assert sorted(model.seen) == ["Kari Nordmann", "Ola Vik", "Per Hansen"]
    assert [seg[0][r.start:r.end] for r in out[0]] == ["Kari Nordmann", "Per Hansen", "Kari Nordmann", "Kari Nordmann"]
    assert [first[0][r.start:r.end] for r in out[1]] == ["Per Hansen", "Ola Vik"]
    assert 2 not in out  # prose is not a column sample
    assert all("of the column sample" not in r.recognition_metadata["reason"] for r in out[0])


def test_a_column_whose_hint_decides_is_not_read():
    model = _Recording()
    out = column_names(NerRunner({"en": model}, SETTINGS), [_column("customer.first_name", ["Kari", "Per"])])
    assert model.seen == [] and out == {0: []}


def test_distinct_values_are_bounded_and_the_reason_says_so():
    model = _Recording()
    settings = replace(SETTINGS, column_distinct_values=2)
    seg = _column("orders.contact", ["Kari Nordmann", "Per Hansen", "Ola Vik", "Kari Nordmann"])
    out = column_names(NerRunner({"en": model}, settings), [seg])
    assert model.seen == ["Kari Nordmann", "Per Hansen"]
    assert [seg[0][r.start:r.end] for r in out[0]] == ["Kari Nordmann", "Per Hansen", "Kari Nordmann"]
    assert all("run on 2 of 3 distinct values" in r.recognition_metadata["reason"] for r in out[0])


def test_whole_detector_counts_rows_of_a_column_sample(detector):
    values = ["Thomas Miller", "Sarah Johnson", "Thomas Miller", "ZX-1200", "Sarah Johnson"]
    text = "\n".join(["column: orders.contact", *values])
    item = Item(uri="postgresql://db/orders.contact", kind="column")
    findings = detector.detect(item, [Segment(text, field="column:contact", rows=len(values), prose=False)])
    person = [f for f in findings if f.entity == "PERSON"]
    assert len(person) == 1 and person[0].rows_matched == 4 and person[0].rows_sampled == 5
    assert len(person[0].hashes) == 2
