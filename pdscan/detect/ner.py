"""Run the name models only where a name can be, batched, and each distinct text once.

A person's name is a capitalised word. Inside a sentence any capitalised word qualifies unless it is a
common word (detectors/ner.yaml `not_names`) or the same text also writes it in lower case ("Form" and
"form": an ordinary word there). At the start of a sentence or line, where every word is capitalised,
only a known name (detectors/name_gate.txt), or a word followed by another capitalised word or a comma
("Kari Nordmann", "Smith, John", "Kari, can you...").

Around each candidate a window of a few dozen characters is cut, kept inside its sentence (plus a short
lead-in), widened to whitespace and merged with overlapping ones: spaCy's small model decides from a few
tokens around a word. Only those chunks go to the model, in `nlp.pipe` batches. Short texts (subjects,
cells, chat lines) cost little and give little context: they go whole once they hold a candidate, or (for
models trained on informal text, ner.yaml `informal`) any ordinary lower-case word, since chat writes names
in lower case; and so does a text with no capitals at all. Identical chunks (quoted mail, repeated headers, table cells) are
analysed once (LRU by text). Offsets in the results are mapped back to the segment.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import regex  # Unicode letter classes (\p{Lu}): names are not only A-Z (Þórólfur, Ćaćić)

from presidio_analyzer import RecognizerResult

from ..paths import data_dir
from .findings import without_surrogates
from .packs import load_yaml

# A capitalised word: an upper-case letter followed by at least one lower-case letter (names, not acronyms).
_CANDIDATE = regex.compile(r"(?<![\w@./\\])\p{Lu}[\p{Ll}'’-]+")
_NAME_FOLLOWS = regex.compile(r"[ \t]*(?:,|\p{Lu})")  # "Kari Nordmann", "Smith, John", "Kari, can you ..."
# Words written in lower case somewhere in the same text are ordinary words there ("Form" and "form").
_LOWER_WORD = regex.compile(r"(?<![\w@./\\])\p{Ll}[\p{Ll}'’-]+")
# A sentence ends at . ! ? before whitespace, or at a line break; not after a title ("Dr. Hansen").
_SENTENCE_BREAK = regex.compile(r"(?<!\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Jr|St|Hr|Fr|Frk|dr|mr|mrs|ms|prof))[.!?](?=\s)|\n")
_OPENERS = " \"'“”‘’«»([{–—-*•·>"  # quotes, brackets, bullets between a sentence start and its first word
_SENTENCE_END = ".!?:;\n\r\t|"


@dataclass(frozen=True)
class NerSettings:
    window: int
    max_chunk: int
    batch_size: int
    batch_chars: int
    cache_size: int
    entities: frozenset[str]
    not_names: frozenset[str]
    names: frozenset[str]  # known names that may open a sentence on their own
    whole_below: int  # texts this short go to the model whole when they hold any capitalised candidate
    informal: frozenset[str]  # languages whose model reads short texts with any ordinary word whole
    column_distinct_values: int  # distinct values of a database column sample the model reads at most


def load_settings() -> NerSettings:
    root = data_dir("detectors")
    doc = load_yaml(root / "ner.yaml")
    with open(root / "name_gate.txt", encoding="utf-8") as fh:
        names = frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))
    return NerSettings(int(doc["window"]), int(doc["max_chunk"]), int(doc["batch_size"]), int(doc["batch_chars"]),
                       int(doc["cache_size"]),
                       frozenset(doc["entities"]), frozenset(str(w).lower() for w in doc["not_names"]), names,
                       int(doc["whole_below"]), frozenset(doc.get("informal", ())),
                       int(doc["column_distinct_values"]))


def _opens_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def lower_case_words(text: str) -> set[str]:
    return set(_LOWER_WORD.findall(text))


def is_candidate(text: str, m: regex.Match, settings: NerSettings, lower_words: set[str], short: bool) -> bool:
    word = m.group(0).lower()
    if word in settings.not_names or word in lower_words:
        return False
    if short or not _opens_sentence(text, m.start()):
        return True
    return word in settings.names or _NAME_FOLLOWS.match(text, m.end()) is not None


def candidate_chunks(text: str, settings: NerSettings, informal: bool = False) -> list[tuple[int, int]]:
    """Spans of `text` worth running NER on: windows around candidate name words, merged, bounded in length."""
    if len(text) <= settings.max_chunk and text.islower():
        return [(0, len(text))]  # an all-lower-case text (chat): names cannot be told by their shape
    short = len(text) <= settings.whole_below
    if short and informal and any(w.lower() not in settings.not_names for w in _LOWER_WORD.findall(text)):
        # Chat lines and tweets write names in lower case ("the kendrick reference") even when other words
        # are capitalised: a short text with ordinary words costs little, so the model reads it whole.
        return [(0, len(text))]
    spans: list[list[int]] = []
    lower_words = lower_case_words(text)
    for m in _CANDIDATE.finditer(text):
        if not is_candidate(text, m, settings, lower_words, short):
            continue
        if short:  # a short text costs little: analyse it whole, sentence openers included
            return [(0, len(text))]
        start, end = _within_sentence(text, m.start(), m.end(), settings.window)
        if spans and start <= spans[-1][1] and end - spans[-1][0] <= settings.max_chunk:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(s, e) for s, e in spans]


LEAD_IN = 16  # characters of the previous sentence kept: the model tags a sentence's first word better with them


def _within_sentence(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    """The window around text[start:end], cut at the sentence (or line) it is in and widened to whitespace,
    so the model never sees half a word and spends nothing on the neighbouring sentences."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    before = max((m.end() for m in _SENTENCE_BREAK.finditer(text, lo, start)), default=None)
    if before is not None:
        lo = max(lo, before - LEAD_IN)
    if lo > 0:
        ws = max(text.rfind(" ", max(0, lo - window), lo), text.rfind("\n", max(0, lo - window), lo))
        lo = ws + 1 if ws >= 0 else lo
    after = _SENTENCE_BREAK.search(text, end, hi)
    if after is not None:
        hi = after.start() + 1
    elif hi < len(text):
        found = [i for i in (text.find(" ", hi, hi + window), text.find("\n", hi, hi + window)) if i >= 0]
        hi = min(found) if found else hi
    return lo, hi


