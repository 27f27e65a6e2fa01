"""Locate from the store of an ordinary full scan (the real detection engine), and dataset-level deletion
checks by category."""
import json

from click.testing import CliRunner

from pdscan.cli import main
from pdscan.options import ScanOptions
from pdscan.run import scan
from pdscan.store import load

from .conftest import IDENTIFIER_ARGS, PERSON
from .test_commands import expected_places, sources_of


def test_locate_from_a_full_scans_store_without_rescanning(planted, postgres_members, detector, tmp_path):
    out = tmp_path / "scan-out"
    scan(sources_of(planted, postgres_members), out, ScanOptions(workers=1, sample_rows=None), progress=False,
         detector=detector)
    store = load(out)
    assert not store.findings["snippet"].str.contains(PERSON["email"]).any()  # no raw values were kept
    # Sources gone: the answer can only come from the store.
    for p in (planted / "share", planted / "kundeservice.mbox", planted / "crm.sqlite"):
        p.rename(p.with_name(p.name + ".moved"))
    r = CliRunner().invoke(main, ["subject", "locate", "--store", str(out), *IDENTIFIER_ARGS, "--json"])
    assert r.exit_code == 0, r.output
    found = {m["uri"]: set(m["identifiers"]) for m in json.loads(r.output)["matches"]}
    planted_at = expected_places(planted, postgres_members)
    assert set(found) <= set(planted_at)  # nothing outside the planted places (not the other person's)
    email_places = {u for u, ids in planted_at.items() if "email" in ids}
    assert {u for u, ids in found.items() if "email" in ids} == email_places
    docx = str(planted / "share" / "leieavtale.docx")
    assert "national_id" in found[docx]


def test_verify_deletion_of_a_category(tmp_path):
    event = tmp_path / "sommerfest"
    event.mkdir()
    (event / "program.txt").write_text("Program: grilling kl. 18, quiz kl. 20.\n", encoding="utf-8")
    (event / "pameldte.txt").write_text("Påmeldte:\nLunsj til Per: glutenfri, han har cøliaki.\n", encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["subject", "verify-deletion", str(event), "--category", "health", "--no-ner", "--json",
                             "-w", "1"])
    assert r.exit_code == 1, r.output
    out = json.loads(r.output)
    assert [m["uri"] for m in out["remaining"]] == [str(event / "pameldte.txt")] and out["result"] == "remaining"
    (event / "pameldte.txt").write_text("Kari Nordmann kommer.\n", encoding="utf-8")
    r = runner.invoke(main, ["subject", "verify-deletion", str(event), "--category", "health", "--no-ner", "-w", "1"])
    assert r.exit_code == 0 and "no trace of category health" in r.output, r.output
