"""pdscan register suggest: drafts for undocumented findings that `register check` accepts."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import yaml
from click.testing import CliRunner

from pdscan.cli import main
from pdscan.paths import data_dir

REGISTER = str(data_dir("examples") / "acme-it-register.yaml")


def _share(tmp_path):
    share = tmp_path / "share"
    (share / "ansatte" / "lonn").mkdir(parents=True)
    (share / "website" / "contact-form").mkdir(parents=True)
    old = share / "ansatte" / "lonn" / "liste.txt"
    old.write_text("Lønnsliste: Kari Nordmann, kari.nordmann@example.org, konto 1503.45.67891\n")
    two_years = (datetime.now(timezone.utc) - timedelta(days=800)).timestamp()
    os.utime(old, (two_years, two_years))
    (share / "website" / "contact-form" / "form.txt").write_text("Ola Hansen, ola.hansen@example.org\n")
    return share


def test_suggest_drafts_what_no_activity_covers_and_check_accepts_it(scan_paths, tmp_path):
    store = scan_paths(_share(tmp_path))
    draft = tmp_path / "draft.yaml"
    res = CliRunner().invoke(main, ["register", "suggest", str(store.path), "--register", REGISTER, "-o", str(draft)])
    assert res.exit_code == 0, res.output
    text = draft.read_text()
    assert "kari" not in text.lower() and "1503" not in text  # no values, only places and categories
    activities = yaml.safe_load(text)["activities"]
    by_id = {a["id"]: a for a in activities}
    assert set(by_id) == {"draft-ansatte-lonn"}  # the contact form is declared (inquiries), the pay list is not
    a = by_id["draft-ansatte-lonn"]
    assert a["locations"] == [{"path": "**/ansatte/lonn/**"}]
    assert a["data_subjects"] == ["employees"]
    assert "user.contact.email" in a["data_categories"]
    assert "suggested P3Y from modified" in a["retention"][0]["as_declared"]  # median age 800 days -> 3 years
    check = CliRunner().invoke(main, ["register", "check", str(draft)])
    assert check.exit_code == 0, check.output
    # The draft, as a register, covers the place: a scan held against it says needs_review, not undocumented.
    from pdscan.register import evaluate, load_register

    v = evaluate(store, load_register(draft))
    assert set(v[v.uri.str.contains("lonn")].verdict) == {"needs_review"}


def test_without_a_register_every_finding_is_drafted_and_the_html_shows_suggestions(scan_paths, tmp_path):
    store = scan_paths(_share(tmp_path))
    res = CliRunner().invoke(main, ["register", "suggest", str(store.path)])
    assert res.exit_code == 0, res.output
    ids = {a["id"] for a in yaml.safe_load(res.output)["activities"]}
    assert ids == {"draft-ansatte-lonn", "draft-website-contact-form"}
    html = tmp_path / "r.html"
    assert CliRunner().invoke(main, ["report", str(store.path), "--register", REGISTER, "-o", str(html)]).exit_code == 0
    assert "Suggested register entries" in html.read_text()
