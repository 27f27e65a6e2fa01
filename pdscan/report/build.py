"""The report's data, built from a store (and optionally verdicts and a previous scan) for every renderer.

`Report.as_dict()` is the stable JSON shape documented in the README; the other renderers read the
frames, where each finding carries its verdict columns when there are verdicts.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import UsageError
from ..register.model import VERDICTS
from ..register.verdicts import FILE as VERDICTS_FILE
from ..store import Store, load
from .compare import Comparison, compare

ITEM_FIELDS = ("uri", "parent", "kind", "media_type", "size", "modified", "status", "message")
FINDING_FIELDS = ("uri", "entity", "category", "special", "score", "count", "reason", "snippet")
VERDICT_FIELDS = ("uri", "entity", "category", "verdict", "activity", "detail")
VERDICT_COLUMNS = ("verdict", "activity", "selector", "detail", "overdue_days", "rows_overdue")
INTEGER_FIELDS = {"size", "count", "overdue_days", "rows_overdue"}

# VERDICTS is most severe first: when the register gives one finding several verdicts, the report shows the worst.
ACTION_VERDICTS = VERDICTS[:3]


@dataclass(frozen=True)
class Report:
    run: dict
    items: pd.DataFrame
    findings: pd.DataFrame  # store columns, plus VERDICT_COLUMNS when verdicts is not None
    verdicts: pd.DataFrame | None = None
    comparison: Comparison | None = None
    register: str | None = None

    def as_dict(self) -> dict:
        out = {
            "run": self.run,
            "items": records(self.items, ITEM_FIELDS),
            "findings": records(self.findings, FINDING_FIELDS),
        }
        if self.verdicts is not None:
            out["verdicts"] = records(self.verdicts, VERDICT_FIELDS)
        if self.comparison is not None:
            c = self.comparison
            out["comparison"] = {name: records(getattr(c, name), ("id",) + FINDING_FIELDS)
                                 for name in ("new", "resolved", "unchanged")}
        return out

    @property
    def show_data(self) -> bool:
        """True when the store was written with --show-data, so its snippets hold raw values."""
        return bool(self.run.get("options", {}).get("show_data"))


def column(series: pd.Series, integer: bool = False) -> list:
    """One column as JSON-ready Python values: NaN/NaT/NA -> None, timestamps -> ISO 8601, numpy -> Python."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.isoformat() for v in series]
    values = series.astype(object).where(series.notna(), None).tolist()
    return [None if v is None else int(v) for v in values] if integer else values


def records(df: pd.DataFrame, fields: tuple[str, ...]) -> list[dict]:
    cols = [column(df[f], f in INTEGER_FIELDS) if f in df.columns else [None] * len(df) for f in fields]
    return [dict(zip(fields, row)) for row in zip(*cols)]


def with_verdicts(findings: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    key = ["uri", "entity", "category"]
    rank = {v: i for i, v in enumerate(VERDICTS)}
    worst = (verdicts.assign(_rank=verdicts["verdict"].map(rank).fillna(len(rank)))
             .sort_values("_rank", kind="stable").drop_duplicates(key))
    cols = key + [c for c in VERDICT_COLUMNS if c in worst.columns]
    return findings.merge(worst[cols], how="left", on=key)


def load_verdicts(store: Store, register: str | os.PathLike | None = None) -> pd.DataFrame | None:
    """Verdicts from `register` if given, else those the scan stored (OUT/verdicts.parquet), else None."""
    if register is None and not (store.path / VERDICTS_FILE).exists():
        return None
    try:
        from ..register import RegisterError, evaluate, load_register, read_verdicts
    except ImportError as e:
        raise UsageError(f"verdicts need the register module (pdscan.register), which is not available: {e}") from e
    try:
        return evaluate(store, load_register(register)) if register is not None else read_verdicts(store.path)
    except RegisterError as e:
        raise UsageError(str(e)) from e


def build_report(out: str | os.PathLike, register: str | os.PathLike | None = None,
                 previous: str | os.PathLike | None = None) -> Report:
    """The report over the store at `out`; `register` adds verdicts, `previous` compares with an older scan."""
    store = load(out)
    verdicts = load_verdicts(store, register)
    findings = store.findings if verdicts is None else with_verdicts(store.findings, verdicts)
    comparison = None
    if previous is not None:
        before = load(previous)
        keys = store.run.get("key_id"), before.run.get("key_id")
        if all(keys) and keys[0] != keys[1]:
            raise UsageError(f"cannot compare with {previous}: its values were hashed with another key "
                             f"(key id {keys[1]}, this scan has {keys[0]}), so every finding would look new")
        comparison = compare(findings, before.findings, before.run)
    return Report(run=store.run, items=store.items, findings=findings, verdicts=verdicts, comparison=comparison,
                  register=str(Path(register)) if register is not None else None)
