"""GDPR Art. 9 special categories and Art. 10 criminal-offence data in free text (English, Bokmål, Nynorsk).

One recogniser per language over every pack in detectors/special/. Indirect revelation counts (CJEU C-184/20):
a halal meal order reveals religion, "glutenfri" health, so those words are plain lexicon terms.
"""
from __future__ import annotations

from functools import cache

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ..registry import recognizer
from .special_lexicon import Hit, Lexicon

LANGUAGES = ("en", "nb", "nn")


@cache
def lexicon(language: str) -> Lexicon:
    return Lexicon(language)


@recognizer
class SpecialCategoryRecognizer(EntityRecognizer):
    def __init__(self, language: str = "en"):
        self.lexicon = lexicon(language)
        super().__init__(supported_entities=self.lexicon.entities, name=f"SpecialCategory_{language}",
                         supported_language=language, version="1")

    @classmethod
    def instances(cls) -> list[SpecialCategoryRecognizer]:
        return [cls(lang) for lang in LANGUAGES]

    def load(self) -> None:
        """The packs are compiled in __init__ (cached per language), nothing to load."""

    def analyze(self, text: str, entities: list[str] | None = None, nlp_artifacts=None) -> list[RecognizerResult]:
        wanted = set(entities) if entities else None
        return [self._result(hit) for hit in self.lexicon.find(text)
                if wanted is None or hit.entry.entity in wanted]

    def _result(self, hit: Hit) -> RecognizerResult:
        e = hit.entry
        reason = f"{e.pack} lexicon '{e.term}' ({self.supported_language})"
        if hit.cue:
            reason += f"; context '{hit.cue}'"
        return RecognizerResult(
            e.entity, hit.start, hit.end, hit.score,
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                  RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id, "reason": reason,
                                  "special": e.special, "category": e.category})
