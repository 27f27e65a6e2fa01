"""The Norwegian name model: shipped in models/, loads offline, finds names in Bokmål and Nynorsk."""
from __future__ import annotations

import socket

import pytest

from pdscan.detect import registry
from pdscan.detect.recognizers.nb_names import (COMMON_WORDS, MODEL_DIR, NorwegianNames, common_words,
                                                name_span)
from pdscan.paths import data_dir


@pytest.fixture(scope="session")
def names():
    """Loaded once, with the network switched off: the model must come from the package data."""
    real = socket.socket.connect

    def refuse(*args, **kwargs):
        raise AssertionError("the name model tried to use the network")

    socket.socket.connect = refuse
    try:
        return NorwegianNames()
    finally:
        socket.socket.connect = real


def _people(names, text: str) -> list[str]:
    results, = names.pipe([text])
    return [text[r.start:r.end] for r in results]


def test_registered_for_both_written_standards():
    registry.load_all()
    assert registry.NER_MODELS["nb"] is NorwegianNames
    assert registry.NER_MODELS["nn"] is NorwegianNames


def test_loads_from_the_package_data(names):
    assert names.path == data_dir("models") / MODEL_DIR
    assert names.nlp.pipe_names == ["tok2vec", "ner"]
    size = sum(f.stat().st_size for f in names.path.rglob("*") if f.is_file())
    assert size < 40 * 1024 * 1024  # shipped in the repository and the wheel: keep it small


@pytest.mark.parametrize("text,expected", [
    ("Kari Nordmann begynte i stillingen som økonomisjef i mars.", ["Kari Nordmann"]),
    ("Møtet ble ledet av Per Olav Hansen, og referatet ble sendt til Ingrid Bakke.",
     ["Per Olav Hansen", "Ingrid Bakke"]),
    ("Statsminister Jonas Gahr Støre besøkte Bergen i går.", ["Jonas Gahr Støre"]),
    ("Ola Nordmann har vore tilsett i kommunen sidan 2015.", ["Ola Nordmann"]),
    ("Kjersti Haugland seier at ho er nøgd med avtalen.", ["Kjersti Haugland"]),
])
def test_finds_typical_names(names, text, expected):
    assert _people(names, text) == expected


def test_no_names_in_plain_text(names):
    assert _people(names, "Møtet starter klokka ni i morgen, og alle må ta med budsjettet.") == []


def test_results_explain_themselves_and_batch(names):
    texts = ["Kari Nordmann bor i Oslo.", "", "Ingen navn her."]
    batches = names.pipe(texts)
    assert len(batches) == 3 and batches[1] == [] and batches[2] == []
    result, = batches[0]
    assert (result.entity_type, result.start, result.end) == ("PERSON", 0, 13)
    assert "NorNE" in result.recognition_metadata["reason"]
    assert result.recognition_metadata["recognizer_name"] == "NorwegianNamesNER"


def _tidied(names, text: str, start: int, end: int) -> str | None:
    """The text of a model span (token range) after the recogniser's rules."""
    doc = names.nlp.make_doc(text)
    span = name_span(doc, start, end, names.common)
    return doc[span[0]:span[1]].text if span else None


@pytest.mark.parametrize("text,start,end,expected", [
    ("Dei takka snikkar Magne Skjæveland .", 2, 5, "Magne Skjæveland"),  # lower-case word in front
    ("Kaptein Sanogo leia kuppet .", 0, 2, "Sanogo"),  # common word in front
    ("Grove brød er sunt .", 0, 1, None),  # a lone common word opening the sentence
    ("Dusj hadde dei ikkje .", 0, 1, None),
    ("Det var Grove som sa det .", 2, 3, "Grove"),  # capitalised mid-sentence: a name
    ("Per Hansen kom .", 0, 2, "Per Hansen"),  # given names that are also words are not common
    ("Liv Ullmann spelte .", 0, 2, "Liv Ullmann"),
    ("Han møtte Ludwig van Beethoven .", 2, 5, "Ludwig van Beethoven"),
    ("Han sa : Familie er viktig .", 3, 4, None),
])
def test_model_spans_are_tidied_with_general_rules(names, text, start, end, expected):
    assert _tidied(names, text, start, end) == expected


def test_common_words_come_from_lower_case_training_text():
    words = common_words(data_dir("models") / COMMON_WORDS)
    assert {"grove", "familie", "kaptein", "dusj"} <= words
    assert not {"per", "liv", "dag", "berg", "kari"} & words  # inside names in the training split
    assert all(w.islower() for w in words)


def test_a_common_word_opening_a_line_or_a_field_is_not_a_name():
    from pdscan.detect.recognizers.nb_names import NorwegianNames

    (res,) = NorwegianNames().pipe(["Utskrivningsnotat\n\nPasient: Marlon Furu\nAlder: 41 år"])
    text = "Utskrivningsnotat\n\nPasient: Marlon Furu\nAlder: 41 år"
    names = {text[r.start:r.end] for r in res}
    assert "Pasient" not in names and "Alder" not in names
    assert any("Furu" in n for n in names)
