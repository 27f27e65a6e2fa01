"""Compiled text patterns for one identifier: every way it is written, with how sure each form is.

Emails match case-insensitively; phones and identity numbers in any grouping of their digits (with or
without +47 / 0047, spaces, dots, dashes); names in the forms of detectors/subject/identifiers.yaml,
case-insensitively and with or without diacritics (ø ~ o ~ oe, å ~ a ~ aa, é ~ e ...).

Speed: every pattern starts with a one-character class and checks its left boundary just after it
(`[oO](?<![^\\W\\d_][oO])...`), so `re` skips through text at C speed to the few places that can match;
a boundary check in front would make it try every position. Case is spelled out in the classes
rather than with re.IGNORECASE, which would switch that skipping off.
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

LETTER = r"[^\W\d_]"
LETTER_AFTER = r"(?![^\W\d_])"
ALNUM_AFTER = r"(?![0-9A-Za-z])"
DIGIT_SEP = r"[\s.\-+/]?"  # HETU century signs (+ -) and date-style slashes too
WORD_SEP = r"[\s\-]+"
# Two-letter spellings of one letter, both ways: "oe" in a query also finds ø (and o, as the store folds ø),
# and ø finds oe. Each is one character class plus what may follow it, so a name starting with Å or Ø
# still starts with a one-character class.
PAIRS = {"oe": ("o", "œŒ", r"(?:(?<=[oO])[eE])?"), "aa": ("a", "", r"(?:(?<=[aA])[aA])?"),
         "ae": (None, "aAæÆäÄ", r"(?:(?<=[aA])[eE]|(?<=[æÆäÄ]))"), "ue": ("u", "", r"(?:(?<=[uU])[eE])?"),
         "ä": ("a", "", r"(?:(?<=[aA])[eE])?")}  # Bär, Baer and Bar (as the store folds it)
LETTER_PAIRS = {"ø": "oe", "ö": "oe", "œ": "oe", "å": "aa", "æ": "ae", "ä": "ä", "ü": "ue"}
_ONE_CLASS = re.compile(r"\[[^\]]*\]|\\?.")


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
            groups.setdefault(base, set()).update(c for c in (ch.lower(), ch.upper()) if len(c) == 1)
    return {b: "[" + "".join(sorted(re.escape(c) for c in chars)) + "]" for b, chars in groups.items()}


def _letter(ch: str) -> str:
    base = strip_accents(ch).casefold()
    return _letter_classes().get(base) if len(base) == 1 and base in _letter_classes() else _case(ch)


def _case(ch: str) -> str:
    """One character in either case, as a class."""
    lo, up = ch.lower(), ch.upper()
    if lo == up or len(lo) != 1 or len(up) != 1:
        return re.escape(ch)
    return f"[{re.escape(lo)}{re.escape(up)}]"


def _pair(pair: str) -> list[str]:
    base, extra, suffix = PAIRS[pair]
    cls = _letter_classes()[base][:-1] if base else "["
    return [cls + extra + "]", suffix]


def token_units(token: str) -> list[str]:
    """A name token as regex units (one class per letter, plus what may follow a two-letter spelling's
    first letter), matched with or without diacritics and with æøå written as ae/oe/aa or not."""
    token = unicodedata.normalize("NFC", token.casefold())
    out, i = [], 0
    while i < len(token):
        pair, ch = token[i:i + 2], token[i]
        if pair in PAIRS or ch in LETTER_PAIRS:
            out += _pair(pair if pair in PAIRS else LETTER_PAIRS[ch])
            i += 2 if pair in PAIRS else 1
            continue
        out.append(_letter(ch))
        i += 1
    return out


def bounded(first: str, rest: str, before: str) -> str:
    """`first rest`, not preceded by a `before` character; fast when `first` is one character (class)."""
    if _ONE_CLASS.fullmatch(first):
        return f"{first}(?<!{before}{first}){rest}"
    return f"(?<!{before}){first}{rest}"


def name_forms(value: str) -> list[Form]:
    given, surname = split_name(value)
    g1 = token_units(given[0])
    sur = [token_units(t) for t in surname]
    sur_rx = WORD_SEP.join("".join(u) for u in sur)
    other_given = "".join(WORD_SEP + "".join(token_units(t)) for t in given[1:])
    initial = _letter(given[0][0])
    middle = rf"(?:{LETTER}+\.?{WORD_SEP})"  # a middle name or initial between given name and surname
    after_surname = "".join(sur[0][1:]) + "".join(WORD_SEP + "".join(u) for u in sur[1:])
    shapes = [  # (form, first unit, the rest)
        ("full", g1[0], "".join(g1[1:]) + other_given + WORD_SEP + sur_rx),
        ("given_surname", g1[0], "".join(g1[1:]) + WORD_SEP + middle + "{0,2}" + sur_rx),
        ("surname_given", sur[0][0], after_surname + r"(?:\s*,\s*|\s+)" + "".join(g1)),
        ("initial_surname", initial, rf"\.?\s*(?:{LETTER}\.\s*)?{sur_rx}"),
        ("initial_surname", sur[0][0], after_surname + rf"\s*,\s*{initial}\."),
    ]
    return [Form(bounded(first, rest + LETTER_AFTER, LETTER), NAME_FORMS[f]["confidence"], NAME_FORMS[f]["reason"])
            for f, first, rest in shapes]


def phone_forms(value: str, confidence: float, reason: str) -> list[Form]:
    """Any grouping of the national digits, with or without the country code (+47, 0047) or a trunk 0."""
    try:
        num = phonenumbers.parse(value, "NO")
        cc, national = str(num.country_code), phonenumbers.national_significant_number(num)
    except phonenumbers.NumberParseException:
        cc, national = "", re.sub(r"\D", "", value)
    digits = DIGIT_SEP.join(national) + r"(?!\d)"
    d0 = national[0]
    # Not the same digits after another country's code ("+46 41234567" is a Swedish number).
    foreign = "".join(rf"(?<!\+\d{{{k}}}[\s.\-]{d0})(?<!\+\d{{{k}}}{d0})" for k in (1, 2, 3))
    shapes = [(d0, foreign + "".join(DIGIT_SEP + d for d in national[1:]) + r"(?!\d)")]
    if cc:
        tail = rf"\s?{cc}[\s.\-]*(?:\(0\)[\s.\-]*)?{digits}"
        shapes += [(r"\+", tail), ("0", "0" + tail), ("0", rf"[\s.\-]?{digits}")]
    return [Form(bounded(first, rest, r"[\d+]"), confidence, reason) for first, rest in shapes]


def forms(ident: Identifier) -> list[Form]:
    """Every text form of an identifier, most certain first (the first form that matches at a place wins)."""
    if ident.kind == "name":
        return name_forms(ident.value)
    if ident.kind == "phone":
        return phone_forms(ident.value, ident.confidence, ident.reason)
    if ident.kind == "email":
        units = [_case(c) for c in ident.normalised]
        return [Form(bounded(units[0], "".join(units[1:]) + r"(?![\w\-]|\.\w)", r"[\w.+\-]"),
                     ident.confidence, ident.reason)]
    out = []
    for value in ident.written_forms():  # national_id, id: letters and digits in order, any separators between
        units = [_case(c) for c in value]
        out.append(Form(bounded(units[0], "".join(DIGIT_SEP + u for u in units[1:]) + ALNUM_AFTER, "[0-9A-Za-z]"),
                        ident.confidence, ident.reason))
    return out
