from __future__ import annotations

import json

from pdscan.report import build_report

from .render import render
from .stores import FINDINGS, finding, write_store


def test_json_is_the_report_dict(store):
    report = build_report(store)
    assert json.loads(render(report, "json")) == report.as_dict()


def test_json_holds_the_masked_snippets_not_the_values(judged):
    text = render(judged, "json")
    data = json.loads(text)
    assert "ola@example.no" not in text and "Kari Nordmann" not in text
    assert {f["snippet"] for f in data["findings"]} == {f.snippet for f in FINDINGS}
    assert len(data["verdicts"]) == len(FINDINGS)


def test_a_show_data_store_reports_what_it_holds(tmp_path):
    raw = finding("sales/leads.csv", "EMAIL_ADDRESS", "user.contact.email", ["ola@example.no"], "mail ola@example.no")
    report = build_report(write_store(tmp_path / "raw", findings=[raw], show_data=True))
    assert report.show_data
    assert json.loads(render(report, "json"))["findings"][0]["snippet"] == "mail ola@example.no"


def test_json_comparison_lists_findings_with_their_identity(tmp_path):
    before = write_store(tmp_path / "before", findings=FINDINGS[1:])
    after = write_store(tmp_path / "after", findings=FINDINGS[:-1])
    data = json.loads(render(build_report(after, previous=before), "json"))
    comparison = data["comparison"]
    assert list(comparison) == ["new", "resolved", "unchanged"]
    assert [(f["uri"], f["entity"]) for f in comparison["new"]] == [(FINDINGS[0].uri, FINDINGS[0].entity)]
    assert [(f["uri"], f["entity"]) for f in comparison["resolved"]] == [(FINDINGS[-1].uri, FINDINGS[-1].entity)]
    assert len(comparison["unchanged"]) == len(FINDINGS) - 2
    assert all(len(f["id"]) == 20 and f["snippet"] for part in comparison.values() for f in part)
