"""Comparison by stable finding identity: row order does not matter, values do."""
from __future__ import annotations

import dataclasses
import json

import pytest

from pdscan.errors import UsageError
from pdscan.report import build_report
from pdscan.report.compare import finding_id

from .stores import FINDINGS, ITEMS, finding, write_store


def test_identity_ignores_hash_order_but_not_field_or_values():
    a = finding_id("/s/a.txt", "EMAIL_ADDRESS", "body", ["email:1", "email:2"])
    assert a == finding_id("/s/a.txt", "EMAIL_ADDRESS", "body", ["email:2", "email:1"])
    assert a != finding_id("/s/a.txt", "EMAIL_ADDRESS", "subject", ["email:1", "email:2"])
    assert a != finding_id("/s/a.txt", "EMAIL_ADDRESS", "body", ["email:1"])
    assert a != finding_id("/s/b.txt", "EMAIL_ADDRESS", "body", ["email:1", "email:2"])


def test_the_same_findings_in_another_order_are_unchanged(tmp_path):
    before = write_store(tmp_path / "before")
    after = write_store(tmp_path / "after", items=list(reversed(ITEMS)), findings=list(reversed(FINDINGS)))
    c = build_report(after, previous=before).comparison
    assert (len(c.new), len(c.resolved), len(c.unchanged)) == (0, 0, len(FINDINGS))


def test_added_removed_and_changed_findings(tmp_path):
    before = write_store(tmp_path / "before")
    removed, changed, *kept = FINDINGS
    added = finding("events/2024/signup.csv", "EMAIL_ADDRESS", "user.contact.email", ["new@example.no"], "n*************o")
    changed_now = dataclasses.replace(changed, hashes=changed.hashes + ("phone:another",))
    after = write_store(tmp_path / "after", findings=[*kept, changed_now, added])
    c = build_report(after, previous=before).comparison
    assert sorted(c.new["uri"]) == sorted([added.uri, changed.uri])
    assert sorted(zip(c.resolved["uri"], c.resolved["entity"])) == sorted(
        [(removed.uri, removed.entity), (changed.uri, changed.entity)])
    assert len(c.unchanged) == len(kept)
    assert c.previous_run["started"] == "2026-11-01T08:00:00+00:00"


def test_scans_hashed_with_different_keys_cannot_be_compared(tmp_path):
    before, after = write_store(tmp_path / "before"), write_store(tmp_path / "after")
    for out, key in ((before, "aaaa1111"), (after, "bbbb2222")):
        run = json.loads((out / "run.json").read_text())
        (out / "run.json").write_text(json.dumps({**run, "key_id": key}))
    with pytest.raises(UsageError, match="hashed with another key"):
        build_report(after, previous=before)
