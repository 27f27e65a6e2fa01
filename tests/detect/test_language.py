"""Segment language: English, Bokmål, Nynorsk from function words; None when there is no evidence."""
from __future__ import annotations

import pytest

from pdscan.detect.language import detect_language
from pdscan.model import Item, Segment


@pytest.mark.parametrize("text,lang", [
    ("Please find attached the invoice for the work we did in March.", "en"),
    ("Hei! Jeg har ikke mottatt fakturaen, kan du sende den på nytt?", "nb"),
    ("Vi ønsker å invitere deg til julebord fredag, og håper du har anledning.", "nb"),
    ("Eg har ikkje fått svar på søknaden, kva skal eg gjere no?", "nn"),
    ("Dei fekk berre ein time hos legen, men det var nok.", "nn"),
    ("41234567", None),
    ("Ola Nordmann", None),
    ("", None),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_short_segments_take_the_items_language(detector):
    segments = [Segment("Ola Nordmann", field="name"),
                Segment("Hei, jeg skriver for å si at vi ikke kan komme på møtet i morgen.")]
    assert detector.languages_of(segments) == ["nb", "nb"]


def test_detect_fills_segment_language(detector):
    item = Item(uri="mem://x", kind="file")
    [finding] = detector.detect(item, [Segment("Eg har ikkje telefon, men e-post: kari@example.no")])
    assert finding.entity == "EMAIL_ADDRESS" and finding.language == "nn"
