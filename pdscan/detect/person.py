"""Name-model results checked and completed with what a small model misses in the text around it.

spaCy's small English model reads a few tokens: it takes street names for people ("95 Halsey Road") and
misses people named in lists, after a cue ("my name is Sandro") or a second time. Rules (detectors/person.yaml):

* dropped: a span with a digit, a street or unit word in it, a street word or an organisation suffix
  right after it, or between a house number and a number or line end (an address line);
* widened: a title in front joins the span ("Dr. Jacob van Gameren");
* added: capitalised words after a cue phrase or a name field's label ("Name:", {"owner": ...}); every member of a list of capitalised words ("A, B, C and
  D") when the model found one and most are names (found, or in detectors/name_gate.txt); each further mention
  of a name the model found in the same text.
Added words obey the same gate as the model's input: not a common word, not written in lower case elsewhere.
Completing is for the languages in `complete_languages` (the English small model); checking is for all.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from presidio_analyzer import RecognizerResult

from ..paths import data_dir
from .ner import NerSettings, lower_case_words
from .packs import load_pattern_packs, load_yaml

REASON_KEY = "reason"
ADDED_SCORE = 0.6  # below the model's 0.85: evidence from the text's shape, not from the model
_WORD = r"\p{Lu}[\p{Ll}'’-]+(?:\p{Lu}[\p{Ll}'’-]+)?"  # "McCathie", "DeRose"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
_TOKEN = regex.compile(r"[\p{L}]+")
_LIST = regex.compile(rf"(?<![\w-])(?:{_WORD}[ \t]*,[ \t]*)+{_WORD},?[ \t]+(?:and|or|&|og|eller)[ \t]+{_WORD}(?![\w-])")
_LIST_MEMBER = regex.compile(_WORD)


@dataclass(frozen=True)
class PersonRules:
    street_words: frozenset[str]
    unit_words: frozenset[str]
    org_suffixes: frozenset[str]
    titles: frozenset[str]
    cue: regex.Pattern
    label: regex.Pattern
    title_before: regex.Pattern
    list_name_share: float
    complete_languages: frozenset[str]


@lru_cache(maxsize=1)
def load_rules() -> PersonRules:
    doc = load_yaml(data_dir("detectors") / "person.yaml")
    low = lambda key: frozenset(str(w).lower() for w in doc[key])  # noqa: E731
    cues = "|".join(regex.escape(c) for c in sorted(doc["cues"], key=len, reverse=True))
    labels = "|".join(regex.escape(c) for c in sorted(doc["labels"], key=len, reverse=True))
    titles = "|".join(regex.escape(t) for t in sorted(low("titles"), key=len, reverse=True))
    return PersonRules(
        street_words=low("street_words"), unit_words=low("unit_words"),
        org_suffixes=frozenset(str(w) for w in doc["org_suffixes"]), titles=low("titles"),
        # The cue is matched without case (sentence-initial "Dear"), the name after it must be capitalised.
        cue=regex.compile(rf"(?<![\w])(?i:{cues})\.?,?[ \t]+(?P<name>{_NAME})"),
        # A label opens its line or field ("Product name:" is not one).
        label=regex.compile(rf"(?:^|(?<=[\n{{,;|>\"']))[ \t]*(?i:{labels})[\"']?[ \t]*[:=][ \t]*[\"']?(?P<name>{_NAME})"),
        title_before=regex.compile(rf"(?i:(?<![\w])(?:{titles})\.?)[ \t]+$"),
        list_name_share=float(doc["list_name_share"]),
        complete_languages=frozenset(doc["complete_languages"]),
    )


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def is_address_or_org(text: str, start: int, end: int, rules: PersonRules) -> bool:
    span = text[start:end]
    if any(c.isdigit() for c in span) or not any(c.isalpha() for c in span):
        return True
    if any(t in rules.street_words or t in rules.unit_words for t in _tokens(span)):
        return True
    line_end = text.find("\n", end)
    after = text[end:line_end if line_end >= 0 else len(text)]
    following = _TOKEN.findall(after[:20])[:1]
    if following and (following[0] in rules.org_suffixes
                      or (following[0][0].isupper() and following[0].lower() in rules.street_words)):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    # An address line: a house number right before, and a number or nothing after on the same line.
    return bool(regex.search(r"\d[ \t]+$", before)) and bool(regex.match(r"[ \t,]*(?:\d|$)", after))


@lru_cache(maxsize=1)
def identifier_labels() -> frozenset[str]:
    """Every context word of the identifier packs ("Kontonummer", "IBAN", "fnr"): a field label, never a name."""
    return frozenset(w.lower() for spec in load_pattern_packs() for words in spec.context.values() for w in words)


def is_label(text: str, start: int, end: int) -> bool:
    """An identifier's label in front of its value ("Kontonummer: 1234…", "Tlf 412…")."""
    tokens = _tokens(text[start:end])
    return (bool(tokens) and all(t in identifier_labels() for t in tokens)
            and bool(regex.match(r"[ \t]*[.:#=]?[ \t]*[\d+(]", text[end:end + 8])))


