"""Keyed hashes of normalised values, so the store can answer "is this person here?" without raw data.

HMAC-SHA256 with a per-installation secret (mode 0600, created on first use; PDSCAN_KEY_FILE overrides
where it lives). Values are normalised first, so "+47 412 34 567" and "41234567" hash the same.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

import phonenumbers

# Which normalisation an entity's values get; anything not listed is "other" (whitespace-folded, casefolded).
EMAIL_ENTITIES = {"EMAIL_ADDRESS"}
PHONE_ENTITIES = {"PHONE_NUMBER", "NO_PHONE_NUMBER"}
NAME_ENTITIES = {"PERSON"}
# Identity numbers, accounts and cards: digits and letters only, upper-case.
ID_SUFFIXES = ("_ID", "NUMMER", "_NUMBER", "_CPR", "_HETU", "PERSONNUMMER", "FODSELSNUMMER", "D_NUMBER",
               "IBAN_CODE", "CREDIT_CARD", "ORGNR", "KONTONUMMER", "VAT", "PASSPORT", "SSN")


def key_path() -> Path:
    return Path(_key_path(os.environ.get("PDSCAN_KEY_FILE"), os.environ.get("XDG_CONFIG_HOME")))


@lru_cache(maxsize=8)
def _key_path(env: str | None, xdg: str | None) -> str:
    # Cached on the environment it depends on: hashing runs once per finding value, on the hot path.
    if env:
        return str(Path(env).expanduser())
    base = Path(xdg or Path.home() / ".config")
    return str(base / "pdscan" / "hmac.key")


@lru_cache(maxsize=4)
def _load_key(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        except FileExistsError:  # another worker created it first
            pass
    return p.read_bytes()


def secret() -> bytes:
    return _load_key(str(key_path()))


@lru_cache(maxsize=4)
def _keyed_sha256(path: str) -> "hmac.HMAC":
    return hmac.new(_load_key(path), digestmod=hashlib.sha256)


def kind_of(entity: str) -> str:
    if entity in EMAIL_ENTITIES:
        return "email"
    if entity in PHONE_ENTITIES:
        return "phone"
    if entity in NAME_ENTITIES:
        return "name"
    if entity.endswith(ID_SUFFIXES) or entity.startswith(("NO_", "SE_", "DK_", "FI_", "EU_")):
        return "id"
    return "other"


def strip_accents(s: str) -> str:
    s = s.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def normalise(kind: str, value: str, region: str = "NO") -> str:
    value = value.strip()
    if kind == "email":
        return value.lower()
    if kind == "phone":
        try:
            num = phonenumbers.parse(value, region)
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return re.sub(r"[^\d+]", "", value)
    if kind == "id":
        return re.sub(r"[^0-9A-Za-z]", "", value).upper()
    if kind == "name":
        # "Nordmann, Ola", "OLA NORDMANN" and "Óla Nordmann" are the same person key.
        tokens = re.findall(r"[^\W\d_]+", strip_accents(value).casefold())
        return " ".join(sorted(tokens))
    return " ".join(value.split()).casefold()


def keyed_hash(kind: str, normalised: str) -> str:
    """The stored form: `kind:hex`, so a lookup never confuses an e-mail with an identity number."""
    h = _keyed_sha256(str(key_path())).copy()
    h.update(f"{kind}\x00{normalised}".encode())
    digest = h.hexdigest()
    return f"{kind}:{digest[:32]}"


def hash_value(entity: str, value: str) -> str:
    kind = kind_of(entity)
    return keyed_hash(kind, normalise(kind, value))


def key_id() -> str:
    """A fingerprint of the key (never the key): tells a lookup that a store was hashed with another key."""
    return hmac.new(secret(), b"pdscan key id", hashlib.sha256).hexdigest()[:12]
