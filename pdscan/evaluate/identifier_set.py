"""A labelled set of EU/EEA identifiers: Nordic identity numbers, IBANs of every country, VAT numbers of every
EU member state (+ GB, CH, NO) and the national identity numbers python-stdnum validates.

Valid numbers are made here, never copied from a test suite: the Nordic numbers, organisation numbers and the
IBAN check digits with this module's own arithmetic (written apart from pdscan's validators, so the set can
catch their mistakes); for the other national formats a random body from the layout below gets its check
characters by search against python-stdnum's validator (the rules those formats follow are stdnum's).
Each number is written the ways people write it (groups, dots, dashes, lower case, with or without the
country prefix) in a sentence from examples/eval/identifier-sentences.yaml in one of six languages.
Negatives: the same sentences with one character changed so the check fails, near misses (a digit dropped or
two swapped), and numbers of other kinds (orders, invoices that pass a mod 11, phones, dates).

Two splits: `tune` and `heldout` (another seed and other sentences; never tune detectors on it).
Output: pdscan-json records {full_text, spans, group, split}; `group` = valid | invalid | near_miss | other.

    python -m pdscan.evaluate.identifier_set OUT.json [--split heldout] [--per-type 30]
"""
from __future__ import annotations

import argparse
import importlib
import importlib.resources
import itertools
import json
import random
import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

from ..detect.packs import load_yaml
from ..paths import data_dir
from .nordic_set import FI_CHECK, _mod11, fnr, luhn_digit

SPLITS = {"tune": 7, "heldout": 1009}
LANGUAGES = ("en", "nb", "sv", "da", "fi", "de")
DIGITS, LETTERS = string.digits, string.ascii_uppercase


@lru_cache(maxsize=None)
def sentences() -> dict:
    return load_yaml(data_dir("examples") / "eval" / "identifier-sentences.yaml")


def _birth(rng: random.Random, first: int = 1940, last: int = 1999) -> date:
    start = date(first, 1, 1)
    return start + timedelta(days=rng.randrange((date(last, 12, 31) - start).days))


# --- Nordic numbers and Norwegian organisation numbers: own arithmetic --------------------------------------

def no_fnr(rng: random.Random) -> str:
    kind = rng.choice(["fnr", "fnr", "dnr", "hnr", "tenor", "fh"])
    if kind != "fh":
        return fnr(rng, kind)
    while True:  # FH-number: first digit 8 or 9, no date, the same two check digits
        base = [rng.choice([8, 9])] + [rng.randrange(10) for _ in range(8)]
        k1 = _mod11(base, [3, 7, 6, 1, 8, 9, 4, 5, 2])
        k2 = None if k1 is None else _mod11(base + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        if k2 is not None and not _date_ok(base):
            return "".join(map(str, base + [k1, k2]))


def _date_ok(ds: list[int]) -> bool:
    try:
        date(1900 + ds[4] * 10 + ds[5], (ds[2] * 10 + ds[3]) % 40, (ds[0] * 10 + ds[1]) % 40)
        return True
    except ValueError:
        return False


def se_pnr(rng: random.Random) -> str:
    """YYYYMMDD + NNN + Luhn; day + 60 for a samordningsnummer. Written forms pick the century sign."""
    born = _birth(rng, 1905, 2015)
    day = born.day + (60 if rng.random() < 0.15 else 0)
    body = f"{born.year % 100:02d}{born.month:02d}{day:02d}{rng.randrange(1000):03d}"
    return f"{born.year // 100}{body}{luhn_digit(body)}"


def fi_hetu(rng: random.Random) -> str:
    born = _birth(rng, 1890, 2022)
    sign = "+" if born.year < 1900 else rng.choice("-YXWVU") if born.year < 2000 else rng.choice("ABCDEF")
    ind = rng.randrange(2, 900)
    stem = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}"
    return f"{stem}{sign}{ind:03d}{FI_CHECK[int(f'{stem}{ind:03d}') % 31]}"


def dk_cpr(rng: random.Random) -> str:
    born = _birth(rng, 1940, 2020)
    seventh = rng.choice("0123") if born.year < 2000 else rng.choice("49" if born.year <= 2036 else "5678")
    return f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{seventh}{rng.randrange(1000):03d}"


def no_orgnr(rng: random.Random) -> str:
    while True:
        base = [rng.choice([8, 9])] + [rng.randrange(10) for _ in range(7)]
        k = _mod11(base, [3, 2, 7, 6, 5, 4, 3, 2])
        if k is not None:
            return "".join(map(str, base + [k]))


# --- IBAN: the BBAN layout of the IBAN registry, mod 97 computed here, the national check by retry ---------