def split_at_lines(r: RecognizerResult, text: str) -> list[RecognizerResult]:
    """A name never runs across a line break: in column samples, tables and lists each line is its own value,
    and one span over several lines would count as one row and hash as one name."""
    if "\n" not in text[r.start:r.end]:
        return [r]
    parts, pos = [], r.start
    for line in text[r.start:r.end].split("\n"):
        start, end = pos + len(line) - len(line.lstrip()), pos + len(line.rstrip())
        if end > start:
            parts.append(RecognizerResult(r.entity_type, start, end, r.score, r.analysis_explanation,
                                          r.recognition_metadata))
        pos += len(line) + 1
    return parts


class NerRunner:
    """Holds one model per language (from the @ner_model registry) and a cache of analysed chunks."""

    def __init__(self, models: dict[str, object], settings: NerSettings):
        self.models = models
        self.settings = settings
        self._cache: OrderedDict[tuple[str, str], list[RecognizerResult]] = OrderedDict()

    def model_for(self, language: str | None) -> tuple[str, object] | None:
        for lang in (language, "en"):  # no model for this language: the English one is the best fallback
            if lang in self.models:
                return lang, self.models[lang]
        return None

    def analyze(self, texts: list[tuple[str, str | None]]) -> list[list[RecognizerResult]]:
        """For each (text, language): the name results, with offsets in that text."""
        out: list[list[RecognizerResult]] = [[] for _ in texts]
        todo: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (model lang, chunk) -> [(text index, offset)]
        for i, (text, language) in enumerate(texts):
            chosen = self.model_for(language)
            if chosen is None:
                continue
            for start, end in candidate_chunks(text, self.settings, chosen[0] in self.settings.informal):
                chunk = without_surrogates(text[start:end])
                todo.setdefault((chosen[0], chunk), []).append((i, start))
        found: dict[tuple[str, str], list[RecognizerResult]] = {}
        missing: dict[str, list[str]] = {}
        for key in todo:
            if key in self._cache:
                self._cache.move_to_end(key)
                found[key] = self._cache[key]
            else:
                missing.setdefault(key[0], []).append(key[1])
        for lang, chunks in missing.items():
            model = self.models[lang]
            for batch in self._batches(chunks):
                for chunk, results in zip(batch, model.pipe(batch)):
                    found[(lang, chunk)] = [r for r in results if r.entity_type in self.settings.entities]
                    self._remember((lang, chunk), found[(lang, chunk)])
        for key, places in todo.items():
            for r in found[key]:
                for i, offset in places:
                    out[i].append(RecognizerResult(r.entity_type, r.start + offset, r.end + offset, r.score,
                                                   r.analysis_explanation, dict(r.recognition_metadata or {})))
        return out

    def _batches(self, chunks: list[str]):
        """Up to `batch_size` chunks and `batch_chars` characters each: the model's memory grows with both."""
        batch: list[str] = []
        size = 0
        for chunk in chunks:
            if batch and (len(batch) >= self.settings.batch_size or size + len(chunk) > self.settings.batch_chars):
                yield batch
                batch, size = [], 0
            batch.append(chunk)
            size += len(chunk)
        if batch:
            yield batch

    def _remember(self, key: tuple[str, str], results: list[RecognizerResult]) -> None:
        self._cache[key] = results
        if len(self._cache) > self.settings.cache_size:
            self._cache.popitem(last=False)
