"""Checksums and structure checks for identifiers: small pure functions, named from the packs in detectors/.

Each validator takes the matched text and returns a `Validation` (what passed, and whether the value is
synthetic test data) or None when the value is not a valid identifier. Algorithms and test vectors:
domain reference §1. Where python-stdnum is stricter than the issuing authority (Norwegian synthetic
numbers, 2032 check digits, Swedish samordningsnummer, Danish CPR without mod 11), the rule here follows
the authority.
"""
from __future__ import annotations

import importlib
import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Callable

import phonenumbers
from stdnum import iban as _iban
from stdnum.ch import uid as _ch_uid
from stdnum.ch import vat as _ch_vat
from stdnum.eu import vat as _eu_vat
from stdnum.gb import vat as _gb_vat
from stdnum.gr import vat as _gr_vat
from stdnum.no import mva as _no_mva
from stdnum.util import get_cc_module


@dataclass(frozen=True)
class Validation:
    check: str  # what passed, for the finding's reason (never the value)
    test_data: bool = False
    # The identifier is value[:length]: patterns for numbers written in loose groups ("DE 813 11 38 75") also
    # take the words after them, and the validator finds where the number ends.
    length: int | None = None


VALIDATORS: dict[str, Callable[..., Validation | None]] = {}


def validator(name: str):
    def deco(fn):
        VALIDATORS[name] = fn
        return fn

    return deco


_NON_DIGIT = re.compile(r"\D")


def digits(value: str) -> str:
    return _NON_DIGIT.sub("", value)


_TOKEN = re.compile(r"[0-9A-Za-z]+")
_SEPARATORS = re.compile(r"[^0-9A-Za-z]")


def compact(value: str) -> str:
    """Letters and digits only, upper case: how identifiers are compared, whatever the separators."""
    return _SEPARATORS.sub("", value).upper()


def longest_valid(value: str, check: Callable[[str], str | None]) -> Validation | None:
    """The longest run of whole tokens from the start of `value` that `check` accepts (it returns what passed)."""
    ends = [m.end() for m in _TOKEN.finditer(value)]
    for end in reversed(ends):
        passed = check(value[:end])
        if passed:
            return Validation(passed, length=end if end < len(value) else None)
    return None


def _mod11_weighted(ds: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(ds, weights)) % 11


def _is_date(day: int, month: int, years: range | tuple[int, ...]) -> bool:
    for year in years:
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


def _two_digit_years(yy: int) -> tuple[int, ...]:
    # A valid calendar date in *some* century: never reject on century (2032 rule, D-number series).
    return (1800 + yy, 1900 + yy, 2000 + yy)


# --- Norway --------------------------------------------------------------------------------------------

_FNR_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_FNR_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


@validator("no_fodselsnummer")
def no_fodselsnummer(value: str) -> Validation | None:
    """Fødselsnummer, D-, H-, FH-number; Tenor (+80) and NAV (+40) synthetic numbers; 2032 check digits."""
    ds = digits(value)
    if len(ds) != 11:
        return None
    r1, r2 = _mod11_weighted(ds, _FNR_W1), _mod11_weighted(ds, _FNR_W2)
    if r2 != 0 or r1 > 3:
        return None
    rule = "mod 11" if r1 == 0 else "mod 11 (2032 rule)"
    day, month, yy = int(ds[0:2]), int(ds[2:4]), int(ds[4:6])
    kind, test_data = "fødselsnummer", False
    if day > 40:
        day, kind = day - 40, "D-number"
    if month > 80:
        month, test_data, kind = month - 80, True, f"{kind}, Tenor synthetic"
    elif month > 40:
        # H-numbers and NAV's synthetic numbers share this form; NAV test data cannot be told apart.
        month, kind = month - 40, f"{kind}, H-number or NAV synthetic"
    if _is_date(day, month, _two_digit_years(yy)):
        return Validation(f"{rule}, valid date, {kind}", test_data)
    if ds[0] in "89":
        return Validation(f"{rule}, FH-number")
    return None


_ORGNR_W = (3, 2, 7, 6, 5, 4, 3, 2, 1)


@validator("no_orgnr")
def no_orgnr(value: str) -> Validation | None:
    ds = digits(value)
    if len(ds) != 9 or _mod11_weighted(ds, _ORGNR_W) != 0:
        return None
    return Validation("mod 11")


@validator("no_mva")
def no_mva(value: str) -> Validation | None:
    v = no_orgnr(re.sub(r"(?i)^\s*NO|MVA\s*$", "", value))
    return Validation("orgnr mod 11 + MVA suffix") if v else None


_KONTO_W = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


@validator("no_kontonummer")
def no_kontonummer(value: str) -> Validation | None:
    ds = digits(value)
    if len(ds) != 11:
        return None
    check = (11 - _mod11_weighted(ds[:10], _KONTO_W)) % 11
    if check == 10 or check != int(ds[10]):
        return None
    return Validation("mod 11", test_data=ds.startswith("9999"))


