"""`pdscan demo` end to end: each case of the estate gets the verdict the privacy notice implies."""
from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from pdscan.cli import main
from pdscan.demo.estate import build_estate
from pdscan.paths import data_dir
from pdscan.demo.run import case_verdict, run_demo
from pdscan.detect.validators import no_fodselsnummer
from pdscan.plugins import renderers
from pdscan.register import VERDICTS, read_verdicts


@pytest.fixture(scope="module")
def demo(detector, tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("demo"), detector=detector)


def test_every_case_gets_the_verdict_the_notice_implies(demo):
    wrong = [(c.uri, c.expect, case_verdict(demo.verdicts, c)) for c in demo.cases
             if case_verdict(demo.verdicts, c) != c.expect]
    assert not wrong
    assert {c.expect for c in demo.cases} == set(VERDICTS)


def _verdicts_at(demo, part):
    v = demo.verdicts
    return v[v.uri.str.contains(part, regex=False)]


def test_the_story(demo):
    form = _verdicts_at(demo, "website/contact-form/submission-")
    old = form[form.verdict == "overdue"]
    assert set(old.activity) == {"inquiries"} and (old.overdue_days == 45).all()
    assert "P30D from modified" in old.detail.iloc[0]
    food = _verdicts_at(demo, "sikkerhetsseminar")
    food = food[food.special.notna()]
    assert set(food.verdict) == {"overdue"} and "end of the event" in food.detail.iloc[0]
    assert "Art. 9(2) basis: explicit_consent" in food.detail.iloc[0]
    cvs = _verdicts_at(demo, "2024-senior-developer")
    assert set(cvs.verdict) == {"overdue"} and "acme-it-recruitments.csv" in cvs.detail.iloc[0]
    health = _verdicts_at(demo, "/sales/meetings/")
    health = health[health.special == "health"]
    assert set(health.verdict) == {"special_without_basis"} and set(health.activity) == {"customers-suppliers-partners"}
    payroll = _verdicts_at(demo, "/hr/personnel/")
    assert set(payroll.verdict) == {"undocumented"}
    assert "NO_FODSELSNUMMER" in set(payroll.entity)
    inquiry = _verdicts_at(demo, "/mail/post.mbox#")
    assert set(inquiry.activity) == {"inquiries"} and set(inquiry.selector) == {"mail address=post@example.no"}
    crm = _verdicts_at(demo, "crm.db#contacts.")
    assert set(crm.verdict) == {"needs_review"} and (crm.rows_overdue >= 2).all()


def test_outputs_are_kept_beside_the_store(demo):
    assert (demo.root / "estate" / "share").is_dir()
    stored = read_verdicts(demo.store)
    assert len(stored) == len(demo.verdicts) and set(stored.verdict) == set(VERDICTS)
    if "html" in renderers():
        assert demo.report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_estate_ages_and_synthetic_data(tmp_path):
    today = datetime(2026, 6, 1, tzinfo=timezone.utc).date()
    share, crm, cases = build_estate(tmp_path, today)
    old_form = next(c for c in cases if "contact-form/submission-2026-03-18" in c.uri)
    assert datetime.fromtimestamp(os.stat(old_form.uri).st_mtime, timezone.utc).date() == datetime(2026, 3, 18).date()
    assert (share / "events" / "2025-12-23-sikkerhetsseminar").is_dir()
    assert crm == f"sqlite:///{(tmp_path / 'crm.db').resolve()}"
    text = (data_dir("examples") / "demo" / "estate.yaml").read_text(encoding="utf-8")
    assert set(re.findall(r"@([\w.]+\w)", text)) <= {"example.no", "example.com"}
    phones = re.findall(r"(?<![\d.])(\d{3}) \d{2} \d{3}(?!\d)", text)
    assert phones and all(p.startswith("4") for p in phones)
    fnrs = re.findall(r"(?<!\d)\d{11}(?!\d)", text)
    assert fnrs and all(no_fodselsnummer(f) is not None and no_fodselsnummer(f).test_data for f in fnrs)  # Tenor
    accounts = re.findall(r"\d{4}\.\d{2}\.\d{5}", text)
    assert accounts and all(a.startswith("9999.") for a in accounts)  # the test bank code


def test_demo_command_keeps_everything_with_out(tmp_path):
    out = tmp_path / "demo-out"
    res = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert res.exit_code == 0, res.output
    for verdict in VERDICTS:
        assert f"  {verdict} " in res.output
    assert "!! " not in res.output and "Top actions:" in res.output
    assert (out / "scan" / "verdicts.parquet").exists() and (out / "estate" / "share" / "sales").is_dir()
    again = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert again.exit_code == 2 and "is not empty" in again.output


def test_demo_command_cleans_up_by_default(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    res = CliRunner().invoke(main, ["demo"])
    assert res.exit_code == 0, res.output
    assert "pdscan demo --out demo-out" in res.output
    assert list(tmp_path.iterdir()) == []
