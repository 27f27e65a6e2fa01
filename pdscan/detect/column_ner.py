"""The name model on database column samples: each distinct value once, as its own text, and at most
`column_distinct_values` distinct values per column.

A 10,000-row sample repeats its values (first names, cities) and the model's cost grows with the text it
reads: the distinct values are read as one sample text, one per line, and the results go to every row
holding the value. When the column-name hint already decides (`first_name`: every value of name shape is a PERSON,
pdscan/detect/recognizers/column_values.py), the model is not run at all. When a column has more distinct
values than the bound, the first ones in sample order are read and the reason says the count comes from them.
"""
from __future__ import annotations

from presidio_analyzer import RecognizerResult

from ..extract.column import COLUMN_HEADER
from .column_hints import hint_for
from .ner import NerRunner, split_at_lines
from .person import refine

REASON_KEY = "reason"


def is_column_sample(text: str) -> bool:
    return text.startswith(COLUMN_HEADER)


def _hint_decides(header: str, entities: frozenset[str]) -> bool:
    table, _, column = header[len(COLUMN_HEADER):].rpartition(".")
    hint = hint_for(column, table)
    return hint is not None and hint.value_shape is not None and hint.entity in entities


def _rows(text: str):
    """(start offset, value) of each row after the header line."""
    pos = text.index("\n") + 1 if "\n" in text else len(text)
    for line in text[pos:].split("\n"):
        yield pos, line
        pos += len(line) + 1


def column_names(runner: NerRunner, segments: list[tuple[str, str, str]]) -> dict[int, list[RecognizerResult]]:
    """For each column-sample segment (index into `segments`): its name results, with offsets in its text.
    Segments of the same column (one header) share the distinct values and the bound."""
    by_column: dict[tuple[str, str], list[int]] = {}
    for i, (text, language, _) in enumerate(segments):
        if is_column_sample(text):
            by_column.setdefault((text.partition("\n")[0], language), []).append(i)
    out: dict[int, list[RecognizerResult]] = {i: [] for idxs in by_column.values() for i in idxs}
    limit = runner.settings.column_distinct_values
    for (header, language), idxs in by_column.items():
        if _hint_decides(header, runner.settings.entities):
            continue
        distinct = list(dict.fromkeys(v for i in idxs for _, v in _rows(segments[i][0]) if v.strip()))
        sample = distinct[:limit]
        note = (f" (name model run on {len(sample)} of {len(distinct)} distinct values of the column sample:"
                f" the count comes from them)" if len(distinct) > len(sample) else "")
        # The distinct values read as one column sample, one per line: the model tags a value better with
        # its neighbours in view ("Bossa Nova" alone reads as a person, among "Rock" and "Jazz" it does not).
        text = "\n".join([header, *sample])
        found = [part for r in runner.analyze([(text, language)])[0] for part in split_at_lines(r, text)]
        names: dict[str, list[RecognizerResult]] = {}
        for r in refine(text, found, runner.settings, complete=False):
            line_start = text.rfind("\n", 0, r.start) + 1
            value = text[line_start:text.find("\n", r.start) if "\n" in text[r.start:] else len(text)]
            names.setdefault(value, []).append(_noted(_moved(r, -line_start), note))
        for i in idxs:
            for pos, value in _rows(segments[i][0]):
                out[i].extend(_moved(r, pos) for r in names.get(value, ()))
    return out


def _noted(r: RecognizerResult, note: str) -> RecognizerResult:
    if not note:
        return r
    meta = dict(r.recognition_metadata or {})
    meta[REASON_KEY] = (meta.get(REASON_KEY) or str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))) + note
    return RecognizerResult(r.entity_type, r.start, r.end, r.score, r.analysis_explanation, meta)


def _moved(r: RecognizerResult, offset: int) -> RecognizerResult:
    return RecognizerResult(r.entity_type, r.start + offset, r.end + offset, r.score, r.analysis_explanation,
                            r.recognition_metadata)
