"""Context words within the window, in English and Norwegian, raise a checksum-valid number's score."""
from __future__ import annotations

import pytest

from pdscan.detect.context import ContextScorer

SCORER = ContextScorer(["fødselsnummer", "fnr", "f.nr.", "ssn", "national identity number"], (30, 10))


@pytest.mark.parametrize("text,words", [
    ("Fødselsnummer: 15838549990", ["fødselsnummer"]),
    ("F.nr. 15838549990", ["f.nr."]),
    ("her national identity number is 15838549990", ["national identity number"]),
    ("15838549990 (fnr)", ["fnr"]),
    ("fnrx 15838549990", []),  # a word, not a prefix
    ("fødselsnummer" + " " * 40 + "15838549990", []),  # outside the window
])
def test_words_near(text, words):
    start = text.index("15838549990")
    assert SCORER.words_near(text, start, start + 11) == words


def test_field_name_counts_as_context():
    assert SCORER.words_near("15838549990", 0, 11, field="customer_fnr") == ["fnr"]
    assert SCORER.words_near("15838549990", 0, 11, field="fnrx") == []
    assert SCORER.words_near("15838549990", 0, 11) == []


@pytest.mark.parametrize("text,low,high", [
    ("Ordre 15838549990", None, None),
    ("15838549990", 0.3, 0.5),
    ("Fødselsnummer: 15838549990", 0.9, 1.0),
    ("SSN 15838549990", 0.9, 1.0),
])
def test_bare_number_is_low_and_context_makes_it_high(detector, text, low, high):
    scores = [r.score for r in detector.analyze_text(text) if r.entity_type == "NO_FODSELSNUMMER"]
    if low is None:
        assert all(s < 0.5 for s in scores)
    else:
        assert len(scores) == 1 and low <= scores[0] <= high


def test_reason_names_validation_and_context_words_but_never_the_value(detector):
    [r] = [r for r in detector.analyze_text("Pasientens fnr. er 30108299939.") if r.entity_type == "NO_FODSELSNUMMER"]
    reason = r.recognition_metadata["reason"]
    assert "NoFodselsnummerRecognizer" in reason and "2032 rule" in reason and "fnr." in reason
    assert "30108299939" not in reason


def test_account_layout_and_keyword_beat_the_fnr_reading(detector):
    entities = {r.entity_type for r in detector.analyze_text("Beløpet betales til kontonr 8601.11.17947")}
    assert "NO_KONTONUMMER" in entities and "NO_FODSELSNUMMER" not in entities
