"""Stores at the edges: nothing found, nothing scanned, database and mail URIs, a minimal run.json."""
from __future__ import annotations

import dataclasses
import json

import pytest

from pdscan.model import OK, Finding, Item
from pdscan.report import build_report
from pdscan.report.build import with_verdicts
from pdscan.report.summary import source_of
from pdscan.store import StoreWriter

from .render import render
from .stores import ITEMS, verdict_frame, write_store

FORMATS = ["json", "csv", "md", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_scan_without_findings(tmp_path, fmt):
    report = build_report(write_store(tmp_path / "clean", findings=[]))
    text = render(report, fmt)
    if fmt == "json":
        assert json.loads(text)["findings"] == [] and len(json.loads(text)["items"]) == len(ITEMS)
    elif fmt == "csv":
        assert text.splitlines() == ["uri,entity,category,special,score,count,reason,snippet,field"]
    else:
        assert "No personal data found." in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_scan_with_empty_verdicts(tmp_path, fmt):
    out = write_store(tmp_path / "empty", items=[], findings=[])
    report = build_report(out)
    empty = verdict_frame([])
    report = dataclasses.replace(report, verdicts=empty, findings=with_verdicts(report.findings, empty))
    text = render(report, fmt)
    assert text  # renders without error
    if fmt == "md":
        assert "None: every item was read." in text and "Nothing: every finding is covered" in text


def test_database_columns_and_mail_attachments_group_by_their_container(tmp_path):
    w = StoreWriter(tmp_path / "mixed")
    uris = ["postgresql://db1/crm/public.customers/email", "postgresql://db1/crm/public.customers/phone",
            "/exports/mail.pst#/Inbox/<id-1@x>/attachments/cv.pdf"]
    for uri in uris:
        w.add_item(Item(uri=uri, kind="column" if "://" in uri else "attachment"), OK)
    w.add_findings([Finding(uri=u, entity="EMAIL_ADDRESS", category="user.contact.email", score=0.9, count=3,
                            reason="r", snippet="a***b") for u in uris])
    w.close({"pdscan_version": "0.1.0", "sources": ["postgresql://scanner:***@db1/crm", "/exports/mail.pst"],
             "started": "2026-11-01T08:00:00+00:00", "ended": "2026-11-01T08:01:00+00:00"})
    html = render(build_report(tmp_path / "mixed"), "html")
    assert "postgresql://db1/crm/public.customers" in html
    assert "&lt;id-1@x&gt;/attachments/cv.pdf" in html  # the message path inside the PST, escaped
    sources = json.loads(render(build_report(tmp_path / "mixed"), "json"))["run"]["sources"]
    assert sources[0] == "postgresql://scanner:***@db1/crm"  # as masked by the scan
    assert source_of(uris[0], sources) == sources[0]
    assert source_of(uris[2], sources) == "/exports/mail.pst"


def test_a_minimal_run_json_still_renders(tmp_path):
    w = StoreWriter(tmp_path / "old")
    w.close({})
    for fmt in FORMATS:
        assert render(build_report(tmp_path / "old"), fmt)
