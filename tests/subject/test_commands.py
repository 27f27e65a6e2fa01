"""`pdscan subject locate` and `verify-deletion` across real parts: files, mail, SQLite and PostgreSQL."""
import json
import stat
import uuid
from functools import partial

import pytest
from click.testing import CliRunner

from pdscan.cli import main
from pdscan.options import ScanOptions
from pdscan.run import scan
from pdscan.subject.identifiers import build_identifiers
from pdscan.subject.matcher import SubjectDetector

from .conftest import IDENTIFIER_ARGS, PERSON, contract_paragraphs, write_customers_csv, write_docx

RAW_VALUES = ("ase.bjornstad", "ASE.BJORNSTAD", "15838549990", "158385 49990", "Bjørnstad", "778812", "406 12 345")


def run(*args):
    return CliRunner().invoke(main, ["subject", *args], catch_exceptions=False)


def sources_of(planted, pg):
    return [str(planted / "share"), str(planted / "kundeservice.mbox"), f"sqlite:///{planted / 'crm.sqlite'}", pg["uri"]]


def expected_places(planted, pg) -> dict[str, set[str]]:
    """Where the person was planted, with the identifiers each place holds."""
    msg = f"{planted / 'kundeservice.mbox'}#/faktura-1@example.no"
    lite = f"sqlite:///{planted / 'crm.sqlite'}#orders"
    db = f"postgresql://127.0.0.1:5432/{pg['db']}/public.members"
    return {
        str(planted / "share" / "leieavtale.docx"): {"name", "national_id"},
        str(planted / "share" / "kunder.csv"): {"name", "email", "phone", "id:customer_no"},
        msg: {"name", "email"},
        f"{msg}/attachments/kvittering.txt": {"phone", "id:customer_no"},
        f"{lite}.customer_no": {"id:customer_no"},
        f"{lite}.email": {"email"},
        f"{db}.full_name": {"name"},
        f"{db}.email": {"email"},
        f"{db}.national_id": {"national_id"},
    }


def test_locate_fresh_finds_every_place_and_nothing_else(planted, postgres_members):
    r = run("locate", *sources_of(planted, postgres_members), *IDENTIFIER_ARGS, "--json", "-w", "1")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    found = {m["uri"]: set(m["identifiers"]) for m in out["matches"]}
    assert found == expected_places(planted, postgres_members)
    message = next(m for m in out["matches"] if m["uri"].endswith("faktura-1@example.no"))
    assert message["kind"] == "message" and message["timestamp"].startswith("2026-03-02")
    assert all(0 < m["confidence"] <= 1 and m["reason"] for m in out["matches"])
    assert out["searched"]["unreadable"] == [] and out["searched"]["items"] >= 13
    assert not any(v in r.output for v in RAW_VALUES)


def test_human_output_shows_kinds_and_masked_values_only(planted):
    r = run("locate", str(planted / "share"), *IDENTIFIER_ARGS, "-w", "1")
    assert r.exit_code == 0, r.output
    assert "found in 2 places" in r.output and "identifiers: email, id:customer_no, name, phone" in r.output
    assert not any(v in r.output for v in RAW_VALUES)


def test_several_workers_give_the_same_places(planted):
    one = run("locate", str(planted / "share"), str(planted / "kundeservice.mbox"), *IDENTIFIER_ARGS, "--json", "-w", "1")
    two = run("locate", str(planted / "share"), str(planted / "kundeservice.mbox"), *IDENTIFIER_ARGS, "--json", "-w", "2")
    rows = lambda r: sorted((m["uri"], tuple(m["identifiers"])) for m in json.loads(r.output)["matches"])  # noqa: E731
    assert rows(one) == rows(two) and len(rows(one)) == 4


def test_export_package_holds_the_persons_own_data_privately(planted, tmp_path):
    out = tmp_path / "request-17"
    r = run("locate", str(planted / "share"), str(planted / "kundeservice.mbox"), *IDENTIFIER_ARGS,
            "--export", str(out), "-w", "1")
    assert r.exit_code == 0, r.output
    index = json.loads((out / "index.json").read_text())
    assert len(index["matches"]) == 4 and index["excerpts"].startswith("raw")
    assert index["searched"]["sources"] == [str(planted / "share"), str(planted / "kundeservice.mbox")]
    docx_row = next(m for m in index["matches"] if m["uri"].endswith("leieavtale.docx"))
    assert "Bjørnstad, Åse Kristin" in (out / docx_row["excerpts_file"]).read_text()
    for f in [out / "index.json", out / "index.csv", *(out / "excerpts").iterdir()]:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert not any(v in r.output for v in RAW_VALUES)


def test_verify_deletion_lists_exactly_what_remains(planted, postgres_members):
    write_docx(planted / "share" / "leieavtale.docx", contract_paragraphs(False))
    postgres_members["delete"]()
    r = run("verify-deletion", *sources_of(planted, postgres_members), *IDENTIFIER_ARGS, "--json", "-w", "1")
    assert r.exit_code == 1, r.output
    out = json.loads(r.output)
    remaining = {m["uri"] for m in out["remaining"]}
    expected = {u for u in expected_places(planted, postgres_members)
                if not u.endswith("leieavtale.docx") and "postgresql://" not in u}
    assert out["result"] == "remaining" and remaining == expected


