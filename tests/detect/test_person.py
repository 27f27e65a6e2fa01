"""Name-model results checked against address and company shapes, and completed from the text around them."""
from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from pdscan.detect.ner import load_settings
from pdscan.detect.person import is_address_or_org, load_rules, refine

SETTINGS = load_settings()
RULES = load_rules()


def _model(text: str, *names: str) -> list[RecognizerResult]:
    """What a name model returned for `text`: these substrings as PERSON."""
    return [RecognizerResult("PERSON", text.index(n), text.index(n) + len(n), 0.85) for n in names]


def _refined(text: str, *names: str) -> set[str]:
    return {text[r.start:r.end] for r in refine(text, _model(text, *names), SETTINGS, RULES)}


@pytest.mark.parametrize("text, span", [
    ("Amy Szepesy\n\n95 55 Halsey Road\n Suite 881", "Halsey Road"),       # street word inside
    ("Meet me at 03 2657 Koontz Lane Apt. 602, Delta", "Koontz Lane Apt"),
    ("Please send it to 15 Via Carlo Cattaneo 130, Burgos", "Carlo Cattaneo 130"),  # a digit
    ("Beverly Barbosa\n\n57 Askelund 1\n Suite 322", "Askelund"),           # between house number and number
    ("my new address is 07 262 Pavlou Drandaki\nKÖPMANHOLMEN", "Pavlou Drandaki"),  # house number, line end
    (">Ashley Belov\n>Mclaughlin Ltd.\n>Tina", "Mclaughlin"),               # organisation suffix after
    ("Nordmann AS har levert", "Nordmann"),
    (">Haley Fukunaga\n>Muckrock", ">"),                             # no letter at all
])
def test_address_and_company_spans_are_not_people(text, span):
    start = text.index(span)
    assert is_address_or_org(text, start, start + len(span), RULES)
    assert span not in _refined(text, span)


@pytest.mark.parametrize("text, span", [
    ("Christina Ochoa as a beneficiary", "Christina Ochoa"),  # "as" is a word, "AS" a company form
    ("Clinton sa hun var glad", "Clinton"),
    ("Mrs. Diana Weöres Apt. 434 40 Rue de la Sarthe", "Diana Weöres"),  # a unit word after a name
    ("In 2019 John Smith joined the board", "John Smith"),  # a year before is not a house number
    ("Jensen sa til Dagsavisen", "Jensen"),
])
def test_people_stay(text, span):
    start = text.index(span)
    assert not is_address_or_org(text, start, start + len(span), RULES)


def test_title_joins_the_span():
    assert _refined("please correct it to Dr. Jacob van Gameren?", "Jacob van Gameren") == {"Dr. Jacob van Gameren"}


@pytest.mark.parametrize("text, expected", [
    ("My name is Andrew Arnoux but everyone calls me Sandro", {"Andrew Arnoux", "Sandro"}),
    ("Sometimes people call me Christophe", {"Christophe"}),
    ("Her maiden name is McCathie", {"McCathie"}),
    ("Dear Sir, thank you", set()),  # a title is not a name
    ("Hi Kari, can you call?", {"Kari"}),
    ('{"user":{"name":"Amy Wong","ssn":"222-33-4444"}}', {"Amy Wong"}),
    ("Name:    Allen Akhtakhanov\nAddress:     the corner", {"Allen Akhtakhanov"}),
    ("Product name: Widget", set()),  # a label opens its line or field
])
def test_names_after_a_cue(text, expected):
    assert _refined(text) == expected


def test_a_list_with_names_found_is_a_list_of_people():
    text = "They had 6: Malon, Mark, Kaylee, Brandi, Miguel and Jennifer."
    assert _refined(text, "Miguel", "Jennifer") == {"Malon", "Mark", "Kaylee", "Brandi", "Miguel", "Jennifer"}


def test_a_list_of_places_is_not_completed():
    text = "Det var langt fra New York, Paris og Milano."
    assert _refined(text) == set()  # the model found none of them
    text = "We sell Apples, Pears, Plums and Cherries to Anna."
    assert _refined(text, "Anna") == {"Anna"}  # one name nearby, but the list members are not names


def test_a_name_found_once_is_found_again():
    text = "You can tell Alterio was a huge Susan Lyons fan. Lyons wrote back."
    assert _refined(text, "Susan Lyons") == {"Susan Lyons", "Lyons"}


def test_words_written_in_lower_case_elsewhere_are_not_added():
    text = "Call me Form. The form is ready."
    assert _refined(text) == set()
