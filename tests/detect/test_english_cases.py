"""English texts -> the entities the whole detector reports, including the texts that must stay clean."""
from __future__ import annotations

import pytest


def _found(detector, text: str, entity: str) -> set[str]:
    return {text[r.start:r.end] for r in detector.analyze_text(text, "en") if r.entity_type == entity}


@pytest.mark.parametrize("text, names", [
    ("They had 4: Rogelio, Sharon, Jessica and Brandi Kowalski.", {"Rogelio", "Sharon", "Jessica", "Brandi"}),
    ("My name is Andrew Arnoux but everyone calls me Sandro", {"Sandro"}),
    ("the fuckin kendrick reference", {"kendrick"}),  # chat writes names in lower case
    ("Please correct it to Dr. Jacob van Gameren.", {"Dr. Jacob van Gameren"}),
])
def test_people_are_found(detector, text, names):
    found = _found(detector, text, "PERSON")
    assert all(any(n in f for f in found) for n in names), found


@pytest.mark.parametrize("text, not_names", [
    ("Amy Szepesy\n\n95 55 Halsey Road\n Suite 881\n HAYBOROUGH", {"Halsey Road"}),
    ("I'd like a taxi to 03 2657 Koontz Lane Apt. 602, Delta del Tigre", {"Koontz Lane Apt"}),
    ("Beverly Barbosa\n\n57 Askelund 1\n Suite 322\n Boeslunde", {"Askelund"}),
    ("The invoice total is due on Friday.", set()),
])
def test_addresses_are_not_people(detector, text, not_names):
    found = _found(detector, text, "PERSON")
    assert not any(n in f for f in found for n in not_names), found


@pytest.mark.parametrize("text, phone", [
    ("call 555-123-4567-Office now", "555-123-4567"),
    ("phone (206) 555-0147 today", "(206) 555-0147"),
])
def test_phones_are_found(detector, text, phone):
    assert phone in _found(detector, text, "PHONE_NUMBER")


@pytest.mark.parametrize("text", ["Employee SSN 123-45-6789 on file", "Ship to ZIP 94105-1234 today",
                                  "Values 536-90-4399 and 219-09-9999"])
def test_ssn_and_zip_layouts_are_not_phones(detector, text):
    assert _found(detector, text, "PHONE_NUMBER") == set()
