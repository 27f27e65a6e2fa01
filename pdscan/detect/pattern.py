"""A Presidio PatternRecognizer built from one pack entry, scoring format + checksum + context words.

score = the pattern's score (format) + `validation_boost` when the validator passes (a failed validation
drops the match) + `context_boost` when a context word is within the window, at most 1; results below
`threshold` are dropped, and so are matches right after another identifier's label (`other_context`,
within OTHER_LABEL_WINDOW characters before) when none of the recogniser's own context words is near other than
inside that label ("norsk personnummer" before a Danish-looking number). The reason names the recogniser, the pattern, the validation and the context words:
never the value.
"""
from __future__ import annotations

import re
from functools import partial

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from .context import ContextScorer
from .packs import RecognizerSpec
from .validators import VALIDATORS

REASON_KEY = "reason"
TEST_DATA_KEY = "test_data"
VALIDATION_CACHE = 20_000
OTHER_LABEL_WINDOW = 40  # a label names the value right after it ("ZIP 94105-1234", "Austrian social security number: …")


class PackRecognizer(PatternRecognizer):
    def __init__(self, spec: RecognizerSpec, language: str, context_words: tuple[str, ...]):
        flags = re.IGNORECASE if "i" in spec.flags else 0
        super().__init__(
            supported_entity=spec.entity, name=spec.name, supported_language=language,
            patterns=[Pattern(p.name, p.regex, p.score) for p in spec.patterns], context=list(context_words),
            global_regex_flags=flags, version=spec.version,
        )
        self.spec = spec
        self._compiled = [(p, re.compile(p.regex, flags)) for p in spec.patterns]
        self._gate = re.compile(spec.gate, flags) if spec.gate else None
        self._validate = partial(VALIDATORS[spec.validator], **spec.validator_args) if spec.validator else None
        self._context = ContextScorer(context_words, spec.context_window)
        self._other = ContextScorer({w for words in spec.other_context.values() for w in words}, (OTHER_LABEL_WINDOW, 0))
        self._checked: dict[str, object] = {}  # value -> validation: tables and quoted mail repeat values

    def _validation(self, value: str):
        if value not in self._checked:
            if len(self._checked) >= VALIDATION_CACHE:
                self._checked.clear()
            self._checked[value] = self._validate(value)
        return self._checked[value]

    def can_match(self, text: str) -> bool:
        """The cheap pre-filter: False means the patterns cannot match, so analyze() need not run."""
        return self._gate is None or self._gate.search(text) is not None

    def analyze(self, text: str, entities=None, nlp_artifacts=None, regex_flags=None, field: str = "") -> list[RecognizerResult]:
        results = []
        for pattern, regex in self._compiled:
            has_value_group = "value" in regex.groupindex
            for m in regex.finditer(text):
                start, end = m.span("value") if has_value_group else m.span()
                if start == end:
                    continue
                result = self._score(text, start, end, pattern.name, pattern.score, field)
                if result is not None:
                    results.append(result)
        return EntityRecognizer.remove_duplicates(results)

    def _score(self, text: str, start: int, end: int, pattern_name: str, score: float, field: str) -> RecognizerResult | None:
        spec = self.spec
        parts = [f"pattern '{pattern_name}'"]
        test_data = False
        if score + spec.validation_boost < spec.threshold and not (
                self._context.words_near(text, start, end, field) or self._context.words_near(text, start, start)):
            return None  # needs a context word (before, inside or after the match) and has none: skip the validator
        if self._validate is not None:
            validation = self._validation(text[start:end])
            if validation is None:
                return None
            parts.append(validation.check)
            test_data = validation.test_data
            score += spec.validation_boost
            if validation.length is not None:
                end = start + validation.length
        words = self._context.words_near(text, start, end, field)
        other = self._other.words_near(text, start, end)
        if other and all(any(w in o for o in other) for w in words):
            return None  # another identifier's label, and any own word is only part of it ("norsk personnummer")
        if words:
            score = min(EntityRecognizer.MAX_SCORE, score + spec.context_boost)
            parts.append("context: " + ", ".join(words))
        else:
            parts.append("no context words")
        if score < spec.threshold:
            return None
        reason = f"{self.name}: " + "; ".join(parts)
        return RecognizerResult(
            entity_type=spec.entity, start=start, end=end, score=round(score, 3),
            analysis_explanation=AnalysisExplanation(recognizer=self.name, original_score=score,
                                                     pattern_name=pattern_name, textual_explanation=reason),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                REASON_KEY: reason,
                TEST_DATA_KEY: test_data,
            },
        )
