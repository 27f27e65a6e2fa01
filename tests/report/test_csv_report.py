from __future__ import annotations

import csv
import io

from pdscan.report import build_report

from .render import render
from .stores import FINDINGS, write_store


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_finding_without_verdict_columns(store):
    out = rows(render(build_report(store), "csv"))
    assert len(out) == len(FINDINGS)
    assert list(out[0]) == ["uri", "entity", "category", "special", "score", "count", "reason", "snippet", "field"]


def test_verdict_columns_when_there_are_verdicts(judged):
    out = rows(render(judged, "csv"))
    assert {"verdict", "activity", "selector", "detail", "overdue_days"} <= set(out[0])
    overdue = [r for r in out if r["verdict"] == "overdue"]
    assert len(overdue) == 1 and overdue[0]["overdue_days"] == "600" and overdue[0]["activity"] == "contact_form"
    assert next(r for r in out if r["verdict"] == "undocumented")["activity"] == ""


def test_untrusted_text_cannot_become_a_spreadsheet_formula(judged):
    out = rows(render(judged, "csv"))
    snippets = {r["snippet"] for r in out}
    assert "'=HYPERLINK(\"x\") p************o" in snippets
    assert not any(s.startswith(("=", "+", "-", "@")) for r in out for s in r.values())
    assert "<script>alert(1)</script> has d******s" in snippets  # CSV is data: kept verbatim


def test_comparison_adds_a_change_column_and_the_resolved_rows(tmp_path):
    before = write_store(tmp_path / "before", findings=FINDINGS[1:])
    after = write_store(tmp_path / "after", findings=FINDINGS[:-1])
    out = rows(render(build_report(after, previous=before), "csv"))
    changes = [(r["uri"], r["entity"], r["change"]) for r in out]
    assert (FINDINGS[0].uri, FINDINGS[0].entity, "new") in changes
    assert (FINDINGS[-1].uri, FINDINGS[-1].entity, "resolved") in changes
    assert sum(c == "unchanged" for *_, c in changes) == len(FINDINGS) - 2
    assert len(out) == len(FINDINGS)
