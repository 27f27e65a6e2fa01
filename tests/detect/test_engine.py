"""The engine end to end on short English and Norwegian texts: entities, categories, findings, masking."""
from __future__ import annotations

import re

from pdscan.detect.engine import Engine, resolve_overlaps
from pdscan.model import Item, Segment
from pdscan.options import ScanOptions
from presidio_analyzer import RecognizerResult

ITEM = Item(uri="file:///share/hr/note.txt", kind="file")

ENGLISH = ("Dear John Smith, please call me on +47 406 12 345 or write to john.smith@example.com. "
           "Card 5207 1713 2806 3010, IBAN GB82WEST12345698765432, login from 74.34.59.240.")
NORWEGIAN = ("Hei Kari Nordmann! Vi har registrert fødselsnummer 15838549990 og kontonummer 9999.00.00014. "
             "Ring meg på tlf 41234567 eller send e-post til kari@firma.no. Adresse: Storgata 1, 0155 Oslo.")


def _entities(detector, text):
    return {(r.entity_type, text[r.start:r.end]) for r in detector.analyze_text(text)}


def test_english_text(detector):
    found = _entities(detector, ENGLISH)
    assert {("PERSON", "John Smith"), ("PHONE_NUMBER", "+47 406 12 345"), ("EMAIL_ADDRESS", "john.smith@example.com"),
            ("CREDIT_CARD", "5207 1713 2806 3010"), ("IBAN_CODE", "GB82WEST12345698765432"),
            ("IP_ADDRESS", "74.34.59.240")} <= found


def test_norwegian_text(detector):
    found = _entities(detector, NORWEGIAN)
    assert {("NO_FODSELSNUMMER", "15838549990"), ("NO_KONTONUMMER", "9999.00.00014"), ("PHONE_NUMBER", "41234567"),
            ("EMAIL_ADDRESS", "kari@firma.no"), ("NO_POSTAL_ADDRESS", "Storgata 1, 0155 Oslo")} <= found
    assert any(e == "PERSON" and "Kari" in v for e, v in found)


def test_mastercard_two_series_is_found(detector):
    assert ("CREDIT_CARD", "2221 0000 0000 0009") in _entities(detector, "Paid with 2221 0000 0000 0009.")


def test_findings_aggregate_per_entity_and_field(detector):
    text = "Mail ola@example.no, then OLA@example.no, then per@example.no."
    findings = detector.detect(ITEM, [Segment(text, field="body"), Segment("kari@example.no", field="subject")])
    by = {(f.entity, f.field): f for f in findings}
    body = by[("EMAIL_ADDRESS", "body")]
    assert body.count == 3 and len(body.hashes) == 2  # ola@ twice after lower-casing: one hash
    assert body.category == "user.contact.email" and body.uri == ITEM.uri and body.score == 1.0
    assert by[("EMAIL_ADDRESS", "subject")].count == 1


def test_synthetic_numbers_are_test_data(detector):
    [f] = [f for f in detector.detect(ITEM, [Segment("fnr 15838549990")]) if f.entity == "NO_FODSELSNUMMER"]
    assert f.test_data and f.category == "user.government_id.national_identification_number"
    [f] = [f for f in detector.detect(ITEM, [Segment("fnr 15838549990, fnr 30108299939")])
           if f.entity == "NO_FODSELSNUMMER"]
    assert not f.test_data  # one real-looking number is enough to make the finding real


def test_snippets_and_reasons_never_hold_the_raw_value(detector):
    findings = detector.detect(ITEM, [Segment(NORWEGIAN), Segment(ENGLISH)])
    values = ["15838549990", "9999.00.00014", "41234567", "kari@firma.no", "john.smith@example.com",
              "GB82WEST12345698765432", "5207 1713 2806 3010", "+47 406 12 345", "74.34.59.240"]
    assert len(findings) >= 9
    for f in findings:
        for value in values:
            assert value not in f.snippet and value not in f.reason
        assert "*" in f.snippet


def test_show_data_keeps_the_raw_value_in_snippets():
    engine = Engine(ScanOptions(workers=1, show_data=True, ner=False))
    [f] = engine.detect(ITEM, [Segment("write to kari@firma.no")])
    assert "kari@firma.no" in f.snippet


def test_column_samples_count_rows(detector):
    column = Segment("ola@example.no\nnot an address\nkari@example.no\n", field="users.email", rows=3, prose=False)
    [f] = detector.detect(ITEM, [column])
    assert (f.rows_matched, f.rows_sampled, f.field) == (2, 3, "users.email")


def test_no_segments_no_findings(detector):
    assert detector.detect(ITEM, []) == []


def test_describe_names_packs_recognizers_and_models(detector):
    d = detector.describe()
    assert {"common", "norway", "nordic", "international"} <= set(d["packs"])
    assert "NoFodselsnummerRecognizer" in d["recognizers"] and "en" in d["ner_models"]
    assert re.match(r"\d+\.\d+", d["presidio_analyzer"])


def test_ner_off_finds_no_names():
    engine = Engine(ScanOptions(workers=1, ner=False))
    assert not [r for r in engine.analyze_text(ENGLISH) if r.entity_type == "PERSON"]


def _r(entity, start, end, score):
    return RecognizerResult(entity, start, end, score)


def test_overlaps_keep_the_container_and_ties():
    kept = resolve_overlaps([_r("NO_POSTAL_ADDRESS", 0, 20, 0.6), _r("PERSON", 0, 8, 0.85),
                             _r("NO_FODSELSNUMMER", 30, 41, 0.4), _r("NO_KONTONUMMER", 30, 41, 0.4),
                             _r("PHONE_NUMBER", 50, 58, 0.4), _r("NO_KONTONUMMER", 50, 61, 0.9)])
    assert [(r.entity_type, r.start) for r in kept] == [
        ("NO_POSTAL_ADDRESS", 0), ("NO_FODSELSNUMMER", 30), ("NO_KONTONUMMER", 30), ("NO_KONTONUMMER", 50)]


def test_detectors_can_be_chosen_by_pack_and_module():
    engine = Engine(ScanOptions(workers=1, extra={"detectors": ["common"]}))
    found = {r.entity_type for r in engine.analyze_text(NORWEGIAN)}
    assert "EMAIL_ADDRESS" in found and "NO_FODSELSNUMMER" not in found and "PERSON" not in found
    assert set(engine.describe()["packs"]) == {"common"}


def test_broken_utf16_never_reaches_hashes_or_snippets(detector):
    [f] = [f for f in detector.detect(ITEM, [Segment("\ud83d mail kari@firma.no \udc00")]) if f.entity == "EMAIL_ADDRESS"]
    f.snippet.encode("utf-8")
