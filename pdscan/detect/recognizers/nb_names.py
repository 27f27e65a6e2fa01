"""Norwegian person names (Bokmål and Nynorsk): the small spaCy NER trained on NorNE, shipped in models/nb_ner.

No Norwegian spaCy pipeline installs here, so the project trains its own (scripts/train_nb_ner.py; recipe and
scores in models/README.md). It loads from the package data, offline, once per process.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from presidio_analyzer import RecognizerResult

from ...paths import data_dir
from ..registry import ner_model

MODEL_DIR = "nb_ner"
SCORE = 0.85  # the NER gives no calibrated probability; Presidio's spaCy recogniser uses the same fixed score
BATCH = 64


@cache
def _pipeline(path: Path):
    import spacy

    return spacy.load(path)


@ner_model(languages=("nb", "nn"))
class NorwegianNames:
    name = "NorwegianNamesNER"

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else data_dir("models") / MODEL_DIR
        self.nlp = _pipeline(self.path)
        self.version = f"{self.nlp.meta.get('name', MODEL_DIR)} {self.nlp.meta.get('version', '')}".strip()
        self.reason = f"NorNE-trained NER ({self.version})"

    def pipe(self, texts: list[str]) -> list[list[RecognizerResult]]:
        return [[self._result(ent) for ent in doc.ents if ent.label_ == "PER"]
                for doc in self.nlp.pipe(texts, batch_size=BATCH)]

    def _result(self, ent) -> RecognizerResult:
        return RecognizerResult("PERSON", ent.start_char, ent.end_char, SCORE,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      "reason": self.reason})
