"""Short text summaries of verdicts, for the terminal (scan --register, register check, demo)."""
from __future__ import annotations

import pandas as pd

from .model import COVERED, NEEDS_REVIEW, OVERDUE, SPECIAL_WITHOUT_BASIS, UNDOCUMENTED, VERDICTS, Register

# What a DPO should do about each verdict, in the order they matter.
ACTIONS = {
    SPECIAL_WITHOUT_BASIS: "declare an Art. 9(2) basis (or Art. 10 authority) or delete",
    OVERDUE: "delete (past its declared retention)",
    UNDOCUMENTED: "declare an activity for it, or delete",
    NEEDS_REVIEW: "review: no fixed retention, or a review is due",
}


def verdict_counts(df: pd.DataFrame) -> dict[str, int]:
    """Findings per verdict, every verdict listed (zeros too), most urgent first."""
    counts = df["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def counts_line(df: pd.DataFrame) -> str:
    """`0 special_without_basis, 3 overdue, ...`"""
    return ", ".join(f"{n} {v}" for v, n in verdict_counts(df).items())


def top_actions(df: pd.DataFrame, per_verdict: int = 2) -> list[str]:
    """One line per place that needs action: for each verdict, most urgent first, the places with the
    most findings (the longest overdue among equals)."""
    todo = df[df["verdict"] != COVERED]
    if todo.empty:
        return []
    rank = {v: i for i, v in enumerate(VERDICTS)}
    groups = (todo.assign(_rank=todo["verdict"].map(rank))
              .groupby(["_rank", "verdict", "uri"], sort=False)
              .agg(findings=("entity", "size"), overdue=("overdue_days", "max"))
              .reset_index().sort_values(["_rank", "findings", "overdue"], ascending=[True, False, False]))
    lines = []
    for row in groups.groupby("_rank", sort=True).head(per_verdict).itertuples(index=False):
        late = f", {int(row.overdue)} days overdue" if row.verdict == OVERDUE and pd.notna(row.overdue) else ""
        lines.append(f"{row.verdict}: {row.uri} ({row.findings} findings{late}) -> {ACTIONS[row.verdict]}")
    return lines


def describe_register(register: Register) -> list[str]:
    """One line per activity: id, role, where, retention."""
    width = max(len(a.id) for a in register.activities)
    return [f"{a.id:<{width}}  {a.role:<10}  {'; '.join(map(str, a.locations))}  |  "
            f"{'; '.join(r.describe() for r in a.retention)}" for a in register.activities]
