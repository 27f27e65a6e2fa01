"""The detection engine: Presidio recognisers from the packs and the registry, run where they can match.

    engine = Engine(ScanOptions())
    findings = engine.detect(item, segments)        # aggregated Findings for the store
    results = engine.analyze_text("Ring Ola på 412 34 567")   # span-level RecognizerResults

Per segment: the language is detected (en, nb, nn; short segments take the item's language), and a prose
segment mixing English and Norwegian lines is cut into runs of one language (`language_runs`), each run
analysed with its own language and its offsets moved back into the segment; every pattern recogniser
whose cheap gate matches runs (format, checksum, context words -> score); the class recognisers
registered with `@recognizer` run; the name model for the language (`@ner_model`, English spaCy as the
fallback) runs only on the windows around candidate name words, batched across all segments of the item;
on database column samples it reads each distinct value once (see `column_ner`).
Overlapping results: see `resolve_overlaps`.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version

from presidio_analyzer import RecognizerRegistry, RecognizerResult

from ..model import Finding, Item, Segment
from ..options import ScanOptions
from . import registry
from .column_ner import column_names
from .findings import aggregate
from .language import detect_language, language_runs
from .ner import NerRunner, load_settings, split_at_lines
from .offline import make_tldextract_offline
from .packs import RecognizerSpec, load_categories, load_pattern_packs
from .pattern import PackRecognizer
from .person import load_rules, refine

DEFAULT_LANGUAGE = "en"
log = logging.getLogger(__name__)


def _context_words(spec: RecognizerSpec) -> tuple[str, ...]:
    # Every listed language's words apply to every segment: identifiers cross languages ("fnr" in an
    # English mail), and short segments are often too short to tell their language.
    return tuple(sorted({w for words in spec.context.values() for w in words}))


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


class Engine:
    def __init__(self, options: ScanOptions | None = None):
        make_tldextract_offline()
        registry.load_all()
        self.options = options or ScanOptions()
        self.languages = tuple(self.options.languages) or (DEFAULT_LANGUAGE,)
        # extra["detectors"]: only these pattern packs and recogniser modules (e.g. ["common", "spacy_en"]).
        chosen = self.options.extra.get("detectors")
        self._chosen = None if chosen is None else set(chosen)
        self.specs = [spec for spec in load_pattern_packs() if self._wanted(spec.pack)]
        self.categories, self.default_category = load_categories()
        self.registry = RecognizerRegistry(supported_languages=list(self.languages))
        for spec in self.specs:
            words = _context_words(spec)
            for lang in self.languages:
                self.registry.add_recognizer(PackRecognizer(spec, lang, words))
        for cls in (c for c in registry.RECOGNIZERS if self._wanted(_module_name(c))):
            for rec in (cls.instances() if hasattr(cls, "instances") else [cls()]):
                if rec.supported_language in self.languages:
                    self.registry.add_recognizer(rec)
        self._by_language = {lang: self.registry.get_recognizers(lang, all_fields=True) for lang in self.languages}
        self.ner = None
        self.unavailable: dict[str, str] = {}  # language -> why its name model did not load
        if self.options.ner:
            self.ner = NerRunner(self._load_ner_models(), load_settings())

    def _load_ner_models(self) -> dict[str, object]:
        models: dict[str, object] = {}
        for lang, cls in registry.NER_MODELS.items():
            if lang not in self.languages or not self._wanted(_module_name(cls)):
                continue
            # One instance per class: a model registered for nb and nn loads once.
            model = next((m for m in models.values() if type(m) is cls), None)
            if model is None:
                try:
                    model = cls()
                except Exception as e:  # a missing or broken model must not stop the scan: fall back to English
                    self.unavailable[lang] = f"{cls.__name__}: {type(e).__name__}: {str(e)[:200]}"
                    log.warning("name model for %s unavailable, using the English one: %s", lang, self.unavailable[lang])
                    continue
            models[lang] = model
        return models

    def _wanted(self, name: str) -> bool:
        return self._chosen is None or name in self._chosen

    # --- span level ------------------------------------------------------------------------------------

    def analyze_text(self, text: str, language: str | None = None) -> list[RecognizerResult]:
        """Span-level results for one text (for evaluation): Presidio RecognizerResults with entity_type,
        start, end, score and recognition_metadata (recognizer_name, reason, special, test_data, category).
        `language` None means detect it (English when the text gives no evidence), line by line when the text
        mixes languages."""
        if language is not None:
            return self.analyze_segments([(text, language, "")])[0]
        return self.analyze_mixed([(text, detect_language(text) or DEFAULT_LANGUAGE, "")])[0]

    def analyze_mixed(self, segments: list[tuple[str, str, str]], whole: frozenset[int] = frozenset()
                      ) -> list[list[RecognizerResult]]:
        """`analyze_segments` with each text (but those indexed in `whole`) cut into runs of one language
        first; offsets stay the text's."""
        parts, owners = [], []
        for i, (text, language, field) in enumerate(segments):
            runs = [] if i in whole else [(start, end, lang if lang in self.languages else language)
                                          for start, end, lang in language_runs(text)]
            for start, end, lang in runs or [(0, len(text), language)]:
                parts.append((text[start:end], lang, field))
                owners.append((i, start))
        out: list[list[RecognizerResult]] = [[] for _ in segments]
        for (i, start), results in zip(owners, self.analyze_segments(parts)):
            for r in results:
                r.start, r.end = r.start + start, r.end + start
            out[i].extend(results)
        return out

    def analyze_segments(self, segments: list[tuple[str, str, str]]) -> list[list[RecognizerResult]]:
        """For each (text, language, field): the resolved results. NER is batched over all of them."""
        out = []
        for text, language, field in segments:
            results = []
            for rec in self._by_language.get(language) or self._by_language[self.languages[0]]:
                if isinstance(rec, PackRecognizer):
                    if rec.can_match(text):
                        results.extend(rec.analyze(text, field=field))
                elif getattr(rec, "can_match", None) is None or rec.can_match(text):
                    results.extend(rec.analyze(text, rec.supported_entities, None))
            out.append(results)
        if self.ner is not None:
            columns = column_names(self.ner, segments)
            prose = [i for i in range(len(segments)) if i not in columns]
            names_per_segment = self.ner.analyze([segments[i][:2] for i in prose])
            complete = load_rules().complete_languages
            for i, names in zip(prose, names_per_segment):
                text, language, _ = segments[i]
                names = [part for r in names for part in split_at_lines(r, text)]
                out[i].extend(refine(text, names, self.ner.settings, complete=language in complete))
            for i, names in columns.items():
                out[i].extend(names)
        return [resolve_overlaps(results) for results in out]

    # --- item level ------------------------------------------------------------------------------------

    def languages_of(self, segments: list[Segment]) -> list[str]:
        """Each segment's language; segments too short to tell take the item's most common language."""
        found = [seg.language or detect_language(seg.text) for seg in segments]
        counts = Counter(lang for lang in found if lang)
        fallback = counts.most_common(1)[0][0] if counts else DEFAULT_LANGUAGE
        return [lang if lang in self.languages else fallback if fallback in self.languages else self.languages[0]
                for lang in (f or fallback for f in found)]

    def detect(self, item: Item, segments: list[Segment]) -> list[Finding]:
        if not segments:
            return []
        # Only prose of undeclared language is cut into runs: a column sample is one value per line, and a
        # declared language is the source's word.
        whole = frozenset(i for i, seg in enumerate(segments) if seg.rows is not None or seg.language is not None)
        languages = self.languages_of(segments)
        segments = [seg if seg.language == lang else _with_language(seg, lang) for seg, lang in zip(segments, languages)]
        results = self.analyze_mixed([(seg.text, seg.language, seg.field) for seg in segments], whole)
        return aggregate(item, segments, results, self.categories, self.default_category,
                         show_data=self.options.show_data)

    # --- run.json --------------------------------------------------------------------------------------

    def supported_entities(self) -> set[str]:
        entities = {spec.entity for spec in self.specs}
        for recs in self._by_language.values():
            for rec in recs:
                entities.update(rec.supported_entities)
        if self.ner is not None and self.ner.models:
            entities.update(self.ner.settings.entities)
        return entities

    def describe(self) -> dict:
        packs = sorted({(spec.pack, spec.version) for spec in self.specs})
        return {
            "presidio_analyzer": _version("presidio-analyzer"),
            "spacy": _version("spacy"),
            "packs": {name: ver for name, ver in packs},
            "recognizers": sorted({rec.name for recs in self._by_language.values() for rec in recs}),
            "ner_models": {lang: getattr(m, "version", None) or type(m).__name__
                           for lang, m in (self.ner.models.items() if self.ner else ())},
            "ner_unavailable": dict(self.unavailable),
            "languages": list(self.languages),
        }


