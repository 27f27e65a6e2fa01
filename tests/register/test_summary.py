"""The terminal summary: every verdict counted, actions per verdict, most urgent first."""
from __future__ import annotations

import pandas as pd

from pdscan.register.summary import counts_line, top_actions, verdict_counts


def frame(rows):
    df = pd.DataFrame(rows, columns=["uri", "entity", "verdict", "overdue_days"])
    df["overdue_days"] = df["overdue_days"].astype("Int64")
    return df


ROWS = [("/s/a", "PERSON", "overdue", 5), ("/s/a", "EMAIL_ADDRESS", "overdue", 5), ("/s/b", "PERSON", "overdue", 90),
        ("/s/c", "PERSON", "overdue", 1), ("/s/d", "HEALTH", "special_without_basis", None),
        ("/s/e", "PERSON", "covered", None), ("/s/f", "PERSON", "needs_review", None)]


def test_counts_list_every_verdict_most_urgent_first():
    assert verdict_counts(frame(ROWS)) == {"special_without_basis": 1, "overdue": 4, "undocumented": 0,
                                           "needs_review": 1, "covered": 1}
    assert counts_line(frame(ROWS)).startswith("1 special_without_basis, 4 overdue, 0 undocumented")


def test_top_actions_per_verdict():
    lines = top_actions(frame(ROWS), per_verdict=2)
    assert lines == [
        "special_without_basis: /s/d (1 findings) -> declare an Art. 9(2) basis (or Art. 10 authority) or delete",
        "overdue: /s/a (2 findings, 5 days overdue) -> delete (past its declared retention)",
        "overdue: /s/b (1 findings, 90 days overdue) -> delete (past its declared retention)",
        "needs_review: /s/f (1 findings) -> review: no fixed retention, or a review is due",
    ]
    assert top_actions(frame([ROWS[5]])) == []
