"""The report data: the documented JSON shape, plain values, and where verdicts come from."""
from __future__ import annotations

import sys

import pandas as pd
import pytest

from pdscan.errors import UsageError
from pdscan.report import build_report
from pdscan.report.build import load_verdicts, with_verdicts
from pdscan.store import load

from .stores import FINDINGS, ITEMS, ROOT, verdict_frame

# The shape the README documents; spelled out here so a change to it fails a test.
ITEM_KEYS = ["uri", "parent", "kind", "media_type", "size", "modified", "status", "message"]
FINDING_KEYS = ["uri", "entity", "category", "special", "score", "count", "reason", "snippet"]
VERDICT_KEYS = ["uri", "entity", "category", "verdict", "activity", "detail"]


def test_the_dict_has_the_documented_shape(store):
    d = build_report(store).as_dict()
    assert list(d) == ["run", "items", "findings"]
    assert [list(i) for i in d["items"]] == [ITEM_KEYS] * len(ITEMS)
    assert [list(f) for f in d["findings"]] == [FINDING_KEYS] * len(FINDINGS)
    assert d["run"]["sources"] == [ROOT]


def test_values_are_plain_json_values(store):
    d = build_report(store).as_dict()
    leads = next(i for i in d["items"] if i["uri"].endswith("leads.csv"))
    assert leads == {"uri": f"{ROOT}/sales/leads.csv", "parent": None, "kind": "file", "media_type": None,
                     "size": 1234, "modified": "2024-03-01T00:00:00+00:00", "status": "ok", "message": None}
    email = next(f for f in d["findings"] if f["uri"].endswith("leads.csv") and f["entity"] == "EMAIL_ADDRESS")
    assert email["count"] == 2 and isinstance(email["count"], int) and email["special"] is None
    assert email["score"] == pytest.approx(0.85)


def test_verdicts_are_listed_with_their_documented_keys(judged):
    d = judged.as_dict()
    assert [list(v) for v in d["verdicts"]] == [VERDICT_KEYS] * len(FINDINGS)
    undocumented = next(v for v in d["verdicts"] if v["verdict"] == "undocumented")
    assert undocumented["activity"] is None and undocumented["uri"].endswith("archive.zip#old/cv.docx")


def test_a_finding_with_several_verdicts_shows_the_most_severe(store):
    findings = load(store).findings
    v = verdict_frame()
    leads_email = v[(v["uri"].str.endswith("leads.csv")) & (v["entity"] == "EMAIL_ADDRESS")]
    doubled = pd.concat([leads_email.assign(verdict="covered"), v], ignore_index=True)
    joined = with_verdicts(findings, doubled)
    assert len(joined) == len(findings)
    row = joined[(joined["uri"].str.endswith("leads.csv")) & (joined["entity"] == "EMAIL_ADDRESS")]
    assert row["verdict"].tolist() == ["overdue"]


def test_stored_verdicts_are_used_without_a_register(store):
    from pdscan.register import write_verdicts

    assert build_report(store).verdicts is None
    write_verdicts(store, verdict_frame())
    report = build_report(store)
    assert sorted(report.findings["verdict"]) == sorted(verdict_frame()["verdict"])
    assert report.as_dict()["verdicts"][0]["detail"]


def test_a_broken_register_is_a_usage_error_naming_the_file(store, tmp_path):
    bad = tmp_path / "register.yaml"
    bad.write_text("activities: [\n")
    with pytest.raises(UsageError, match="register.yaml"):
        load_verdicts(load(store), bad)


def test_a_missing_register_module_is_a_usage_error(store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pdscan.register", None)  # as if the module were not installed
    with pytest.raises(UsageError, match="register module"):
        load_verdicts(load(store), tmp_path / "register.yaml")
