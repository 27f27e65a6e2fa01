"""Loaders for labelled data, one per format; each yields Examples with character spans.

Labels are mapped to pdscan's entity names, so both engines are scored against the same gold spans.
Art. 9 datasets label whole sentences (`categories`), not spans.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass
class Example:
    text: str
    spans: list[Span] = field(default_factory=list)
    categories: frozenset[str] | None = None  # sentence-level Art. 9 labels (None: not labelled this way)
    language: str | None = None
    group: str | None = None  # subset name, e.g. "with_context"


LOADERS: dict[str, Callable[[Path], Iterator[Example]]] = {}


def loader(name: str):
    def deco(fn):
        LOADERS[name] = fn
        return fn

    return deco


PRESIDIO_LABELS = {
    "PERSON": "PERSON", "EMAIL_ADDRESS": "EMAIL_ADDRESS", "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD", "IBAN_CODE": "IBAN_CODE", "IP_ADDRESS": "IP_ADDRESS", "US_SSN": "US_SSN",
    "LOCATION": "LOCATION", "ADDRESS": "ADDRESS", "ORGANIZATION": "ORGANIZATION", "DATE_TIME": "DATE_TIME",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE", "DOMAIN_NAME": "DOMAIN_NAME",
    "NO_FODSELSNUMMER": "NO_FODSELSNUMMER", "NO_ORGNR": "NO_ORGNR", "NO_KONTONUMMER": "NO_KONTONUMMER",
    "SE_PERSONNUMMER": "SE_PERSONNUMMER", "DK_CPR": "DK_CPR", "FI_HETU": "FI_HETU",
}
DATAFOG_LABELS = {
    "PERSON": "PERSON", "EMAIL": "EMAIL_ADDRESS", "PHONE": "PHONE_NUMBER", "SSN": "US_SSN",
    "CREDIT_CARD": "CREDIT_CARD", "IP_ADDRESS": "IP_ADDRESS", "DE_IBAN": "IBAN_CODE", "LOCATION": "LOCATION",
    "ORGANIZATION": "ORGANIZATION", "ADDRESS": "ADDRESS", "DATE": "DATE_TIME",
}
NOR_DEID_LABELS = {"First_Name": "PERSON", "Last_Name": "PERSON", "Phone_Number": "PHONE_NUMBER",
                   "Social_Security_Number": "NO_FODSELSNUMMER"}
CROWS_CATEGORIES = {"religion": "religion", "sexual-orientation": "sex_life", "race-color": "ethnic_origin",
                    "disability": "health"}


@loader("presidio-json")
def presidio_json(path: Path) -> Iterator[Example]:
    for rec in json.loads(path.read_text(encoding="utf-8")):
        spans = [Span(s["start_position"], s["end_position"], PRESIDIO_LABELS[s["entity_type"]])
                 for s in rec.get("spans", []) if s["entity_type"] in PRESIDIO_LABELS]
        yield Example(rec["full_text"], spans, language=rec.get("language"), group=rec.get("group"))


@loader("datafog")
def datafog(path: Path) -> Iterator[Example]:
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    for f in files:
        for rec in json.loads(f.read_text(encoding="utf-8")):
            spans = [Span(e["start"], e["end"], DATAFOG_LABELS[e["type"]])
                     for e in rec.get("expected_entities", []) if e["type"] in DATAFOG_LABELS]
            yield Example(rec["input"], spans, group=f.stem)


def _bio_to_example(tokens: list[str], tags: list[str], spaces: list[bool], label_map: dict[str, str],
                    language: str | None) -> Example:
    text, spans, pos, cur = [], [], 0, None
    for tok, tag, space in zip(tokens, tags, spaces):
        start = pos
        text.append(tok)
        pos += len(tok)
        kind = tag[2:] if len(tag) > 2 and tag[1] == "-" else None
        label = label_map.get(kind) if kind else None
        if label and tag.startswith("I-") and cur and cur[2] == label:
            cur[1] = pos
        else:
            if cur:
                spans.append(Span(*cur))
            cur = [start, pos, label] if label else None
        if space:
            text.append(" ")
            pos += 1
    if cur:
        spans.append(Span(*cur))
    return Example("".join(text).rstrip(" "), spans, language=language)


@loader("conll")
def conll(path: Path, label_map: dict[str, str] | None = None) -> Iterator[Example]:
    """Token<TAB>BIO-tag lines, blank line between sentences (WNUT-17, NorNE train)."""
    label_map = label_map or {"person": "PERSON", "PER": "PERSON"}
    tokens: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) >= 2:
            tokens.append(parts[0])
            tags.append(parts[-1])
        elif tokens:
            yield _bio_to_example(tokens, tags, [True] * len(tokens), label_map, None)
            tokens, tags = [], []


@loader("conllu-norne")
def conllu_norne(path: Path) -> Iterator[Example]:
    lang = "nn" if "nynorsk" in path.name else "nb"
    tokens, tags, spaces = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if tokens:
                yield _bio_to_example(tokens, tags, spaces, {"PER": "PERSON"}, lang)
            tokens, tags, spaces = [], [], []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue  # multiword-token ranges and empty nodes
        misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
        tokens.append(cols[1])
        tags.append(misc.get("name", "O"))
        spaces.append(misc.get("SpaceAfter") != "No")


_TAG = re.compile(r"<(/?)([A-Za-z_]+)>")


@loader("nor-deid")
def nor_deid(path: Path) -> Iterator[Example]:
    """Inline XML-tagged notes in `results`; unknown or misspelt tags are dropped, their text kept."""
    from .nordic_set import fnr_checksums_ok

    data = json.loads(path.read_text(encoding="utf-8"))
    for note in data["results"]:
        text, spans, pos, open_tags = [], [], 0, {}
        last = 0
        for m in _TAG.finditer(note):
            chunk = note[last:m.start()]
            text.append(chunk)
            pos += len(chunk)
            last = m.end()
            closing, name = m.group(1) == "/", m.group(2)
            if not closing:
                open_tags[name] = pos
            elif name in open_tags:
                start = open_tags.pop(name)
                if name in NOR_DEID_LABELS and pos > start:
                    label = NOR_DEID_LABELS[name]
                    if label == "NO_FODSELSNUMMER" and not fnr_checksums_ok("".join(text)[start:pos]):
                        # Most of this set's numbers are random digits (see the MANIFEST): not gold for a
                        # validating detector, and a prediction on them still counts as a false positive.
                        label = "INVALID_FODSELSNUMMER"
                    spans.append(Span(start, pos, label))
        text.append(note[last:])
        yield Example("".join(text), spans, language="nb")


@loader("crows-pairs")
def crows_pairs(path: Path) -> Iterator[Example]:
    """Both sentences of a pair, labelled with the pair's Art. 9 category (none for the other bias types)."""
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cat = CROWS_CATEGORIES.get(row["bias_type"])
            for col in ("sent_more", "sent_less"):
                yield Example(row[col], categories=frozenset({cat} if cat else ()), language="en",
                              group=row["bias_type"])


@loader("special-jsonl")
def special_jsonl(path: Path) -> Iterator[Example]:
    """One sentence per line: {text, language, categories, group} (pdscan.evaluate.special_set writes it)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            yield Example(rec["text"], categories=frozenset(rec["categories"]), language=rec.get("language"),
                          group=rec.get("group"))


def load(path: str | Path, fmt: str) -> list[Example]:
    if fmt not in LOADERS:
        raise ValueError(f"unknown format '{fmt}'; valid formats: {', '.join(sorted(LOADERS))}")
    return list(LOADERS[fmt](Path(path)))


@loader("pdscan-json")
def pdscan_json(path: Path) -> Iterator[Example]:
    """presidio-json whose labels are already pdscan entity names (pdscan.evaluate.identifier_set)."""
    for rec in json.loads(path.read_text(encoding="utf-8")):
        spans = [Span(s["start_position"], s["end_position"], s["entity_type"]) for s in rec.get("spans", [])]
        yield Example(rec["full_text"], spans, language=rec.get("language"), group=rec.get("group"))
