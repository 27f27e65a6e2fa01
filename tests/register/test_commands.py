"""`pdscan register check` and `pdscan scan --register/--fail-on`: exit codes and messages."""
from __future__ import annotations

import os
import time

from click.testing import CliRunner

from pdscan.cli import main
from pdscan.paths import data_dir
from pdscan.register import read_verdicts

EXAMPLE = str(data_dir("examples") / "acme-it-register.yaml")


def test_check_valid_register():
    res = CliRunner().invoke(main, ["register", "check", EXAMPLE])
    assert res.exit_code == 0, res.output
    assert "valid, 17 activities (4 with a fixed period or review cycle, 13 with none stated" in res.output
    assert "recruitment" in res.output and "P0D after end of the recruitment" in res.output


def test_check_broken_register_exits_2_with_file_line_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(open(EXAMPLE, encoding="utf-8").read().replace("duration: P30D", "duration: P30X"))
    (tmp_path / "acme-it-recruitments.csv").write_text("key,end\n")
    res = CliRunner().invoke(main, ["register", "check", str(bad)])
    assert res.exit_code == 2
    assert f"{bad}:" in res.output and "activities[0].retention[0].duration: 'P30X' is not an ISO 8601" in res.output


def test_scan_rejects_a_bad_register_before_scanning(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("activities: []\n")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["scan", str(tmp_path), "-o", str(out), "--register", str(bad)])
    assert res.exit_code == 2 and "should be non-empty" in res.output
    assert not out.exists()


def test_fail_on_needs_a_register_and_known_verdicts(tmp_path):
    res = CliRunner().invoke(main, ["scan", str(tmp_path), "-o", str(tmp_path / "o"), "--fail-on", "overdue"])
    assert res.exit_code == 2 and "--fail-on needs --register FILE" in res.output
    res = CliRunner().invoke(main, ["scan", str(tmp_path), "-o", str(tmp_path / "o"), "--register", EXAMPLE,
                                    "--fail-on", "late"])
    assert res.exit_code == 2 and "valid values are" in res.output and "overdue" in res.output


def test_scan_with_register_writes_verdicts_and_fails_on(tmp_path):
    share = tmp_path / "share" / "website" / "contact-form"
    share.mkdir(parents=True)
    (share / "form.txt").write_text("Name: Kari Nordmann\nE-mail: kari.nordmann@example.no\n")
    out = tmp_path / "out"
    args = ["scan", str(tmp_path / "share"), "-o", str(out), "-w", "1", "--no-ner", "--register", EXAMPLE]
    res = CliRunner().invoke(main, args + ["--fail-on", "overdue,undocumented"])
    assert res.exit_code == 0, res.output  # written just now: within 30 days
    assert "verdicts: 0 special_without_basis, 0 overdue, 0 undocumented, 0 needs_review, 1 covered" in res.output
    assert list(read_verdicts(out).activity) == ["inquiries"]
    res = CliRunner().invoke(main, args + ["--fail-on", "covered"])
    assert res.exit_code == 2  # covered is not a failure one can ask for
    old = time.time() - 31 * 86400
    os.utime(share / "form.txt", (old, old))
    res = CliRunner().invoke(main, args + ["--fail-on", "overdue,undocumented"])
    assert res.exit_code == 1, res.output
    assert "fail-on: 1 overdue" in res.output
