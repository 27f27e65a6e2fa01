"""Extension points for detectors that YAML cannot express.

Two kinds, both discovered by importing every module in pdscan/detect/recognizers/:

* `@recognizer` on a Presidio `EntityRecognizer` subclass (special-category matcher, validators that
  need more than a pattern). `cls.instances()` (default: `[cls()]`) gives one instance per language.
  It runs on every segment of a supported language; it should be cheap (regex / Aho-Corasick).
  Optional: `can_match(text) -> bool`, a cheaper pre-filter; when it says False, analyze() is skipped.
* `@ner_model(languages=(...))` on a class with `pipe(texts: list[str]) -> list[list[RecognizerResult]]`:
  a statistical name model, batched, constructed once per process with no arguments. The engine sends it
  only windows of text around candidate name words (pdscan.detect.ner), each distinct window once, and
  maps offsets back. A language without a model (or whose model fails to load) uses the English one.

Results carry their explanation in `RecognizerResult.recognition_metadata`:
  recognizer_name  which recogniser (Presidio's own key)
  reason           human text: validation, checksum, context words that applied
  special          Art. 9 category key (e.g. "health", "religion") or "art10"; absent for ordinary data
  category         fideslang-style category key, when not the entity's default from detectors/categories.yaml
  test_data        True for synthetic test numbers (Tenor +80, NAV +40)
"""
from __future__ import annotations

RECOGNIZERS: list[type] = []
NER_MODELS: dict[str, type] = {}  # language -> class


def recognizer(cls: type) -> type:
    RECOGNIZERS.append(cls)
    return cls


def ner_model(languages: tuple[str, ...]):
    def deco(cls: type) -> type:
        for lang in languages:
            NER_MODELS[lang] = cls
        return cls

    return deco


def load_all() -> None:
    from ..plugins import load_package

    load_package("pdscan.detect.recognizers")
