"""Texts mixing English and Norwegian lines: each run of lines is analysed in its own language."""
from __future__ import annotations

import pytest

from pdscan.detect.language import detect_language, language_runs
from pdscan.store.keys import hash_value

MIXED = ("Hei, jeg heter Kari Nordmann og mitt fødselsnummer er 15838549990. Ring meg på +47 412 34 567.\n"
         "She is a member of Fellesforbundet and was on sick leave with depression in March.\n"
         "John Smith paid with card 4111 1111 1111 1111.\n")
# Mostly Norwegian, so the whole text reads as Bokmål: the quoted English line needs its own language.
NORWEGIAN_MAIL = ("Hei Ola,\n"
                  "Jeg har fått svar fra legen, og det ser ut som hun må være borte en stund til.\n"
                  "Vi må finne en vikar som kan ta over vaktene hennes fra neste uke.\n"
                  "Hun skrev dette til meg i går:\n"
                  "I have been diagnosed with depression and my doctor has put me on sick leave.\n"
                  "Mvh Kari\n")
ENGLISH = ("Dear John,\nPlease find attached the invoice for the work we did in March.\n"
           "The payment is due at the end of the month, and we would be grateful if you could confirm it.\n"
           "Best regards, Mary\n")
BOKMAL = ("Hei Kari!\nJeg har ikke mottatt fakturaen, kan du sende den på nytt til meg?\n"
          "Vi har registrert fødselsnummer 15838549990 og kontonummer 9999.00.00014 hos oss.\n"
          "To av de ansatte er borte i dag, så vi må be om at alle møtene blir flyttet.\n")
NYNORSK = ("Hei!\nEg har ikkje fått svar på søknaden, kva skal eg gjere no?\n"
           "Dei fekk berre ein time hos legen, men det var nok for dei.\n")


def _found(detector, text, language=None):
    return {(r.entity_type, text[r.start:r.end]) for r in detector.analyze_text(text, language)}


def test_mixed_lines_are_cut_into_runs_of_one_language():
    runs = language_runs(MIXED)
    assert [(MIXED[s:e].split()[0], lang) for s, e, lang in runs] == [("Hei,", "nb"), ("She", "en")]
    assert runs[0][0] == 0 and runs[-1][1] == len(MIXED)
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:]))


@pytest.mark.parametrize("text", [ENGLISH, BOKMAL, NYNORSK, MIXED.splitlines()[1]])
def test_one_language_text_is_not_cut(text):
    assert language_runs(text) == []


def test_nynorsk_runs_keep_their_variant():
    text = NYNORSK + "She is a member of the union and she was on sick leave in March.\n"
    assert [lang for *_, lang in language_runs(text)] == ["nn", "en"]


def test_one_language_text_gives_what_its_language_gives(detector):
    for text in (ENGLISH, BOKMAL, NYNORSK):
        assert _found(detector, text) == _found(detector, text, detect_language(text))


def test_english_lines_in_a_norwegian_mail_are_read_as_english(detector):
    assert detect_language(NORWEGIAN_MAIL) == "nb"
    assert ("HEALTH", "depression") not in _found(detector, NORWEGIAN_MAIL, "nb")
    found = _found(detector, NORWEGIAN_MAIL)
    assert {("HEALTH", "depression"), ("HEALTH", "sick leave")} <= found


def test_mixed_text_findings_keep_their_offsets(detector):
    found = _found(detector, MIXED)
    assert {("PERSON", "Kari Nordmann"), ("NO_FODSELSNUMMER", "15838549990"), ("PHONE_NUMBER", "+47 412 34 567"),
            ("HEALTH", "sick leave"), ("HEALTH", "depression"), ("PERSON", "John Smith"),
            ("CREDIT_CARD", "4111 1111 1111 1111")} <= found


def test_mixed_file_scan(scan_paths, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text(MIXED, encoding="utf-8")
    findings = {f.entity: f for f in scan_paths(docs).findings.itertuples()}
    assert {"HEALTH", "NO_FODSELSNUMMER", "PHONE_NUMBER", "CREDIT_CARD", "PERSON"} <= set(findings)
    assert findings["HEALTH"].count == 2
    assert hash_value("NO_FODSELSNUMMER", "15838549990") in findings["NO_FODSELSNUMMER"].hashes
    assert hash_value("CREDIT_CARD", "4111 1111 1111 1111") in findings["CREDIT_CARD"].hashes
    assert {hash_value("PERSON", "Kari Nordmann"), hash_value("PERSON", "John Smith")} <= set(findings["PERSON"].hashes)
    assert "Ring meg på" in findings["PHONE_NUMBER"].snippet and "412 34" not in findings["PHONE_NUMBER"].snippet
