"""The person matcher: every way an identifier is written is found, lookalikes are not, and each hit
says how sure it is and why."""
from types import SimpleNamespace

import pytest

from pdscan.model import Item, Segment
from pdscan.store.keys import hash_value
from pdscan.subject.identifiers import build_identifiers
from pdscan.subject.matcher import SubjectDetector

ITEM = Item(uri="/share/x.txt", kind="file")


def detect(text, show_data=False, **identifiers):
    det = SubjectDetector(build_identifiers(**identifiers), SimpleNamespace(show_data=show_data))
    return det.detect(ITEM, [Segment(text)])


NAME_HITS = [
    ("Møte med Ola Nordmann i dag", 0.95, "full name"),
    ("OLA NORDMANN", 0.95, "full name"),
    ("Óla Nordmánn signerte", 0.95, "full name"),
    ("Ola J. Nordmann", 0.9, "given name and surname"),
    ("Nordmann, Ola", 0.85, "surname, given name"),
    ("NORDMANN Ola", 0.85, "surname, given name"),
    ("O. Nordmann ringte", 0.7, "initial and surname"),
    ("Nordmann, O.", 0.7, "initial and surname"),
]


@pytest.mark.parametrize("text, confidence, reason", NAME_HITS)
def test_name_forms(text, confidence, reason):
    (f,) = detect(text, names=["Ola Nordmann"])
    assert f.entity == "PERSON" and f.score == confidence and reason in f.reason
    assert f.hashes == (hash_value("PERSON", "Ola Nordmann"),)


@pytest.mark.parametrize("text", ["Ola var her.", "Kari Nordmann", "Ola Nordmannsen", "Olav Nordmann",
                                  "Nordmann skrev", "ola.nordmann", "Ola og Kari reiste. Nordmann-familien"])
def test_a_given_name_or_surname_alone_or_a_longer_name_is_no_hit(text):
    assert detect(text, names=["Ola Nordmann"]) == []


@pytest.mark.parametrize("text", ["Bjørn Ødegård", "Bjoern Oedegaard", "BJORN ODEGARD", "Ødegård, Bjørn"])
def test_nordic_letters_any_spelling(text):
    assert len(detect(text, names=["Bjørn Ødegård"])) == 1
    assert len(detect(text, names=["Bjoern Oedegaard"])) == 1


@pytest.mark.parametrize("query, text, hit", [
    ("Åse Berg", "Aase Berg", True), ("Åse Berg", "ASE BERG", True), ("Aase Berg", "Åse Berg", True),
    ("Lars Kjær", "Lars Kjaer", True), ("Lars Kjær", "Lars Kjar", False), ("Lars Kjaer", "Lars Kjær", True),
    ("Jürgen Müller", "Juergen Mueller", True), ("Jürgen Müller", "JURGEN MULLER", True),
    ("Anna Bär", "Anna Baer", True), ("Åse Berg", "Kåse Berg", False), ("Åse Berg", "Åse Bergen", False),
])
def test_spelling_variants(query, text, hit):
    assert bool(detect(text, names=[query])) is hit


@pytest.mark.parametrize("text, hit", [
    ("tlf 412 34 567", True), ("tlf 41 23 45 67", True), ("+47 41234567", True), ("0047 412 34 567", True),
    ("(+47) 412-34-567", True), ("+47 412.34.567", True),
    ("ordre 941234567", False), ("4123456789", False), ("+46 41234567", False), ("+4641234567", False),
])
def test_phone_groupings(text, hit):
    assert bool(detect(text, phones=["+47 412 34 567"])) is hit


@pytest.mark.parametrize("text, hit", [
    ("fnr 15038549990", True), ("fnr 150385 49990", True), ("150385-49990", True), ("1503854999012", False),
    ("715038549990", False),
])
def test_identity_number_with_or_without_spaces(text, hit):
    assert bool(detect(text, national_ids=["150385 49990"])) is hit


@pytest.mark.parametrize("given, text", [("19880320-0016", "pnr 880320-0016"), ("880320-0016", "19880320-0016"),
                                         ("8803200016", "personnummer 880320-0016")])
def test_swedish_personnummer_with_and_without_century(given, text):
    assert len(detect(text, national_ids=[given])) == 1


@pytest.mark.parametrize("text, hit", [
    ("skriv til OLA.NORDMANN@EXAMPLE.NO.", True), ("<ola.nordmann@example.no>", True),
    ("kola.nordmann@example.no", False), ("ola.nordmann@example.no.uk", False), ("ola.nordmann@example.noe", False),
])
def test_email_case_and_boundaries(text, hit):
    assert bool(detect(text, emails=["Ola.Nordmann@example.no"])) is hit


def test_one_finding_per_identifier_with_count_and_masked_excerpts():
    text = "Ola Nordmann (ola@example.no) and again ola@example.no; Nordmann, Ola"
    found = {f.entity: f for f in detect(text, emails=["ola@example.no"], names=["Ola Nordmann"])}
    assert found["EMAIL_ADDRESS"].count == 2 and found["PERSON"].count == 2
    assert "ola@example.no" not in found["EMAIL_ADDRESS"].snippet and "Ola Nordmann" not in found["PERSON"].snippet


def test_excerpts_are_raw_only_when_asked():
    (f,) = detect("Kontakt ola@example.no i dag", show_data=True, emails=["ola@example.no"])
    assert "Kontakt ola@example.no i dag" in f.snippet


def test_segments_of_one_item_add_up():
    det = SubjectDetector(build_identifiers(emails=["ola@example.no"]), SimpleNamespace(show_data=False))
    (f,) = det.detect(ITEM, [Segment("ola@example.no", field="subject"), Segment("Hi ola@example.no", field="body")])
    assert f.count == 2 and f.uri == ITEM.uri
