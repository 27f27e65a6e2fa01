"""A real scan (the session detector) rendered in every format: masked evidence, never the raw values."""
from __future__ import annotations

import pytest

from pdscan.report import build_report

from .render import render

RAW = ["kari.nordmann@example.no", "+47 412 34 567"]


@pytest.fixture
def scanned(scan_paths, tmp_path):
    share = tmp_path / "share" / "sales"
    share.mkdir(parents=True)
    (share / "lead.txt").write_text(f"New lead: write to {RAW[0]} or call {RAW[1]} before Friday.\n")
    (share / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return scan_paths(tmp_path / "share")


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html"])
def test_reports_of_a_real_scan_hold_no_raw_values(scanned, fmt):
    report = build_report(scanned.path)
    assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= set(report.findings["entity"]), report.findings
    text = render(report, fmt)
    for value in RAW:
        assert value not in text
    assert "lead.txt" in text
    assert ("broken.docx" in text) == (fmt != "csv")  # the CSV lists findings only; the others unread items too
    snippet = report.findings.loc[report.findings["entity"] == "EMAIL_ADDRESS", "snippet"].iloc[0]
    assert "*" in snippet
    if fmt != "md":  # without a register the Markdown summary quotes evidence only for special categories
        assert snippet.replace("<", "&lt;").replace(">", "&gt;") in text if fmt == "html" else snippet in text