@lru_cache(maxsize=None)
def iban_layouts() -> dict[str, str]:
    """Country -> BBAN layout ('4!n4!n12!c'), from the registry file python-stdnum ships."""
    text = importlib.resources.files("stdnum").joinpath("iban.dat").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r'^([A-Z]{2}) .*?bban="([^"]+)"', text, re.M)}


def _bban(rng: random.Random, layout: str) -> str:
    pools = {"n": DIGITS, "a": LETTERS, "c": DIGITS + LETTERS}
    return "".join(rng.choice(pools[kind]) for n, kind in re.findall(r"(\d+)!([nac])", layout) for _ in range(int(n)))


def iban_check(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def iban(rng: random.Random, country: str) -> str | None:
    from stdnum import iban as stdnum_iban  # only the national checks (kontonummer, RIB, CIN, ...) decide here

    for _ in range(3000):
        bban = _bban(rng, iban_layouts()[country])
        number = country + iban_check(country, bban) + bban
        if stdnum_iban.is_valid(number):
            return number
    return None


# --- Other national formats: a layout, its check characters found against stdnum --------------------------
# Layout characters: d digit, n digit 1-9, * letter, ? check digit, @ check letter, # check digit or letter;
# {..} fields of a random birth date; anything else is literal.

@dataclass(frozen=True)
class Layout:
    module: str
    layout: str
    born: tuple[int, int] = (1940, 1999)
    options: tuple[str, ...] = ()


def _date_fields(born: date, rng: random.Random) -> dict[str, str]:
    yy, mm, dd = f"{born.year % 100:02d}", f"{born.month:02d}", f"{born.day:02d}"
    return {"yy": yy, "mm": mm, "dd": dd, "yyy": f"{born.year % 1000:03d}", "g": rng.choice("34"),
            "s": rng.choice("12"), "jj": f"{rng.randrange(1, 47):02d}", "dept": f"{rng.randrange(1, 96):02d}",
            "mmf": f"{born.month + rng.choice([0, 50]):02d}", "cfm": "ABCDEHLMPRST"[born.month - 1],
            "cfd": f"{born.day + rng.choice([0, 40]):02d}"}


_POOL = {"d": DIGITS, "n": DIGITS[1:], "*": LETTERS}
_CHECK = {"?": DIGITS, "@": LETTERS, "#": DIGITS + LETTERS}


def from_layout(rng: random.Random, spec: Layout) -> str | None:
    module = importlib.import_module(f"stdnum.{spec.module}")
    kwargs = {o: True for o in spec.options}
    for _ in range(200):
        text = spec.layout.format(**_date_fields(_birth(rng, *spec.born), rng))
        chars = [rng.choice(_POOL[c]) if c in _POOL else c for c in text]
        holes = [i for i, c in enumerate(chars) if c in _CHECK]
        for fill in itertools.product(*(_CHECK[chars[i]] for i in holes)):
            for i, c in zip(holes, fill):
                chars[i] = c
            if module.is_valid("".join(chars), **kwargs):
                return "".join(chars)
    return None


VAT_LAYOUTS = {  # country prefix -> layout of the national part
    "AT": "Uddddddd?", "BE": "0ddddddd??", "BG": "dddddddd?", "CY": "0ddddddd@", "CZ": "dddddd??", "DE": "nddddddd?",
    "DK": "nddddd??", "EE": "10dddddd?", "EL": "dddddddd?", "ES": "Addddddd#", "FI": "ddddddd?", "FR": "??dddddddd?",
    "HR": "dddddddddd?", "HU": "ddddddd?", "IE": "ddddddd@", "IT": "dddddddddd?", "LT": "ddddddd1?", "LU": "dddddd??",
    "LV": "4dddddddd??", "MT": "nddddd??", "NL": "dddddddd?B01", "PL": "ddddddddd?", "PT": "5dddddd??",
    "RO": "ddddddd?", "SE": "ddddddddd?01", "SI": "nddddd??", "SK": "nn2dddddd?", "GB": "ddddddd??",
    "XI": "ddddddd??", "CHE": "dddddddd? MWST",
}

NATIONAL = {
    "DE_TAX_ID": Layout("de.idnr", "nddddddddd?"),
    "NL_BSN": Layout("nl.bsn", "dddddddd?"),
    "BE_NATIONAL_NUMBER": Layout("be.nn", "{yy}{mm}{dd}ddd??"),
    "PL_PESEL": Layout("pl.pesel", "{yy}{mm}{dd}dddd?"),
    "ES_NIF": Layout("es.dni", "dddddddd@"),
    "ES_NIE": Layout("es.nie", "Xddddddd@"),
    "IT_FISCAL_CODE": Layout("it.codicefiscale", "******{yy}{cfm}{cfd}*ddd@"),
    "FR_NIR": Layout("fr.nir", "{s}{yy}{mm}{dept}dddddd??"),
    "EE_ISIKUKOOD": Layout("ee.ik", "{g}{yy}{mm}{dd}ddd?"),
    "LT_ASMENS_KODAS": Layout("lt.asmens", "{g}{yy}{mm}{dd}ddd?"),
    "LV_PERSONAS_KODS": Layout("lv.pvn", "{dd}{mm}{yy}1ddd?"),
    "RO_CNP": Layout("ro.cnp", "{s}{yy}{mm}{dd}{jj}ddd?"),
    "BG_EGN": Layout("bg.egn", "{yy}{mm}{dd}ddd?"),
    "CZ_SK_RODNE_CISLO": Layout("cz.rc", "{yy}{mmf}{dd}ddd?", born=(1955, 1999)),
    "HR_OIB": Layout("hr.oib", "dddddddddd?"),
    "SI_EMSO": Layout("si.emso", "{dd}{mm}{yyy}50ddd?"),
    "PT_NIF": Layout("pt.nif", "2ddddddd?"),
    "PT_CC": Layout("pt.cc", "dddddddd?**?"),
    "IE_PPS": Layout("ie.pps", "ddddddd@"),
    "AT_SVNR": Layout("at.vnr", "ndd?{dd}{mm}{yy}"),
    "IS_KENNITALA": Layout("is_.kennitala", "{dd}{mm}{yy}dd?9"),
    "GR_AMKA": Layout("gr.amka", "{dd}{mm}{yy}dddd?"),
    "CH_AHV": Layout("ch.ssn", "756ddddddddd?"),
}


# --- How people write them ------------------------------------------------------------------------------

def _groups(value: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(value[i:i + n])
        i += n
    if i < len(value):
        out.append(value[i:])
    return sep.join(p for p in out if p)


def _fours(value: str, sep: str = " ") -> str:
    return sep.join(value[i:i + 4] for i in range(0, len(value), 4))


def _write_se(rng, v):
    century, short = v[:2], v[2:]
    sign = "+" if int(century + short[:2]) < date.today().year - 100 else "-"
    return rng.choice([f"{short[:6]}{sign}{short[6:]}", short if sign == "-" else f"{short[:6]}+{short[6:]}",
                       f"{century}{short[:6]}-{short[6:]}", f"{century}{short}"])


WRITERS: dict[str, Callable[[random.Random, str], str]] = {
    "NO_FODSELSNUMMER": lambda r, v: r.choice([v, f"{v[:6]} {v[6:]}", f"{v[:6]}-{v[6:]}", _groups(v, (2, 2, 2, 3), " "),
                                              _groups(v, (2, 2, 2), "-")]),
    "SE_PERSONNUMMER": _write_se,
    "FI_HETU": lambda r, v: r.choice([v, v, v.lower()]),
    "DK_CPR": lambda r, v: r.choice([f"{v[:6]}-{v[6:]}", v, f"{v[:6]} {v[6:]}"]),
    "NO_ORGNR": lambda r, v: r.choice([v, _groups(v, (3, 3), " "), _groups(v, (3, 3), ".")]),
    "NO_MVA": lambda r, v: r.choice([f"NO {_groups(v, (3, 3), ' ')} MVA", f"NO{v}MVA", f"{v}MVA", f"no {v} mva"]),
    "IBAN_CODE": lambda r, v: r.choice([v, _fours(v), _fours(v), v.lower(), _fours(v, "-"), f"{v[:2]} {v[2:4]} {_fours(v[4:])}"]),
    "DE_TAX_ID": lambda r, v: r.choice([v, _groups(v, (2, 3, 3), " ")]),
    "NL_BSN": lambda r, v: r.choice([v, _groups(v, (4, 2), ".")]),
    "BE_NATIONAL_NUMBER": lambda r, v: r.choice([v, f"{v[:2]}.{v[2:4]}.{v[4:6]}-{v[6:9]}.{v[9:]}", _groups(v, (2, 2, 2, 3), " ")]),
    "ES_NIF": lambda r, v: r.choice([v, f"{v[:8]}-{v[8]}", v.lower()]),
    "ES_NIE": lambda r, v: r.choice([v, f"{v[0]}-{v[1:8]}-{v[8]}", v.lower()]),
    "IT_FISCAL_CODE": lambda r, v: r.choice([v, v.lower()]),
    "FR_NIR": lambda r, v: r.choice([v, _groups(v, (1, 2, 2, 2, 3, 3), " ")]),
    "CZ_SK_RODNE_CISLO": lambda r, v: r.choice([v, f"{v[:6]}/{v[6:]}"]),
    "PT_NIF": lambda r, v: r.choice([v, _groups(v, (3, 3), " ")]),
    "PT_CC": lambda r, v: r.choice([f"{v[:8]} {v[8]} {v[9:11]}{v[11]}", v]),
    "IE_PPS": lambda r, v: r.choice([v, v.lower()]),
    "AT_SVNR": lambda r, v: r.choice([v, f"{v[:4]} {v[4:]}"]),
    "IS_KENNITALA": lambda r, v: r.choice([v, f"{v[:6]}-{v[6:]}"]),
    "CH_AHV": lambda r, v: r.choice([v, f"{v[:3]}.{v[3:7]}.{v[7:11]}.{v[11:]}"]),
}


def _write_vat(rng: random.Random, cc: str, national: str) -> str:
    """'DE 136695976', 'de136695976', 'DE-136 695 976', 'CHE-123.456.789 MWST'."""
    if cc == "CHE":
        digits, suffix = national.split()
        return rng.choice([f"CHE-{_groups(digits, (3, 3), '.')} {suffix}", f"CHE{digits}{suffix}"])
    cased = rng.choice([cc, cc, cc, cc.lower(), cc.title()])
    spaced = _groups(national, (3, 3), " ") if national.isdigit() and len(national) >= 9 else national
    return rng.choice([f"{cased}{national}", f"{cased} {national}", f"{cased}-{national}", f"{cased} {spaced}"])


# --- The set ------------------------------------------------------------------------------------------------

def make_value(rng: random.Random, entity: str, country: str | None = None) -> str | None:
    if entity == "IBAN_CODE":
        return iban(rng, country)
    if entity == "EU_VAT":
        return from_layout(rng, Layout(_vat_module(country), country + VAT_LAYOUTS[country]))
    if entity in NATIONAL:
        return from_layout(rng, NATIONAL[entity])
    return {"NO_FODSELSNUMMER": no_fnr, "SE_PERSONNUMMER": se_pnr, "FI_HETU": fi_hetu, "DK_CPR": dk_cpr,
            "NO_ORGNR": no_orgnr, "NO_MVA": no_orgnr}[entity](rng)


def _vat_module(country: str) -> str:
    return {"GB": "gb.vat", "CHE": "ch.vat"}.get(country, "eu.vat")


def write(rng: random.Random, entity: str, value: str, country: str | None = None) -> str:
    if entity == "EU_VAT":
        return _write_vat(rng, country, value[len(country):])
    return WRITERS.get(entity, lambda r, v: v)(rng, value)


def is_valid(entity: str, written: str, country: str | None = None) -> bool:
    """Whether a (changed) number still passes: negatives must not."""
    from stdnum import iban as stdnum_iban

    from ..detect import validators

    if entity == "EU_VAT":  # separators anywhere, as in "CZ-32758707"
        return importlib.import_module(f"stdnum.{_vat_module(country)}").is_valid(re.sub(r"[^0-9A-Za-z]", "", written))
    if entity == "IBAN_CODE":
        return stdnum_iban.is_valid(written)
    if entity in NATIONAL:
        spec = NATIONAL[entity]
        return importlib.import_module(f"stdnum.{spec.module}").is_valid(written, **{o: True for o in spec.options})
    check = {"NO_FODSELSNUMMER": validators.no_fodselsnummer, "SE_PERSONNUMMER": validators.se_personnummer,
             "FI_HETU": validators.fi_hetu, "DK_CPR": validators.dk_cpr, "NO_ORGNR": validators.no_orgnr,
             "NO_MVA": validators.no_mva}[entity]
    return check(written) is not None


def mutate(rng: random.Random, written: str) -> str:
    """One digit (or check letter) changed."""
    spots = [i for i, c in enumerate(written) if c.isdigit()]
    i = rng.choice(spots[-3:] if rng.random() < 0.5 else spots)
    return written[:i] + rng.choice([d for d in DIGITS if d != written[i]]) + written[i + 1:]


def near_miss(rng: random.Random, written: str) -> str:
    spots = [i for i, c in enumerate(written) if c.isdigit()]
    if rng.random() < 0.5 and len(spots) > 2:
        i = rng.choice(spots[1:])
        return written[:i] + written[i + 1:]  # a digit dropped
    pairs = [(a, b) for a, b in zip(spots, spots[1:]) if written[a] != written[b]]
    a, b = rng.choice(pairs) if pairs else (spots[0], spots[0])
    chars = list(written)
    chars[a], chars[b] = chars[b], chars[a]
    return "".join(chars)


def _label(rng: random.Random, entity: str, language: str) -> str:
    labels = sentences()["labels"].get(entity, {})
    return rng.choice(labels.get(language) or labels.get("en") or [entity])


def _languages(entity: str) -> tuple[str, ...]:
    """Languages whose labels the sentences can use for this type (a Dutch BSN in a Finnish sentence is odd)."""
    labels = sentences()["labels"].get(entity, {})
    return tuple(lang for lang in LANGUAGES if lang in labels) or ("en",)


def _record(template: str, label: str, shown: str, entities: list[str], group: str, split: str, lang: str) -> dict:
    text = template.format(label=label, v=shown)
    start = len(template.split("{v}")[0].format(label=label))
    spans = [{"entity_type": e, "entity_value": shown, "start_position": start, "end_position": start + len(shown)}
             for e in entities]
    return {"full_text": text, "spans": spans, "group": group, "split": split, "language_hint": lang}


def types() -> list[tuple[str, str | None]]:
    """(entity, country) pairs of the set: IBAN and VAT once per country."""
    fixed = ["NO_FODSELSNUMMER", "SE_PERSONNUMMER", "FI_HETU", "DK_CPR", "NO_ORGNR", "NO_MVA"]
    return ([(e, None) for e in fixed] + [("IBAN_CODE", c) for c in sorted(iban_layouts())]
            + [("EU_VAT", c) for c in VAT_LAYOUTS] + [(e, None) for e in NATIONAL])


def generate(split: str = "tune", per_type: int = 30, per_country: int = 3) -> list[dict]:
    rng = random.Random(SPLITS[split])
    templates = sentences()["templates"][split]
    records = []
    for entity, country in types():
        n = per_country if country else per_type
        labelled = ["NO_MVA", "NO_ORGNR"] if entity == "NO_MVA" else [entity]  # an MVA number is both
        for i in range(n):
            value = make_value(rng, entity, country)
            if value is None:
                continue
            shown = write(rng, entity, value, country)
            lang = rng.choice(_languages(entity))
            template, label = rng.choice(templates[lang]), _label(rng, entity, lang)
            records.append(_record(template, label, shown, labelled, "valid", split, lang))
            for group, change in (("invalid", mutate), ("near_miss", near_miss)):
                if group == "near_miss" and i % 3:
                    continue
                bad = change(rng, shown)
                if not is_valid(entity, bad, country):
                    records.append(_record(rng.choice(templates[lang]), label, bad, [], group, split, lang))
    records += _other_numbers(rng, split, per_type)
    rng.shuffle(records)
    return records


def _other_numbers(rng: random.Random, split: str, n: int) -> list[dict]:
    """Order and invoice numbers (some passing a mod 11), phone numbers, dates: nothing to find."""
    out = []
    for _ in range(n * 3):
        lang = rng.choice(LANGUAGES)
        template = rng.choice(sentences()["other_numbers"][lang])
        number = rng.choice([no_orgnr(rng), fnr(rng), "".join(rng.choice(DIGITS) for _ in range(rng.choice([6, 8, 10])))])
        phone = rng.choice(["+47 412 34 567", "+46 70 123 45 67", "+45 20 12 34 56", "+358 40 123 4567",
                            "+49 30 1234567", "0171 2345678"])
        day = _birth(rng, 2020, 2026)
        when = rng.choice([day.strftime("%d.%m.%Y"), day.isoformat(), day.strftime("%d/%m/%Y")])
        out.append({"full_text": template.format(n=number, p=phone, d=when), "spans": [], "group": "other",
                    "split": split, "language_hint": lang})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--split", choices=sorted(SPLITS), default="tune")
    ap.add_argument("--per-type", type=int, default=30)
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(generate(args.split, args.per_type), fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()


def false_accepts(records: list[dict], analyze: Callable[[str], list[tuple]]) -> dict[str, tuple[int, int]]:
    """Per negative group: (records with any identifier found, records). Identifier = an entity the set labels,
    or another number type a checksum could wrongly accept (cards, accounts, US SSN)."""
    kinds = {s["entity_type"] for r in records for s in r["spans"]} | {"CREDIT_CARD", "NO_KONTONUMMER", "US_SSN"}
    out: dict[str, list[int]] = {}
    for r in records:
        if r["spans"]:
            continue
        counts = out.setdefault(r["group"], [0, 0])
        counts[0] += any(p[2] in kinds for p in analyze(r["full_text"]))
        counts[1] += 1
    return {g: (a, n) for g, (a, n) in sorted(out.items())}