# --- Sweden, Denmark, Finland --------------------------------------------------------------------------

def luhn_ok(ds: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(ds)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


@validator("se_personnummer")
def se_personnummer(value: str) -> Validation | None:
    """Personnummer and samordningsnummer (day + 60); Luhn over the 10-digit form."""
    ds = digits(value)
    if len(ds) == 12:
        years: tuple[int, ...] = (int(ds[:4]),)
        ds = ds[2:]
    elif len(ds) == 10:
        years = _two_digit_years(int(ds[:2]))
    else:
        return None
    if not luhn_ok(ds):
        return None
    month, day = int(ds[2:4]), int(ds[4:6])
    kind = "personnummer"
    if day > 60:
        day, kind = day - 60, "samordningsnummer"
    if not _is_date(day, month, years):
        return None
    return Validation(f"Luhn, valid date, {kind}")


@validator("dk_cpr")
def dk_cpr(value: str) -> Validation | None:
    """Date and century rule only: the CPR office issues numbers without mod 11 since 2007."""
    ds = digits(value)
    if len(ds) != 10:
        return None
    day, month, yy, d7 = int(ds[0:2]), int(ds[2:4]), int(ds[4:6]), int(ds[6])
    if d7 <= 3:
        year = 1900 + yy
    elif d7 in (4, 9):
        year = 2000 + yy if yy <= 36 else 1900 + yy
    else:
        year = 2000 + yy if yy <= 57 else 1800 + yy
    if not _is_date(day, month, (year,)) or date(year, month, day) > date.today():  # not born yet
        return None
    mod11 = sum(int(d) * w for d, w in zip(ds, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1))) % 11 == 0
    return Validation("valid date, mod 11" if mod11 else "valid date (no mod 11, allowed since 2007)")


_HETU_CENTURY = {"+": 1800, **{c: 1900 for c in "-YXWVU"}, **{c: 2000 for c in "ABCDEF"}}
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


@validator("fi_hetu")
def fi_hetu(value: str) -> Validation | None:
    """Henkilötunnus incl. the 2023 century signs and temporary numbers 900-999."""
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])", re.sub(r"\s", "", value).upper())
    if not m:
        return None
    dd, mm, yy, sign, zzz, q = m.groups()
    if not _is_date(int(dd), int(mm), (_HETU_CENTURY[sign] + int(yy),)):
        return None
    if int(zzz) < 2 or _HETU_CHECK[int(dd + mm + yy + zzz) % 31] != q:
        return None
    return Validation("mod 31, valid date" + (", temporary number" if int(zzz) >= 900 else ""))


# --- International -------------------------------------------------------------------------------------

@validator("luhn")
def luhn(value: str) -> Validation | None:
    ds = digits(value)
    if not 12 <= len(ds) <= 19 or len(set(ds)) == 1 or not luhn_ok(ds):
        return None
    return Validation("Luhn")


@validator("iban")
def iban(value: str) -> Validation | None:
    """ISO 7064 mod 97 with the country's length and BBAN layout, and the national check where stdnum has one
    (Norwegian kontonummer, Spanish CCC, ...): a number a bank issued passes both."""
    def check(part: str) -> str | None:
        number = compact(part)
        return "mod 97, national check" if len(number) >= 15 and _iban.is_valid(number) else None

    return longest_valid(value, check)


def _vat_check(part: str, countries: tuple[str, ...]) -> str | None:
    number = compact(part)
    if len(number) < MIN_VAT_CHARS:
        return None
    if countries:  # written without its country prefix: the pack names the countries its context words imply
        for cc in countries:
            module = _VAT_MODULES.get(cc) or get_cc_module(cc, "vat")
            if module is not None and module.is_valid(number):
                return f"{cc.upper()} VAT check digits (no country prefix)"
        return None
    cc = number[:2]
    if cc == "CH" and _ch_uid.is_valid(number):  # the UID alone is how the Swiss VAT number is often written
        return "CH UID check digit"
    module = _VAT_MODULES.get(cc.lower(), _eu_vat)
    return f"{cc} VAT check digits" if module.is_valid(number) else None


# The shortest VAT numbers are six characters after the prefix (RO 573768); "RO19" at the start of an IBAN is not.
MIN_VAT_CHARS = 8
_VAT_MODULES = {"ch": _ch_vat, "gb": _gb_vat, "xi": _gb_vat, "no": _no_mva, "el": _gr_vat}


@validator("vat")
def vat(value: str, countries: tuple[str, ...] = ()) -> Validation | None:
    """EU VAT numbers of every member state (EL for Greece, XI for Northern Ireland), GB, CH (CHE-... MWST/TVA/
    IVA) and NO (... MVA), offline national checks from python-stdnum; the VIES lookup is online and not used.
    With `countries`, the number is read without a prefix as a VAT number of any of them."""
    return longest_valid(value, lambda part: _vat_check(part, countries))


