"""NER runs only on windows around candidate name words, batched, each distinct chunk once."""
from __future__ import annotations

from presidio_analyzer import RecognizerResult

from pdscan.detect.ner import NerRunner, candidate_chunks, load_settings

SETTINGS = load_settings()
LONG = "Dette er en lang tekst uten navn. " * 12  # longer than `whole_below`: the gate applies


def test_no_candidates_no_chunks():
    assert candidate_chunks("Total: 42 kr. The end. 12345 67890", SETTINGS) == []
    assert candidate_chunks("The Report Is Ready", SETTINGS)  # "Report", "Ready" are not common words
    assert candidate_chunks(LONG + "The form is ready, send the Form today.", SETTINGS) == []  # "form" in lower case too


def test_sentence_openers_need_a_known_name_or_a_name_shape():
    assert candidate_chunks(LONG + "Kvartalsrapporten er klar.", SETTINGS) == []
    assert candidate_chunks(LONG + "Kari er klar.", SETTINGS)  # a known given name
    assert candidate_chunks(LONG + "Xyzzy Qwerty er klar.", SETTINGS)  # two capitalised words
    assert candidate_chunks(LONG + "Xyzzy, kan du ringe?", SETTINGS)  # a vocative


def test_short_texts_go_whole_once_they_hold_a_candidate():
    assert candidate_chunks("Kvartalsrapporten er klar.", SETTINGS) == [(0, 26)]
    assert candidate_chunks("Total: 42 kr.", SETTINGS) == []


def test_short_lower_case_text_goes_whole():
    assert candidate_chunks("thanks judy, see you", SETTINGS) == [(0, 20)]


def test_windows_cover_the_candidate_and_merge():
    text = "x " * 200 + "met Kari Nordmann and Per Hansen today" + " y" * 200
    chunks = candidate_chunks(text, SETTINGS)
    assert len(chunks) == 1
    start, end = chunks[0]
    assert start <= text.index("Kari") and end >= text.index("Hansen") + 6
    assert end - start < len(text)


class _CountingModel:
    def __init__(self):
        self.seen: list[str] = []

    def pipe(self, texts):
        self.seen.extend(texts)
        return [[RecognizerResult("PERSON", t.index("Kari"), t.index("Kari") + 4, 0.85)] for t in texts]


def test_identical_chunks_are_analysed_once_and_offsets_map_back():
    model = _CountingModel()
    runner = NerRunner({"en": model}, SETTINGS)
    text = "Hello from Kari"
    quoted = "0123456789 " * 10 + text
    out = runner.analyze([(text, "en"), (text, "en"), (text, "nb"), (quoted, "en")])
    # nb has no model here: the English fallback, same chunk, same cache entry.
    assert model.seen[0] == text and len(model.seen) == 2
    assert all([(r.start, r.end) for r in results] == [(11, 15)] for results in out[:3])
    assert [(r.start, r.end) for r in out[3]] == [(quoted.index("Kari"), quoted.index("Kari") + 4)]
    runner.analyze([(text, "en")])
    assert len(model.seen) == 2


def test_broken_utf16_in_extracted_text_does_not_stop_the_model(detector):
    text = "Meeting with Kari Nordmann \ud83d and Per Hansen."
    names = [text[r.start:r.end] for r in detector.analyze_text(text) if r.entity_type == "PERSON"]
    assert "Kari Nordmann" in names


def test_windows_stay_inside_the_sentence_with_a_short_lead_in():
    text = LONG + "Kari Nordmann ringte i går. " + LONG
    [(start, end)] = candidate_chunks(text, SETTINGS)
    assert text[start:end].strip().endswith("ringte i går.")
    assert len(LONG) - 20 <= start <= text.index("Kari")


def test_informal_models_read_short_texts_whole():
    text = "That rick roll was so good XD"  # no capitalised candidate, a name in lower case
    assert candidate_chunks(text, SETTINGS) == []
    assert candidate_chunks(text, SETTINGS, informal=True) == [(0, len(text))]
    assert candidate_chunks(LONG + text, SETTINGS, informal=True) == []  # long texts keep the gate
