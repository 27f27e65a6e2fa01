"""A labelled Nordic-identifier set generated from the published algorithms (domain reference §1).

Valid and invalid numbers, each with and without context words, in English and Norwegian/Swedish/Danish/
Finnish. The check-digit code here is written independently of pdscan's validators, so the set can catch
their mistakes. Output: presidio-json, with `group` = with_context | without_context | invalid.

    python -m pdscan.evaluate.nordic_set OUT.json [--seed 7] [--per-kind 60]
"""
from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta

FI_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"

CONTEXT = {
    "NO_FODSELSNUMMER": ["Fødselsnummer: {v}", "Pasientens fnr. er {v}.", "Oppgi personnummer {v} ved henvendelse.",
                         "National identity number {v} was registered for the employee.", "F.nr. {v}",
                         "The applicant's Norwegian ID number is {v}."],
    "NO_ORGNR": ["Organisasjonsnummer: {v}", "Org.nr. {v} er registrert i Brønnøysund.",
                 "Supplier organisation number {v}."],
    "NO_KONTONUMMER": ["Kontonummer: {v}", "Beløpet betales til konto {v}.", "Bank account number {v}."],
    "SE_PERSONNUMMER": ["Personnummer: {v}", "Sökandens personnr {v} har kontrollerats.",
                        "Swedish personal identity number {v}."],
    "DK_CPR": ["CPR-nr.: {v}", "Medarbejderens CPR-nummer er {v}.", "Danish CPR number {v}."],
    "FI_HETU": ["Henkilötunnus: {v}", "Hetu {v} tarkistettu.", "Finnish personal identity code {v}."],
}
NO_CONTEXT = ["Ref {v} ble sendt i går.", "Please see line {v} in the attached list.", "{v}",
              "Batch {v} was processed without errors.", "Sak {v} er lukket."]


def _mod11(digits: list[int], weights: list[int]) -> int | None:
    r = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return 0 if r == 11 else (None if r == 10 else r)


def fnr_checksums_ok(value: str) -> bool:
    """Both check digits, with the 2032 rule (first remainder 0-3); no date check."""
    d = [int(c) for c in value if c.isdigit()]
    if len(d) != 11:
        return False
    r1 = sum(x * w for x, w in zip(d, [3, 7, 6, 1, 8, 9, 4, 5, 2, 1])) % 11
    r2 = sum(x * w for x, w in zip(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1])) % 11
    return r1 in (0, 1, 2, 3) and r2 == 0


def fnr(rng: random.Random, variant: str = "fnr") -> str:
    while True:
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 80))
        day, month = born.day, born.month
        if variant == "dnr":
            day += 40
        elif variant == "tenor":
            month += 80
        elif variant == "hnr":
            month += 40
        base = [int(c) for c in f"{day:02d}{month:02d}{born.year % 100:02d}{rng.randrange(1000):03d}"]
        k1 = _mod11(base, [3, 7, 6, 1, 8, 9, 4, 5, 2])
        if k1 is None:
            continue
        k2 = _mod11(base + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        if k2 is None:
            continue
        return "".join(map(str, base + [k1, k2]))


def orgnr(rng: random.Random) -> str:
    while True:
        base = [rng.choice([8, 9])] + [rng.randrange(10) for _ in range(7)]
        k = _mod11(base, [3, 2, 7, 6, 5, 4, 3, 2])
        if k is not None:
            return "".join(map(str, base + [k]))


def kontonr(rng: random.Random) -> str:
    while True:
        base = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(9)]
        k = _mod11(base, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        if k is not None:
            return "".join(map(str, base + [k]))


def luhn_digit(digits: str) -> int:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def se_pnr(rng: random.Random, samordning: bool = False) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 80))
    day = born.day + (60 if samordning else 0)
    body = f"{born.year % 100:02d}{born.month:02d}{day:02d}{rng.randrange(1000):03d}"
    return f"{body[:6]}-{body[6:]}{luhn_digit(body)}"


def dk_cpr(rng: random.Random) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 60))
    return f"{born.day:02d}{born.month:02d}{born.year % 100:02d}-{rng.randrange(4000):04d}"


def fi_hetu(rng: random.Random) -> str:
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 90))
    sign = rng.choice("-YXWVU") if born.year < 2000 else rng.choice("ABCDEF")
    ind = rng.randrange(2, 900)
    check = FI_CHECK[int(f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{ind:03d}") % 31]
    return f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{sign}{ind:03d}{check}"


def corrupt(value: str, rng: random.Random, kind: str) -> str:
    """An invalid twin: the check character changed (for DK CPR, which has none, an impossible date)."""
    if kind == "DK_CPR":
        return f"{rng.randrange(32, 40)}{value[2:]}"
    last = value[-1]
    pool = FI_CHECK if kind == "FI_HETU" else "0123456789"
    return value[:-1] + rng.choice([c for c in pool if c != last])


def layout(value: str, kind: str, rng: random.Random) -> str:
    """The ways people write these numbers."""
    if kind == "NO_FODSELSNUMMER" and rng.random() < 0.4:
        return f"{value[:6]} {value[6:]}"
    if kind == "NO_ORGNR" and rng.random() < 0.5:
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    if kind == "NO_KONTONUMMER" and rng.random() < 0.6:
        return f"{value[:4]}.{value[4:6]}.{value[6:]}"
    return value


GENERATORS = {
    "NO_FODSELSNUMMER": lambda r: fnr(r, r.choice(["fnr", "fnr", "dnr", "tenor", "hnr"])),
    "NO_ORGNR": orgnr,
    "NO_KONTONUMMER": kontonr,
    "SE_PERSONNUMMER": lambda r: se_pnr(r, samordning=r.random() < 0.2),
    "DK_CPR": dk_cpr,
    "FI_HETU": fi_hetu,
}


def _record(template: str, value: str, entity: str | None, group: str) -> dict:
    text = template.format(v=value)
    start = text.index(value)
    spans = [{"entity_type": entity, "entity_value": value, "start_position": start,
              "end_position": start + len(value)}] if entity else []
    return {"full_text": text, "spans": spans, "group": group}


def generate(seed: int = 7, per_kind: int = 60) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for kind, gen in GENERATORS.items():
        for i in range(per_kind):
            value = gen(rng)
            shown = layout(value, kind, rng)
            records.append(_record(rng.choice(CONTEXT[kind]), shown, kind, "with_context"))
            if i % 2 == 0:
                records.append(_record(rng.choice(NO_CONTEXT), shown, kind, "without_context"))
                records.append(_record(rng.choice(CONTEXT[kind]), corrupt(value, rng, kind), None, "invalid"))
    rng.shuffle(records)
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-kind", type=int, default=60)
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(generate(args.seed, args.per_kind), fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
