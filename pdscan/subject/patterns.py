"""Compiled text patterns for one identifier: every way it is written, with how sure each form is.

Emails match case-insensitively; phones and identity numbers in any grouping of their digits (with or
without +47 / 0047, spaces, dots, dashes); names in the forms of detectors/subject/identifiers.yaml,
case-insensitively and with or without diacritics (ø ~ o ~ oe, å ~ a ~ aa, é ~ e ...).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from ..store.keys import strip_accents
from .identifiers import Identifier, split_name
from .profile import NAME_FORMS

LETTER_BEFORE = r"(?<![^\W\d_])"
LETTER_AFTER = r"(?![^\W\d_])"
ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
ALNUM_AFTER = r"(?![0-9A-Za-z])"
DIGIT_SEP = r"[\s.\-+/]?"  # HETU century signs (+ -) and date-style slashes too
WORD_SEP = r"[\s\-]+"
# Two-letter spellings of one letter, both ways: "oe" in a query also finds ø (and o, as the store folds ø),
# and ø finds oe.
PAIRS = {"oe": "(?:oe|[øöœ]|{o})", "aa": "(?:aa|{a})", "ae": "(?:ae|[æä])", "ue": "(?:ue|{u})"}
LETTER_PAIRS = {"ø": "oe", "ö": "oe", "œ": "oe", "å": "aa", "æ": "ae", "ä": "ae", "ü": "ue"}


@dataclass(frozen=True)
class Form:
    regex: str
    confidence: float
    reason: str


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    """For each ASCII letter, every Latin letter that folds to it (é è ê ë -> e; ø -> o as the store folds it)."""
    groups: dict[str, set[str]] = {}
    for cp in range(0x41, 0x250):
        ch = chr(cp)
        if not ch.isalpha():
            continue
        base = strip_accents(ch).casefold()
        if len(base) == 1 and "a" <= base <= "z":
            groups.setdefault(base, set()).update({ch.lower(), ch.upper()})
    return {b: "[" + "".join(sorted(re.escape(c) for c in chars)) + "]" for b, chars in groups.items()}


def _letter(ch: str) -> str:
    base = strip_accents(ch).casefold()
    classes = _letter_classes()
    if len(base) == 1 and base in classes:
        return classes[base]
    return re.escape(ch)


def _pair(pair: str) -> str:
    classes = _letter_classes()
    return PAIRS[pair].format(o=classes["o"], a=classes["a"], u=classes["u"])


def token_regex(token: str) -> str:
    """A name token matched with or without diacritics and with æøå written as ae/oe/aa or not."""
    token = unicodedata.normalize("NFC", token.casefold())
    out, i = [], 0
    while i < len(token):
        pair = token[i:i + 2]
        ch = token[i]
        if pair in PAIRS:
            out.append(_pair(pair))
            i += 2
            continue
        if ch in LETTER_PAIRS:
            out.append(f"(?:{_pair(LETTER_PAIRS[ch])}|{_letter(ch)})")
        else:
            out.append(_letter(ch))
        i += 1
    return "".join(out)


def name_forms(value: str) -> list[Form]:
    given, surname = split_name(value)
    g1 = token_regex(given[0])
    all_given = WORD_SEP.join(token_regex(t) for t in given)
    sur = WORD_SEP.join(token_regex(t) for t in surname)
    initial = _letter(given[0][0])
    middle = rf"(?:[^\W\d_]+\.?{WORD_SEP})"  # a middle name or initial between given name and surname
    shapes = {
        "full": rf"{all_given}{WORD_SEP}{sur}",
        "given_surname": rf"{g1}{WORD_SEP}{middle}{{0,2}}{sur}",
        "surname_given": rf"{sur}(?:\s*,\s*|\s+){g1}",
        "initial_surname": rf"(?:{initial}\.?\s*(?:[^\W\d_]\.\s*)?{sur}|{sur}\s*,\s*{initial}\.)",
    }
    return [Form(rf"{LETTER_BEFORE}(?:{rx}){LETTER_AFTER}", NAME_FORMS[f]["confidence"], NAME_FORMS[f]["reason"])
            for f, rx in shapes.items()]


def _spaced(chars: str) -> str:
    return DIGIT_SEP.join(re.escape(c) for c in chars)


def phone_regex(value: str) -> str:
    """Any grouping of the national digits, with or without the country code (+47, 0047) or a trunk 0."""
    try:
        num = phonenumbers.parse(value, "NO")
        cc, national = str(num.country_code), phonenumbers.national_significant_number(num)
    except phonenumbers.NumberParseException:
        cc, national = "", re.sub(r"\D", "", value)
    prefix = rf"(?:(?:\+|00)\s?{cc}[\s.\-]*(?:\(0\)[\s.\-]*)?|0[\s.\-]?)?" if cc else ""
    # Not the same digits after another country's code ("+46 41234567" is a Swedish number).
    foreign = "".join(rf"(?<!\+{d}[\s.\-])(?<!\+{d})" for d in (r"\d", r"\d\d", r"\d\d\d"))
    return rf"(?<![\d+]){foreign}{prefix}{_spaced(national)}(?!\d)"


def forms(ident: Identifier) -> list[Form]:
    """Every text form of an identifier, most certain first (the first form that matches at a place wins)."""
    if ident.kind == "name":
        return name_forms(ident.value)
    if ident.kind == "email":
        rx = rf"(?<![\w.+\-]){re.escape(ident.normalised)}(?![\w\-]|\.\w)"
    elif ident.kind == "phone":
        rx = phone_regex(ident.value)
    else:  # national_id, id: letters and digits in order, any separators between them
        rx = rf"{ALNUM_BEFORE}{_spaced(ident.normalised)}{ALNUM_AFTER}"
    return [Form(rx, ident.confidence, ident.reason)]
