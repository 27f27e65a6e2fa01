"""Answering from a store through keyed hashes: no raw values needed, other keys refused, unread items listed."""
import json
from datetime import datetime, timezone

import pytest

from pdscan.model import ERROR, OK, Finding, Item
from pdscan.store import StoreWriter, load
from pdscan.store.keys import hash_value, key_id
from pdscan.subject.identifiers import build_identifiers
from pdscan.subject.lookup import KeyMismatch, locate_in_store

SENT = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def finding(uri, entity, value, score=0.85, category="user"):
    return Finding(uri=uri, entity=entity, category=category, score=score, count=1, reason="test recogniser",
                   snippet="…masked…", hashes=(hash_value(entity, value),))


@pytest.fixture
def store(tmp_path):
    """A store as a full scan writes it: only keyed hashes of what the engine found."""
    w = StoreWriter(tmp_path / "out")
    msg = Item(uri="mail.mbox#<1@x>", kind="message", timestamps={"sent": SENT})
    w.add_item(Item(uri="/share/a.docx", kind="file", modified=SENT), OK)
    w.add_item(msg, OK)
    w.add_item(Item(uri="/share/other.txt", kind="file"), OK)
    w.add_item(Item(uri="/share/locked.pdf", kind="file"), "unscannable", "encrypted PDF")
    w.add_findings([
        finding("/share/a.docx", "PERSON", "Nordmann, Ola"),
        finding("/share/a.docx", "HEALTH", "diabetes", category="user.health_and_medical"),
        finding("mail.mbox#<1@x>", "EMAIL_ADDRESS", "OLA@EXAMPLE.NO", score=1.0),
        finding("mail.mbox#<1@x>", "PERSON", "O. Nordmann"),
        finding("/share/other.txt", "PERSON", "Kari Nordmann"),
        finding("/share/other.txt", "EMAIL_ADDRESS", "kari@example.no"),
    ])
    w.close({"sources": ["/share", "mail.mbox"], "started": "s", "ended": "e", "key_id": key_id(),
             "detectors": {"engine": {}}})
    return load(tmp_path / "out")


def test_finds_every_place_by_hash_only(store):
    assert not any("Nordmann" in str(v) for v in store.findings.to_dict("records"))
    located = locate_in_store(store, build_identifiers(emails=["ola@example.no"], names=["Ola Nordmann"]))
    by_uri = {m.uri: m for m in located.matches}
    assert set(by_uri) == {"/share/a.docx", "mail.mbox#<1@x>"}
    assert by_uri["mail.mbox#<1@x>"].identifiers == ["email", "name"]
    assert by_uri["mail.mbox#<1@x>"].timestamp == SENT.isoformat()
    assert by_uri["mail.mbox#<1@x>"].kind == "message"
    assert by_uri["/share/a.docx"].entities == ["HEALTH", "PERSON"]
    assert "initial and surname" in by_uri["mail.mbox#<1@x>"].reason


def test_confidence_follows_the_name_form(store):
    located = locate_in_store(store, build_identifiers(names=["Ola Nordmann"]))
    conf = {m.uri: m.confidence for m in located.matches}
    assert conf["/share/a.docx"] > conf["mail.mbox#<1@x>"]


def test_searched_lists_sources_and_unread_items(store):
    s = locate_in_store(store, build_identifiers(emails=["nobody@example.no"]))
    assert s.matches == []
    assert s.searched.sources == ["/share", "mail.mbox"] and s.searched.items == 4
    assert s.searched.unreadable == [{"uri": "/share/locked.pdf", "status": "unscannable", "message": "encrypted PDF"}]
    assert s.to_json()["searched"]["unreadable"][0]["status"] == "unscannable"


def test_a_store_hashed_with_another_key_is_refused(store, tmp_path):
    run = store.path / "run.json"
    run.write_text(json.dumps({**store.run, "key_id": "0123456789ab"}))
    with pytest.raises(KeyMismatch, match="PDSCAN_KEY_FILE"):
        locate_in_store(load(store.path), build_identifiers(emails=["ola@example.no"]))


def test_error_rows_count_as_unread(tmp_path):
    w = StoreWriter(tmp_path / "o")
    w.add_item(Item(uri="/x/broken.docx", kind="file"), ERROR, "extract: BadZipFile")
    w.close({"sources": ["/x"]})
    located = locate_in_store(load(tmp_path / "o"), build_identifiers(emails=["ola@example.no"]))
    assert [u["uri"] for u in located.searched.unreadable] == ["/x/broken.docx"]


def test_notes_say_what_a_search_could_not_see(tmp_path):
    w = StoreWriter(tmp_path / "o")
    w.add_item(Item(uri="postgresql://h/db/public.t.email", kind="column"), OK)
    w.add_item(Item(uri="/x/scan.png", kind="file"), "no_text", "no text found")
    w.close({"sources": ["/x"], "options": {"sample_rows": 10000}})
    notes = locate_in_store(load(tmp_path / "o"), build_identifiers(emails=["ola@example.no"])).searched.notes
    assert any("sampled (10000 rows" in n for n in notes) and any("1 items had no text layer" in n for n in notes)