def test_verify_deletion_clean_gives_a_dated_summary(planted):
    write_docx(planted / "share" / "leieavtale.docx", contract_paragraphs(False))
    write_customers_csv(planted / "share" / "kunder.csv", False)
    r = run("verify-deletion", str(planted / "share"), *IDENTIFIER_ARGS, "-w", "1")
    assert r.exit_code == 0, r.output
    assert "3 items in" in r.output and "no trace of email, phone, national_id, name, id:customer_no" in r.output
    assert r.output[:4].isdigit()  # the summary is dated


def test_an_unreadable_item_makes_the_result_inconclusive(planted):
    write_docx(planted / "share" / "leieavtale.docx", contract_paragraphs(False))
    write_customers_csv(planted / "share" / "kunder.csv", False)
    (planted / "share" / "skadet.docx").write_bytes(b"PK\x03\x04" + b"word/document.xml" + b"\x00" * 64)
    r = run("verify-deletion", str(planted / "share"), *IDENTIFIER_ARGS, "--json", "-w", "1")
    assert r.exit_code == 4, r.output
    out = json.loads(r.output)
    assert out["result"] == "inconclusive" and out["remaining"] == []
    assert [u["uri"] for u in out["searched"]["unreadable"]] == [str(planted / "share" / "skadet.docx")]


@pytest.mark.parametrize("args, message", [
    (["locate", "--email", "a@example.no"], "either SOURCE"),
    (["locate", "/tmp", "--store", "/tmp", "--email", "a@example.no"], "either SOURCE"),
    (["locate", "/tmp", "--name", "Åse"], "given name and a surname"),
    (["verify-deletion", "/tmp"], "at least one identifier"),
    (["verify-deletion", "/tmp", "--email", "a@example.no", "--sample-rows", "100"], "every database row"),
    (["verify-deletion", "/tmp", "--email", "a@example.no", "--category", "health"], "without person identifiers"),
    (["verify-deletion", "/tmp", "--category", "helth"], "unknown category 'helth'"),
    (["verify-deletion", "/tmp", "--category", "user.contact.email.work"], "unknown category"),
])
def test_usage_errors_exit_2(args, message):
    r = run(*args)
    assert r.exit_code == 2 and message in r.output, r.output


def test_store_of_another_key_is_a_usage_error(planted, tmp_path, monkeypatch):
    out = tmp_path / "store"
    scan([str(planted / "share")], out, ScanOptions(workers=1), progress=False,
         detector_factory=partial(SubjectDetector, build_identifiers(emails=[PERSON["email"]])))
    assert run("locate", "--store", str(out), "--email", PERSON["email"], "--json").exit_code == 0
    monkeypatch.setenv("PDSCAN_KEY_FILE", str(tmp_path / "other.key"))
    r = run("locate", "--store", str(out), "--email", PERSON["email"])
    assert r.exit_code == 2 and "another key" in r.output


REGISTER = """\
activities:
  - id: customer-service
    name: Customer service
    purpose: Answer customers
    role: controller
    data_subjects: [customers]
    data_categories: [user.name, user.contact]
    legal_basis: [contract]
    locations:
      - path: "**/kunder.csv"
    retention:
      none_stated: true
      as_declared: as long as the customer relationship lasts
"""


def test_register_names_each_places_activity_and_verdict(planted, tmp_path):
    reg = tmp_path / "register.yaml"
    reg.write_text(REGISTER)
    r = run("locate", str(planted / "share"), "--email", PERSON["email"], "--name", PERSON["name"],
            "--national-id", PERSON["national_id"], "--register", str(reg), "--json", "-w", "1")
    assert r.exit_code == 0, r.output
    rows = {m["uri"].rsplit("/", 1)[-1]: m for m in json.loads(r.output)["matches"]}
    assert (rows["kunder.csv"]["activity"], rows["kunder.csv"]["verdict"]) == ("customer-service", "needs_review")
    assert (rows["leieavtale.docx"]["activity"], rows["leieavtale.docx"]["verdict"]) == (None, "undocumented")


def test_an_invalid_register_is_a_usage_error(planted, tmp_path):
    reg = tmp_path / "register.yaml"
    reg.write_text("activities: [{id: x}]\n")
    r = run("locate", str(planted / "share"), "--email", PERSON["email"], "--register", str(reg))
    assert r.exit_code == 2 and "register.yaml" in r.output


def test_locate_says_what_else_is_held_where_the_person_appears(planted):
    (planted / "share" / "lunsj.txt").write_text("Lunsj til Åse Bjørnstad: glutenfri, hun har cøliaki.\n",
                                                 encoding="utf-8")
    r = run("locate", str(planted / "share"), "--name", PERSON["name"], "--json", "-w", "1")
    assert r.exit_code == 0, r.output
    entities = {m["uri"].rsplit("/", 1)[-1]: m["entities"] for m in json.loads(r.output)["matches"]}
    assert "HEALTH" in entities["lunsj.txt"]
    assert "NO_FODSELSNUMMER" in entities["leieavtale.docx"] and "HEALTH" not in entities["leieavtale.docx"]
    assert "referat.txt" not in entities  # the engine runs only where the person is


def test_a_database_that_cannot_be_read_is_never_clean():
    missing = f"postgresql://postgres@127.0.0.1:5432/pdscan_t_missing_{uuid.uuid4().hex[:8]}"
    r = run("verify-deletion", missing, "--email", PERSON["email"], "--json", "-w", "1")
    assert r.exit_code == 4, r.output
    out = json.loads(r.output)
    assert out["result"] == "inconclusive" and out["searched"]["unreadable"][0]["status"] == "error"
