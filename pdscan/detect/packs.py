"""Load the declarative detector packs in detectors/ (YAML), with errors that name the file, line and key.

A pattern pack (`detectors/patterns/*.yaml`) looks like:

    version: "1"
    recognizers:
      - name: NoOrgnrRecognizer
        entity: NO_ORGNR
        patterns: [{name: nine digits, regex: '\\b\\d{3} ?\\d{3} ?\\d{3}\\b', score: 0.1}]
        validator: no_orgnr          # a name in pdscan.detect.validators, or {name: phone, regions: [NO, SE]}
        validation_boost: 0.2        # added once the validator passed (a failed validation drops the match)
        context_boost: 0.5           # added when a context word is within the window
        context_window: [100, 40]    # characters before / after the match (default)
        threshold: 0.5               # results below it are dropped
        gate: '\\d{3}'               # optional cheap regex: no gate hit, the recogniser is not run
        context: {en: [org.nr, organisation number], nb: [orgnr, organisasjonsnummer]}
        other_context: {en: [zip]}   # optional: another identifier's label right before, no own word: dropped
        examples: {match: ["Orgnr: 310 000 000"], no_match: ["Orgnr: 310 000 001"]}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..paths import data_dir
from ..register.yaml_lines import Path_, YamlProblem, line_of, load_with_lines
from .validators import VALIDATORS


class PackError(ValueError):
    """A detector pack is malformed; the message names the file, the line and the key."""


@dataclass(frozen=True)
class _Pack:
    """A loaded pack file and where each of its values was written."""

    path: Path
    lines: dict[Path_, int]

    def error(self, where: Path_, key: str, message: str) -> PackError:
        """`key` of the mapping at `where` is wrong; a missing key points at the mapping itself."""
        return PackError(f"{self.path}:{line_of(self.lines, (*where, key))}: key '{key}': {message}")


def _load(path: Path) -> tuple[Any, _Pack]:
    try:
        doc, lines = load_with_lines(path.read_text(encoding="utf-8"))
    except YamlProblem as e:
        raise PackError(f"{path}:{e.line}: invalid YAML: {e.message}") from None
    return doc, _Pack(path, lines)


def load_yaml(path: Path) -> Any:
    return _load(path)[0]


@dataclass(frozen=True)
class PatternSpec:
    name: str
    regex: str
    score: float


@dataclass(frozen=True)
class RecognizerSpec:
    """One recogniser from a pattern pack, validated."""

    name: str
    entity: str
    patterns: tuple[PatternSpec, ...]
    pack: str
    version: str
    validator: str | None = None
    validator_args: dict = field(default_factory=dict)
    validation_boost: float = 0.0
    context_boost: float = 0.35
    context_window: tuple[int, int] = (100, 40)
    threshold: float = 0.5
    gate: str | None = None
    flags: str = ""
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Labels of other identifiers ("SSN", "ZIP"): right before a match without own context words, it is that.
    other_context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


_KEYS = {"name", "entity", "patterns", "validator", "validation_boost", "context_boost", "context_window",
         "threshold", "gate", "flags", "context", "other_context", "examples"}


def _score(pack: _Pack, node: dict, where: Path_, key: str, default: float | None = None) -> float | None:
    value = node.get(key, default)
    if value is None:
        return None
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise pack.error(where, key, f"must be a number between 0 and 1, got {value!r}")
    return float(value)


def _regex(pack: _Pack, where: Path_, key: str, value: Any, flags: int = 0) -> str:
    if not isinstance(value, str) or not value:
        raise pack.error(where, key, "must be a non-empty regular expression string")
    try:
        re.compile(value, flags)
    except re.error as e:
        raise pack.error(where, key, f"invalid regular expression: {e}") from None
    return value


def _words(pack: _Pack, node: dict, where: Path_, key: str) -> dict[str, tuple[str, ...]]:
    value = node.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise pack.error(where, key, "must map a language code (en, nb, nn) to a list of words")
    return {lang: tuple(str(w).lower() for w in words) for lang, words in value.items()}


def _recognizer(pack: _Pack, node: Any, where: Path_, version: str) -> RecognizerSpec:
    path = pack.path
    if not isinstance(node, dict):
        raise PackError(f"{path}: every entry of 'recognizers' must be a mapping")
    unknown = set(node) - _KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise pack.error(where, key, f"unknown key; known keys: {', '.join(sorted(_KEYS))}")
    for key in ("name", "entity", "patterns"):
        if not node.get(key):
            raise pack.error(where, key, f"missing in recogniser {node.get('name', '?')!r}")
    flags = str(node.get("flags", ""))
    re_flags = re.IGNORECASE if "i" in flags else 0
    patterns = []
    if not isinstance(node["patterns"], list):
        raise pack.error(where, "patterns", "must be a list of {name, regex, score}")
    for i, p in enumerate(node["patterns"]):
        if not isinstance(p, dict) or not {"name", "regex", "score"} <= set(p):
            raise pack.error(where, "patterns", "each pattern needs name, regex and score")
        at = (*where, "patterns", i)
        patterns.append(PatternSpec(str(p["name"]), _regex(pack, at, "regex", p["regex"], re_flags),
                                    _score(pack, p, at, "score")))
    validator, args = node.get("validator"), {}
    if isinstance(validator, dict):
        args = {k: tuple(v) if isinstance(v, list) else v for k, v in validator.items() if k != "name"}
        validator = validator.get("name")
    if validator is not None and validator not in VALIDATORS:
        raise pack.error(where, "validator", f"unknown validator {validator!r}; known: {', '.join(sorted(VALIDATORS))}")
    window = node.get("context_window", [100, 40])
    if not (isinstance(window, list) and len(window) == 2 and all(isinstance(w, int) and w >= 0 for w in window)):
        raise pack.error(where, "context_window", "must be [characters before, characters after]")
    examples = node.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"match", "no_match"}:
        raise pack.error(where, "examples", "must be {match: [...], no_match: [...]}")
    if not examples.get("match"):
        raise pack.error(where, "examples", "needs at least one 'match' example")
    gate = node.get("gate")
    return RecognizerSpec(
        name=str(node["name"]), entity=str(node["entity"]), patterns=tuple(patterns), pack=path.stem,
        version=version, validator=validator, validator_args=args,
        validation_boost=_score(pack, node, where, "validation_boost", 0.0),
        context_boost=_score(pack, node, where, "context_boost", 0.35), context_window=(window[0], window[1]),
        threshold=_score(pack, node, where, "threshold", 0.5),
        gate=_regex(pack, where, "gate", gate, re_flags) if gate is not None else None, flags=flags,
        context=_words(pack, node, where, "context"), other_context=_words(pack, node, where, "other_context"),
        examples_match=tuple(examples.get("match") or ()), examples_no_match=tuple(examples.get("no_match") or ()),
    )


def load_pattern_pack(path: Path) -> list[RecognizerSpec]:
    doc, pack = _load(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("recognizers"), list):
        raise PackError(f"{path}:1: key 'recognizers': a pattern pack needs a list of recognizers")
    version = str(doc.get("version", "0"))
    specs = [_recognizer(pack, node, ("recognizers", i), version) for i, node in enumerate(doc["recognizers"])]
    names = [s.name for s in specs]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise PackError(f"{path}: recogniser names must be unique; repeated: {', '.join(sorted(dupes))}")
    return specs


def pattern_packs(root: Path | None = None) -> list[Path]:
    return sorted((root or data_dir("detectors")).joinpath("patterns").glob("*.yaml"))


def load_pattern_packs(root: Path | None = None) -> list[RecognizerSpec]:
    return [spec for path in pattern_packs(root) for spec in load_pattern_pack(path)]


def load_categories(root: Path | None = None) -> tuple[dict[str, str], str]:
    """Entity -> fideslang-style category key, and the key for entities not in the map."""
    path = (root or data_dir("detectors")) / "categories.yaml"
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("categories"), dict):
        raise PackError(f"{path}:1: key 'categories': must map entity names to category keys")
    return {str(k): str(v) for k, v in doc["categories"].items()}, str(doc.get("default", "user"))


def load_word_lists(name: str, root: Path | None = None) -> dict[str, frozenset[str]]:
    """A YAML file of `key: [words]` lists under detectors/ (language function words, NER stop words)."""
    path = (root or data_dir("detectors")) / name
    doc, pack = _load(path)
    if not isinstance(doc, dict):
        raise PackError(f"{path}:1: must map names to word lists")
    for key, words in doc.items():
        if not isinstance(words, list):
            raise pack.error((), str(key), "must be a list of words")
    return {str(k): frozenset(str(w).lower() for w in v) for k, v in doc.items()}
