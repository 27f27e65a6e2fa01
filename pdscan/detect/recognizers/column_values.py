"""Names, birth dates and addresses in database columns: the column-name hint plus the shape of each value.

A name model is weak on isolated values ("Astrid", "Gonçalves"), and no pattern can tell a name or a birth
date from any other word or date. In a column whose name says what it holds (detectors/column_hints.yaml,
hints with a `value_shape`), a value of the right shape is the finding: each matching row is one result,
scored 0.5 + the hint's boost, and the reason names both pieces of evidence. It acts only on column-sample
segments (pdscan/extract/column.py: a `column: table.column` header line, then one row per line).
"""
from __future__ import annotations

import re
from datetime import date

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ...extract.column import COLUMN_HEADER
from ..column_hints import Hint, hint_for, hints
from ..registry import recognizer

LANGUAGES = ("en", "nb", "nn")
SHAPE_SCORE = 0.5

# Lower-case particles inside names: "Ludwig van Beethoven", "Maria da Silva", "Kari av Rønningen".
_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "af", "av", "bin", "al"}
_NAME_TOKEN = re.compile(r"[^\W\d_]{2,}(?:['’-][^\W\d_]+)*")
_DATE = re.compile(r"(?:(\d{4})-(\d{2})-(\d{2})|(\d{2})\.(\d{2})\.(\d{4}))(?:[ T][\d:.+Z-]*)?")


def name_shape(value: str) -> str | None:
    tokens = value.split()
    if not 1 <= len(tokens) <= 5 or not all(_NAME_TOKEN.fullmatch(t) for t in tokens):
        return None
    named = [t for t in tokens if t.lower() not in _PARTICLES]
    if not named or not all(t[0].isupper() for t in named):
        return None
    return "capitalised name" if len(tokens) == 1 else f"capitalised name ({len(tokens)} words)"


def date_shape(value: str) -> str | None:
    m = _DATE.fullmatch(value)
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    try:
        when = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    return "a past date" if date(1890, 1, 1) <= when <= date.today() else None


def address_shape(value: str) -> str | None:
    # A street address has a name and a number: "Ullevålsveien 14", "1498 rue Bélanger", "Av. Paulista, 2170".
    if len(value) > 200 or not re.search(r"[^\W\d_]{3,}", value) or not re.search(r"\d", value):
        return None
    return "street and number" if len(value.split()) >= 2 else None


SHAPES = {"name": name_shape, "date": date_shape, "address": address_shape}


@recognizer
class ColumnValuesRecognizer(EntityRecognizer):
    def __init__(self, language: str = "en"):
        entities = sorted({h.entity for h in hints() if h.value_shape})
        super().__init__(supported_entities=entities, name="ColumnValues", supported_language=language, version="1")

    @classmethod
    def instances(cls) -> list["ColumnValuesRecognizer"]:
        return [cls(lang) for lang in LANGUAGES]

    def load(self) -> None:
        """The hints are read once (cached) from the pack; nothing to load."""

    def can_match(self, text: str) -> bool:
        return text.startswith(COLUMN_HEADER)

    def analyze(self, text: str, entities=None, nlp_artifacts=None) -> list[RecognizerResult]:
        if not self.can_match(text):
            return []
        header, _, body = text.partition("\n")
        table, _, column = header[len(COLUMN_HEADER):].rpartition(".")
        hint = hint_for(column, table)
        if hint is None or hint.value_shape not in SHAPES or (entities and hint.entity not in entities):
            return []
        shape, results, pos = SHAPES[hint.value_shape], [], len(header) + 1
        for line in body.split("\n"):
            described = shape(line) if line else None
            if described:
                results.append(self._result(hint, header[len(COLUMN_HEADER):], described, pos, pos + len(line)))
            pos += len(line) + 1
        return results

    def _result(self, hint: Hint, column: str, described: str, start: int, end: int) -> RecognizerResult:
        reason = f"{self.name}: column-name hint '{column}' ({hint.label}) + value shape ({described})"
        meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "reason": reason}
        if hint.category:
            meta["category"] = hint.category
        return RecognizerResult(hint.entity, start, end, min(1.0, SHAPE_SCORE + hint.boost), recognition_metadata=meta)
