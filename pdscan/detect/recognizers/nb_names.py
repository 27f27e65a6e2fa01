"""Norwegian person names (Bokmål and Nynorsk): the small spaCy NER trained on NorNE, shipped in models/nb_ner.

No Norwegian spaCy pipeline installs here, so the project trains its own (scripts/train_nb_ner.py; recipe and
scores in models/README.md). It loads from the package data, offline, once per process.

The model's person spans are tidied with two rules that hold for Norwegian names in general: a name does not
start with a lower-case word («snikkar Magne Skjæveland») or a common word («Kaptein Sanogo»), and a lone common
word that opens a sentence is not a name («Grove brød er sunt»; nouns are lower-case in Norwegian, so «Berg»
mid-sentence stays). Common words: word forms the NorNE training split has in lower case at least twice and never
inside a name (models/nb_common_words.txt, built by the same script), so «Per» and «Liv» are not common.
Extending a span leftwards over capitalised words was tried and dropped: a sentence-initial title («Ordfører Arne
Sandnes») looks the same as a given name («Savas Robolis»).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from presidio_analyzer import RecognizerResult

from ...paths import data_dir
from ..registry import ner_model

MODEL_DIR = "nb_ner"
COMMON_WORDS = "nb_common_words.txt"
NAME_PARTICLES = frozenset({"von", "van", "de", "af", "av", "di", "da", "la", "le", "del", "der", "ten", "zu",
                            "bin", "ibn", "al"})
SENTENCE_OPENERS = frozenset(".!?:;-–—«»\"'(•")
SCORE = 0.85  # the NER gives no calibrated probability; Presidio's spaCy recogniser uses the same fixed score
BATCH = 64


@cache
def _pipeline(path: Path):
    import spacy

    return spacy.load(path)


@cache
def common_words(path: Path) -> frozenset[str]:
    return frozenset(path.read_text(encoding="utf-8").split())


def _opens_sentence(doc, i: int) -> bool:
    """At the start of the text, a line, a sentence, or a field ("Pasient: …" opens with its label)."""
    if i == 0 or doc[i - 1].text in SENTENCE_OPENERS or "\n" in doc[i - 1].text_with_ws:
        return True
    return i + 1 < len(doc) and doc[i + 1].text == ":"


def name_span(doc, start: int, end: int, common: frozenset[str]) -> tuple[int, int] | None:
    """Token range of a model PER span after the rules in the module docstring; None if it is not a name."""
    while end - start > 1 and (doc[start].text.lower() in common or
                               (doc[start].text[:1].islower() and doc[start].text not in NAME_PARTICLES)):
        start += 1
    first = doc[start].text
    if end - start == 1 and (first[:1].islower() or (first.lower() in common and _opens_sentence(doc, start))):
        return None
    return start, end


@ner_model(languages=("nb", "nn"))
class NorwegianNames:
    name = "NorwegianNamesNER"

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else data_dir("models") / MODEL_DIR
        self.nlp = _pipeline(self.path)
        self.common = common_words(data_dir("models") / COMMON_WORDS)
        self.version = f"{self.nlp.meta.get('name', MODEL_DIR)} {self.nlp.meta.get('version', '')}".strip()
        self.reason = f"NorNE-trained NER ({self.version})"

    def pipe(self, texts: list[str]) -> list[list[RecognizerResult]]:
        return [self._names(doc) for doc in self.nlp.pipe(texts, batch_size=BATCH)]

    def _names(self, doc) -> list[RecognizerResult]:
        spans = [name_span(doc, ent.start, ent.end, self.common) for ent in doc.ents if ent.label_ == "PER"]
        return [self._result(doc[start:end]) for start, end in sorted(set(filter(None, spans)))]

    def _result(self, ent) -> RecognizerResult:
        return RecognizerResult("PERSON", ent.start_char, ent.end_char, SCORE,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      "reason": self.reason})
