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

import yaml

from ..paths import data_dir
from .validators import VALIDATORS


class PackError(ValueError):
    """A detector pack is malformed; the message names the file, the line and the key."""


class _LineDict(dict):
    """A YAML mapping that remembers where it and each of its keys were written."""

    line: int = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise PackError(f"{where}: invalid YAML: {getattr(e, 'problem', e)}") from None


def error(path: Path, node: Any, key: str, message: str) -> PackError:
    line = getattr(node, "key_lines", {}).get(key) or getattr(node, "line", "?")
    return PackError(f"{path}:{line}: key '{key}': {message}")


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


def _score(path: Path, node: dict, key: str, default: float | None = None) -> float | None:
    value = node.get(key, default)
    if value is None:
        return None
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise error(path, node, key, f"must be a number between 0 and 1, got {value!r}")
    return float(value)


def _regex(path: Path, node: dict, key: str, value: Any, flags: int = 0) -> str:
    if not isinstance(value, str) or not value:
        raise error(path, node, key, "must be a non-empty regular expression string")
    try:
        re.compile(value, flags)
    except re.error as e:
        raise error(path, node, key, f"invalid regular expression: {e}") from None
    return value


def _words(path: Path, node: dict, key: str) -> dict[str, tuple[str, ...]]:
    value = node.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise error(path, node, key, "must map a language code (en, nb, nn) to a list of words")
    return {lang: tuple(str(w).lower() for w in words) for lang, words in value.items()}


def _recognizer(path: Path, node: Any, version: str) -> RecognizerSpec:
    if not isinstance(node, dict):
        raise PackError(f"{path}: every entry of 'recognizers' must be a mapping")
    unknown = set(node) - _KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise error(path, node, key, f"unknown key; known keys: {', '.join(sorted(_KEYS))}")
    for key in ("name", "entity", "patterns"):
        if not node.get(key):
            raise PackError(f"{path}:{node.line}: key '{key}': missing in recogniser {node.get('name', '?')!r}")
    flags = str(node.get("flags", ""))
    re_flags = re.IGNORECASE if "i" in flags else 0
    patterns = []
    if not isinstance(node["patterns"], list):
        raise error(path, node, "patterns", "must be a list of {name, regex, score}")
    for p in node["patterns"]:
        if not isinstance(p, dict) or not {"name", "regex", "score"} <= set(p):
            raise error(path, node, "patterns", "each pattern needs name, regex and score")
        patterns.append(PatternSpec(str(p["name"]), _regex(path, p, "regex", p["regex"], re_flags),
                                    _score(path, p, "score")))
    validator, args = node.get("validator"), {}
    if isinstance(validator, dict):
        args = {k: tuple(v) if isinstance(v, list) else v for k, v in validator.items() if k != "name"}
        validator = validator.get("name")
    if validator is not None and validator not in VALIDATORS:
        raise error(path, node, "validator", f"unknown validator {validator!r}; known: {', '.join(sorted(VALIDATORS))}")
    window = node.get("context_window", [100, 40])
    if not (isinstance(window, list) and len(window) == 2 and all(isinstance(w, int) and w >= 0 for w in window)):
        raise error(path, node, "context_window", "must be [characters before, characters after]")
    examples = node.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"match", "no_match"}:
        raise error(path, node, "examples", "must be {match: [...], no_match: [...]}")
    if not examples.get("match"):
        raise error(path, node, "examples", "needs at least one 'match' example")
    gate = node.get("gate")
    return RecognizerSpec(
        name=str(node["name"]), entity=str(node["entity"]), patterns=tuple(patterns), pack=path.stem,
        version=version, validator=validator, validator_args=args,
        validation_boost=_score(path, node, "validation_boost", 0.0),
        context_boost=_score(path, node, "context_boost", 0.35), context_window=(window[0], window[1]),
        threshold=_score(path, node, "threshold", 0.5),
        gate=_regex(path, node, "gate", gate, re_flags) if gate is not None else None, flags=flags,
        context=_words(path, node, "context"), other_context=_words(path, node, "other_context"),
        examples_match=tuple(examples.get("match") or ()), examples_no_match=tuple(examples.get("no_match") or ()),
    )


def load_pattern_pack(path: Path) -> list[RecognizerSpec]:
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("recognizers"), list):
        raise PackError(f"{path}:1: key 'recognizers': a pattern pack needs a list of recognizers")
    version = str(doc.get("version", "0"))
    specs = [_recognizer(path, node, version) for node in doc["recognizers"]]
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
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise PackError(f"{path}:1: must map names to word lists")
    for key, words in doc.items():
        if not isinstance(words, list):
            raise error(path, doc, key, "must be a list of words")
    return {str(k): frozenset(str(w).lower() for w in v) for k, v in doc.items()}