def _result(start: int, end: int, why: str, score: float = ADDED_SCORE) -> RecognizerResult:
    reason = f"PersonRules: {why}"
    return RecognizerResult("PERSON", start, end, score,
                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "PersonRules",
                                                  REASON_KEY: reason})


def refine(text: str, results: list[RecognizerResult], settings: NerSettings,
           rules: PersonRules | None = None, complete: bool = True) -> list[RecognizerResult]:
    """The name results for `text`, checked and, unless `complete` is False (rows of a column sample are
    not sentences), completed (see the module docstring)."""
    rules = rules or load_rules()
    kept = []
    for r in results:
        if r.entity_type != "PERSON" or not (is_address_or_org(text, r.start, r.end, rules)
                                             or is_label(text, r.start, r.end)):
            kept.append(_with_title(text, r, rules))
    if not complete:
        return kept
    lower_words = lower_case_words(text)

    def plausible(word: str) -> bool:
        w = word.lower()
        return w not in settings.not_names and w not in lower_words and w not in rules.street_words \
            and w not in rules.unit_words and word not in rules.org_suffixes and w not in rules.titles

    taken = [(r.start, r.end) for r in kept]
    free = lambda s, e: not any(s < b and a < e for a, b in taken)  # noqa: E731
    added: list[RecognizerResult] = []

    def add(s: int, e: int, why: str) -> None:
        if free(s, e) and not is_address_or_org(text, s, e, rules):
            added.append(_result(s, e, why))
            taken.append((s, e))

    for pattern, why in ((rules.cue, "after a cue phrase"), (rules.label, "the value of a name field")):
        for m in pattern.finditer(text):
            if plausible(m.group("name").split()[0]):
                add(m.start("name"), m.end("name"), why)
    found_words = {w for r in kept for w in text[r.start:r.end].split() if len(w) > 2 and plausible(w)}
    for m in _LIST.finditer(text):
        members = list(_LIST_MEMBER.finditer(m.group(0)))
        found = sum(1 for w in members if not free(m.start() + w.start(), m.start() + w.end()))
        named = sum(1 for w in members if not free(m.start() + w.start(), m.start() + w.end())
                    or w.group(0).lower() in settings.names)
        if found and named >= 2 and named / len(members) >= rules.list_name_share:
            for w in members:
                if plausible(w.group(0)):
                    add(m.start() + w.start(), m.start() + w.end(), "in a list of names")
    for word in found_words:
        for m in regex.finditer(rf"(?<![\w]){regex.escape(word)}(?![\w])", text):
            add(m.start(), m.end(), "another mention of a name found in the text")
    return kept + added


def _with_title(text: str, r: RecognizerResult, rules: PersonRules) -> RecognizerResult:
    line_start = text.rfind("\n", 0, r.start) + 1
    m = rules.title_before.search(text, line_start, r.start)
    if m is None:
        return r
    return RecognizerResult(r.entity_type, m.start(), r.end, r.score, r.analysis_explanation, r.recognition_metadata)
