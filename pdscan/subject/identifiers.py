"""One person's identifier set: what the requester gave, normalised exactly as the store's keyed hashes.

An Identifier keeps its raw value in memory only (the matcher needs it); everything that leaves the
process names it by `label` ("email", "name", "id:customer_no") or shows `masked()`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdnum import luhn

from ..errors import UsageError
from ..store.keys import keyed_hash, normalise
from ..store.masking import mask_value
from .profile import KINDS, NAME_FORMS, SHORT_ID

# æ/ø/å and their German cousins are also written ae/oe/aa; the store folds ø->o, å->a, æ->ae.
_TRANSLIT = {"ø": "oe", "ö": "oe", "å": "aa", "ä": "ae", "ü": "ue"}
_UNTRANSLIT = {"oe": "o", "aa": "a", "ue": "u"}


@dataclass(frozen=True)
class Variant:
    """A keyed hash under which the store may hold this identifier, and how sure a hit on it is."""

    hash: str
    confidence: float
    reason: str


@dataclass(frozen=True)
class Identifier:
    kind: str  # email, phone, national_id, name, id
    label: str  # shown in output and logs instead of the value
    value: str = field(repr=False)

    @property
    def entity(self) -> str:
        return KINDS[self.kind]["entity"]

    @property
    def category(self) -> str:
        return KINDS[self.kind]["category"]

    @property
    def store_kind(self) -> str:
        return KINDS[self.kind]["store_kind"]

    @property
    def normalised(self) -> str:
        return normalise(self.store_kind, self.value)

    @property
    def hash(self) -> str:
        """The canonical keyed hash: what a full scan stores for this exact value."""
        return keyed_hash(self.store_kind, self.normalised)

    @property
    def confidence(self) -> float:
        if self.kind == "id" and len(self.normalised) < SHORT_ID["chars"]:
            return SHORT_ID["confidence"]
        return KINDS[self.kind]["confidence"]

    @property
    def reason(self) -> str:
        short = self.kind == "id" and self.confidence == SHORT_ID["confidence"]
        return "exact value" + (" (short, may be coincidental)" if short else "")

    def written_forms(self) -> list[str]:
        """The normalised value and its other written forms: a Swedish personnummer with and without the
        century (19880320-0016 / 880320-0016)."""
        value = self.normalised
        if self.kind != "national_id" or not value.isdigit():
            return [value]
        if len(value) == 12 and value[:2] in ("18", "19", "20") and luhn.is_valid(value[2:]):
            return [value, value[2:]]
        if len(value) == 10 and luhn.is_valid(value):
            return [value, "19" + value, "20" + value]
        return [value]

    def masked(self) -> str:
        return f"{self.label} {mask_value(self.value)}"

    def variants(self) -> list[Variant]:
        """Every keyed hash that means this identifier, best first (names have spelling variants)."""
        reason = f"{self.label}: {self.reason}"
        out = [Variant(keyed_hash(self.store_kind, v), self.confidence, reason) for v in self.written_forms()]
        if self.kind == "id":
            # A customer number may have been stored as a free-form value rather than an identity number.
            out.append(Variant(keyed_hash("other", normalise("other", self.value)), self.confidence, reason))
        if self.kind == "name":
            out += name_variants(self)
        seen: set[str] = set()
        return [v for v in out if not (v.hash in seen or seen.add(v.hash))]


def split_name(value: str) -> tuple[list[str], list[str]]:
    """(given names, surname tokens): "Nordmann, Ola" is surname first; otherwise the last word is the surname."""
    if "," in value:
        surname, given = value.split(",", 1)
    else:
        words = value.split()
        given, surname = " ".join(words[:-1]), (words[-1] if words else "")
    tok = lambda s: re.findall(r"[^\W\d_]+", s.casefold())  # noqa: E731
    return tok(given), tok(surname)


def spellings(text: str) -> set[str]:
    """The ways one name is written: as given, with æøå as ae/oe/aa, and ae/oe/aa read back as æøå."""
    out = {text, "".join(_TRANSLIT.get(c, c) for c in text)}
    back = text
    for pair, letter in _UNTRANSLIT.items():
        back = back.replace(pair, letter)
    out.add(back)
    return out


def name_variants(ident: Identifier) -> list[Variant]:
    given, surname = split_name(ident.value)
    if not given or not surname:
        return []
    # Stored names are sorted tokens, so "Nordmann, Ola" and "Ola Nordmann" share the full form's hash.
    forms = {"full": given + surname, "given_surname": given[:1] + surname, "initial_surname": [given[0][0]] + surname}
    out = []
    for form, tokens in forms.items():
        text = " ".join(tokens)
        conf, why = NAME_FORMS[form]["confidence"], NAME_FORMS[form]["reason"]
        for spelled in sorted(spellings(text)):
            note = "" if spelled == text else ", spelling variant"
            out.append(Variant(keyed_hash("name", normalise("name", spelled)), conf, f"{ident.label}: {why}{note}"))
    return out


def _check(kind: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise UsageError(f"--{kind.replace('_', '-')} needs a value")
    if kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise UsageError("--email must look like name@example.org")
    if kind in ("phone", "national_id", "id") and len(re.sub(r"[^0-9A-Za-z]", "", value)) < 3:
        raise UsageError(f"--{kind.replace('_', '-')} needs at least 3 letters or digits")
    if kind == "name":
        given, surname = split_name(value)
        if not given or not surname:
            # A single name would flood the results with everyone sharing it.
            raise UsageError("--name needs a given name and a surname ('Ola Nordmann' or 'Nordmann, Ola')")
    return value


def build_identifiers(emails=(), phones=(), national_ids=(), names=(), ids=()) -> list[Identifier]:
    """The identifier set from CLI values; `ids` are KEY=VALUE pairs (customer number, employee number)."""
    raw: list[tuple[str, str, str]] = []
    for kind, values in (("email", emails), ("phone", phones), ("national_id", national_ids), ("name", names)):
        raw += [(kind, kind, _check(kind, v)) for v in values]
    for pair in ids:
        key, sep, value = pair.partition("=")
        key = re.sub(r"[^\w-]", "_", key.strip())
        if not sep or not key:
            raise UsageError(f"--id takes KEY=VALUE (e.g. customer_no=10023), got '{key or '…'}'")
        raw.append(("id", f"id:{key}", _check("id", value)))
    if not raw:
        raise UsageError("give at least one identifier: --email, --phone, --national-id, --name or --id KEY=VALUE")
    counts: dict[str, int] = {}
    for _, label, _ in raw:
        counts[label] = counts.get(label, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for kind, label, value in raw:
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label}[{seen[label]}]"
        out.append(Identifier(kind, label, value))
    return out