def _module_name(cls: type) -> str:
    return cls.__module__.rsplit(".", 1)[-1]


def _with_language(seg: Segment, language: str) -> Segment:
    return replace(seg, language=language)


def resolve_overlaps(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Overlapping results: the same entity keeps its longest span; a result inside a longer one of another
    entity goes (the phone-like digits inside a card number, the street name inside an address); partly
    overlapping or identical spans keep the higher score, both when tied ("11 digits: fnr or account?" stays
    visible). Art. 9/10 results never compete with identifiers: they describe the text, not the value."""
    special = [r for r in results if (r.recognition_metadata or {}).get("special")]
    plain = sorted((r for r in results if not (r.recognition_metadata or {}).get("special")),
                   key=lambda r: (r.start, r.end))
    kept: list[RecognizerResult] = []
    cluster: list[RecognizerResult] = []
    cluster_end = -1
    for r in plain + [None]:  # clusters of mutually reachable overlaps, so the pairwise check stays local
        if r is None or r.start >= cluster_end:
            kept.extend(_best_of(cluster))
            cluster, cluster_end = [], -1
            if r is None:
                break
        cluster.append(r)
        cluster_end = max(cluster_end, r.end)
    return sorted(kept + _dedupe(special), key=lambda r: (r.start, r.end))


def _best_of(cluster: list[RecognizerResult]) -> list[RecognizerResult]:
    kept: list[RecognizerResult] = []
    for r in sorted(cluster, key=lambda r: (-(r.end - r.start), -r.score, r.start)):
        if not any(r.start < k.end and k.start < r.end
                   and (k.entity_type == r.entity_type or k.score > r.score or _contains(k, r))
                   for k in kept):
            kept.append(r)
    return kept


def _contains(outer: RecognizerResult, inner: RecognizerResult) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and outer.end - outer.start > inner.end - inner.start


def _dedupe(results: list[RecognizerResult]) -> list[RecognizerResult]:
    seen, out = set(), []
    for r in results:
        key = (r.entity_type, r.start, r.end)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