@validator("eu_vat")
def eu_vat(value: str) -> Validation | None:
    return vat(value)


@lru_cache(maxsize=None)
def _stdnum_module(name: str):
    return importlib.import_module(f"stdnum.{name}")


@validator("stdnum")
def stdnum_id(value: str, module: str, what: str = "check digits", options: tuple = (),
              trim: bool = False) -> Validation | None:
    """Any python-stdnum module by name (`de.idnr`, `pl.pesel`): its own format, date and checksum rules.
    `options` are keyword flags passed as True (e.g. allow_temporary); with `trim`, the pattern may take words
    after the number along (see longest_valid), else the whole match must be the number."""
    mod = _stdnum_module(module)
    kwargs = {flag: True for flag in options}
    check = lambda part: f"{module} {what}" if mod.is_valid(part, **kwargs) else None  # noqa: E731
    if trim:
        return longest_valid(value, check)
    passed = check(value)
    return Validation(passed) if passed else None


_MRZ_VALUES = {**{str(i): i for i in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}


def mrz_check_digit(field: str) -> int:
    return sum(_MRZ_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10


def _mrz_ok(field: str, check: str) -> bool:
    return check.isdigit() and mrz_check_digit(field) == int(check) or (check == "<" and set(field) <= {"<"})


@validator("mrz")
def mrz(value: str) -> Validation | None:
    """ICAO 9303 machine-readable zone: TD3 (passport line 2, 44 chars) or TD1 (ID card lines 1-2, 30 chars)."""
    lines = [re.sub(r"\s", "", line) for line in value.strip().splitlines() if line.strip()]
    if len(lines) == 1 and len(lines[0]) == 44:
        s = lines[0]
        fields = [(s[0:9], s[9]), (s[13:19], s[19]), (s[21:27], s[27])]
        composite = (s[0:10] + s[13:20] + s[21:43], s[43])
        kind = "TD3 passport"
    elif len(lines) == 2 and len(lines[0]) == len(lines[1]) == 30:
        a, b = lines
        fields = [(a[5:14], a[14]), (b[0:6], b[6]), (b[8:14], b[14])]
        composite = (a[5:30] + b[0:7] + b[8:15] + b[18:29], b[29])
        kind = "TD1 identity card"
    else:
        return None
    if not all(_mrz_ok(f, c) for f, c in fields) or not _mrz_ok(*composite):
        return None
    return Validation(f"{kind}, 7-3-1 check digits")


@validator("us_ssn")
def us_ssn(value: str) -> Validation | None:
    """Structure only (no checksum exists): area not 000/666/9xx, group not 00, serial not 0000."""
    ds = digits(value)
    if len(ds) != 9 or len(set(ds)) == 1 or ds in ("123456789", "078051120"):
        return None
    area, group, serial = ds[:3], ds[3:5], ds[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return None
    return Validation("SSA structure")


@validator("us_ssn_outside_rules")
def us_ssn_outside_rules(value: str) -> Validation | None:
    """The SSN layout with digits the SSA never issues (123-45-6789, 666-, 9xx-, 00 group): an example or
    test number, but it marks where SSNs are kept. The pack reports it only with a context word, as test data."""
    ds = digits(value)
    if len(ds) != 9 or len(set(ds)) == 1 or us_ssn(value) is not None:  # 000-00-0000: a fill value
        return None
    return Validation("SSN layout, outside the SSA rules (example or test number)", test_data=True)


@validator("ip_address")
def ip_address(value: str) -> Validation | None:
    try:
        addr = ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return None
    if addr.is_unspecified or (addr.version == 6 and addr.is_loopback):
        return None
    return Validation(f"IPv{addr.version}")


@validator("email")
def email(value: str) -> Validation | None:
    from .offline import tld_extractor

    domain = value.rsplit("@", 1)[-1]
    if not tld_extractor()(domain).suffix:
        return None
    return Validation("known public suffix")


@lru_cache(maxsize=None)
def _lengths(region: str) -> frozenset[int]:
    """Digit counts a national number of `region` can have as written: bare, with trunk prefix or country code."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None:
        return frozenset()
    bare = set(meta.general_desc.possible_length or ())
    cc = len(str(meta.country_code))
    return frozenset(bare | {n + 1 for n in bare} | {n + cc for n in bare})


@validator("phone")
def phone(value: str, regions: tuple[str, ...] = ("NO",)) -> Validation | None:
    """Valid for the first region whose numbering plan accepts it (international numbers: their own plan)."""
    n = len(digits(re.split(r"(?i)x|ext", value)[0]))
    if not 7 <= n <= 17:  # no numbering plan has shorter or longer numbers
        return None
    international = value.lstrip().startswith(("+", "00"))
    for region in ([None] if international else []) + [r for r in regions if international or n in _lengths(r)]:
        try:
            num = phonenumbers.parse(value.replace("(0)", ""), region or "NO")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            where = phonenumbers.region_code_for_number(num) or region
            return Validation(f"valid {where} number")
    return None
