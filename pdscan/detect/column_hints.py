"""Column-name hints and row-date column choice, from detectors/column_hints.yaml.

Used by the database connectors (which columns to read, the hint in each column item's meta) and by the
column-values recogniser (a hint plus the value shape is evidence for names, birth dates, addresses).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..paths import data_dir
from .packs import load_yaml


@dataclass(frozen=True)
class Hint:
    entity: str
    label: str
    pattern: re.Pattern
    exclude: re.Pattern | None
    value_shape: str | None = None  # name, date, address: see pdscan/detect/recognizers/column_values.py
    boost: float = 0.0  # added to the shape score
    category: str | None = None
    digits: int | None = None  # an identifier of this many digits: an integer column lost its leading zeros

    def as_meta(self, column: str) -> dict:
        return {"entity": self.entity, "label": self.label, "column": column}


@dataclass(frozen=True)
class RowDateRules:
    prefer: tuple[re.Pattern, ...]
    exclude: re.Pattern


def normalise_name(name: str) -> str:
    """`FirstName`, `first-name`, `FIRST_NAME` -> `first_name`; `EPostAdresse` -> `e_post_adresse`."""
    s = re.sub(r"([a-zæøå0-9])([A-ZÆØÅ])", r"\1_\2", name)
    s = re.sub(r"([A-ZÆØÅ]+)([A-ZÆØÅ][a-zæøå])", r"\1_\2", s)
    return re.sub(r"[^0-9a-zæøå]+", "_", s.lower()).strip("_")


@lru_cache(maxsize=1)
def _pack() -> dict:
    return load_yaml(data_dir("detectors") / "column_hints.yaml")


@lru_cache(maxsize=1)
def hints() -> tuple[Hint, ...]:
    out = []
    for h in _pack()["hints"]:
        exclude = re.compile(h["exclude"]) if h.get("exclude") else None
        out.append(Hint(h["entity"], h["label"], re.compile(h["pattern"]), exclude, h.get("value_shape"),
                        float(h.get("boost", 0.0)), h.get("category"), h.get("digits")))
    return tuple(out)


@lru_cache(maxsize=1)
def row_date_rules() -> RowDateRules:
    r = _pack()["row_dates"]
    return RowDateRules(tuple(re.compile(p) for p in r["prefer"]), re.compile(r["exclude"]))


def hint_for(column: str, table: str = "") -> Hint | None:
    """The first hint whose pattern matches the column name; exclusions also see the table name, so
    `Genre.Name` is not a person's name while `Customer.Name` is."""
    name = normalise_name(column)
    context = normalise_name(f"{table}_{column}") if table else name
    for h in hints():
        if h.pattern.search(name) and not (h.exclude and h.exclude.search(context)):
            return h
    return None


def row_date_rank(column: str) -> int | None:
    """Preference of a date-typed column as the table's row date (0 best), or None if it is not one."""
    name = normalise_name(column)
    rules = row_date_rules()
    if rules.exclude.search(name):
        return None
    for rank, p in enumerate(rules.prefer):
        if p.search(name):
            return rank
    return None
