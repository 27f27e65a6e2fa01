"""`pdscan report`: format choice, output, verdicts from a real register, --fail-on exit codes, --compare."""
from __future__ import annotations

import csv
import io
import json
import os

import pytest
from click.testing import CliRunner

from pdscan.cli import main
from pdscan.paths import data_dir
from pdscan.register import write_verdicts
from tests.report.stores import FINDINGS, ITEMS, ROOT, verdict_frame, write_store

# The register shipped with pdscan: the first customer's notice, encoded.
EXAMPLE_REGISTER = data_dir("examples") / "acme-it-register.yaml"


def invoke(*args):
    return CliRunner().invoke(main, ["report", *map(str, args)])


@pytest.fixture
def store(tmp_path):
    return write_store(tmp_path / "scan")


@pytest.fixture
def judged_store(store):
    write_verdicts(store, verdict_frame())
    return store


@pytest.mark.parametrize("name,check", [
    ("report.json", lambda t: json.loads(t)["run"]["sources"] == [ROOT]),
    ("report.csv", lambda t: len(list(csv.DictReader(io.StringIO(t)))) == len(FINDINGS)),
    ("report.md", lambda t: t.startswith("# Personal data report")),
    ("report.markdown", lambda t: t.startswith("# Personal data report")),
    ("report.html", lambda t: t.startswith("<!DOCTYPE html>")),
    ("REPORT.HTM", lambda t: t.startswith("<!DOCTYPE html>")),
])
def test_the_format_follows_the_output_file_extension(store, tmp_path, name, check):
    out = tmp_path / name
    r = invoke(store, "-o", out)
    assert r.exit_code == 0, r.output
    assert check(out.read_text(encoding="utf-8"))


def test_stdout_is_markdown_unless_a_format_is_given(store):
    r = invoke(store)
    assert r.exit_code == 0 and r.output.startswith("# Personal data report")
    r = invoke(store, "--format", "json", "-o", "-")
    assert r.exit_code == 0 and len(json.loads(r.output)["items"]) == len(ITEMS)


def test_format_overrides_the_extension(store, tmp_path):
    out = tmp_path / "report.txt"
    assert invoke(store, "-f", "csv", "-o", out).exit_code == 0
    assert out.read_text().startswith("uri,entity,category")


def test_invalid_values_list_the_valid_ones(store, tmp_path):
    r = invoke(store, "--format", "xml")
    assert r.exit_code == 2 and "valid formats are csv, html, json, md" in r.output
    r = invoke(store, "-o", tmp_path / "report.txt")
    assert r.exit_code == 2 and "give --format (csv, html, json, md)" in r.output
    r = invoke(store, "--fail-on", "overdue,late")
    assert r.exit_code == 2 and "unknown verdict late" in r.output and "special_without_basis" in r.output


def test_a_folder_that_is_not_a_store_is_a_usage_error(tmp_path):
    r = invoke(tmp_path)
    assert r.exit_code == 2 and "not a pdscan output folder" in r.output
    assert invoke(tmp_path / "missing").exit_code == 2


def test_fail_on_exits_1_when_such_verdicts_exist(judged_store):
    r = CliRunner().invoke(main, ["report", str(judged_store), "-f", "json", "--fail-on", "overdue,undocumented"])
    assert r.exit_code == 1
    assert "fail-on: 1 overdue, 1 undocumented" in r.stderr
    assert len(json.loads(r.stdout)["verdicts"]) == len(FINDINGS)  # the report is still written


def test_fail_on_exits_0_when_no_such_verdicts_exist(judged_store, tmp_path):
    write_verdicts(judged_store, verdict_frame().assign(verdict="covered"))
    r = invoke(judged_store, "--fail-on", "overdue,undocumented,special_without_basis", "-o", tmp_path / "r.md")
    assert r.exit_code == 0, r.output


def test_fail_on_without_verdicts_is_a_usage_error(store):
    r = invoke(store, "--fail-on", "overdue")
    assert r.exit_code == 2 and "--register" in r.output


def test_verdicts_from_the_example_register(store):
    r = CliRunner().invoke(main, ["report", str(store), "--register", str(EXAMPLE_REGISTER), "-f", "json",
                                  "--fail-on", "special_without_basis"])
    assert r.exit_code == 1, r.output
    verdicts = {(v["uri"][len(ROOT) + 1:], v["entity"]): v for v in json.loads(r.stdout)["verdicts"]}
    assert len(verdicts) == len(FINDINGS)
    # The notice's sales activity covers contact data but declares no Art. 9 basis.
    assert verdicts[("sales/leads.csv", "EMAIL_ADDRESS")]["activity"] == "customers-suppliers-partners"
    assert verdicts[("sales/health-note.docx", "HEALTH")]["verdict"] == "special_without_basis"
    # Recruitment is declared for hr/recruitment/, not for hr/ itself.
    assert verdicts[("hr/cv-kari.pdf", "PERSON")]["verdict"] == "undocumented"


def test_a_broken_register_is_a_usage_error(store, tmp_path):
    register = tmp_path / "broken-register.yaml"
    register.write_text(EXAMPLE_REGISTER.read_text().replace("role: controller", "role: owner", 1))
    r = invoke(store, "--register", register)
    assert r.exit_code == 2 and "broken-register.yaml:" in r.output and "role" in r.output


def test_compare_with_a_previous_scan(tmp_path):
    before = write_store(tmp_path / "before", findings=FINDINGS[1:])
    after = write_store(tmp_path / "after", findings=FINDINGS[:-1])
    r = invoke(after, "-f", "json", "--compare", before)
    assert r.exit_code == 0, r.output
    c = json.loads(r.output)["comparison"]
    assert [len(c[k]) for k in ("new", "resolved", "unchanged")] == [1, 1, len(FINDINGS) - 2]


def test_a_report_of_raw_data_is_readable_by_its_owner_only(tmp_path):
    raw = write_store(tmp_path / "raw", show_data=True)
    out = tmp_path / "raw.html"
    out.write_text("old")
    out.chmod(0o644)
    assert invoke(raw, "-o", out).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600 and "Raw personal data." in out.read_text()
    masked = tmp_path / "masked.html"
    old = os.umask(0o022)
    try:
        assert invoke(write_store(tmp_path / "masked"), "-o", masked).exit_code == 0
    finally:
        os.umask(old)
    assert masked.stat().st_mode & 0o777 == 0o644  # ordinary reports follow the umask
