"""Hold every finding against the register: one verdict per finding, with the reason.

Precedence, as a DPO reads a register:
1. Candidates are the activities with a location selector that names the item's place. None: the
   finding is `undocumented` ("no activity declares this location").
2. Of those, the activities whose data_categories cover the finding's category (prefix match).
3. Art. 9 data (and Art. 10 data) needs an activity that also declares an Art. 9(2) basis (an Art. 10
   authority), or one where the organisation is a processor (it processes on the controller's basis,
   which its own record does not hold). If no candidate does, the verdict is `special_without_basis`, whether or not a
   candidate lists the category: a special category at a place no basis covers is the finding that
   matters. Otherwise only the candidates with a basis go on to step 4.
   Ordinary data with no candidate from step 2 is `undocumented` ("X covers the place, not the category").
4. The governing activity is the candidate whose matching selector is most specific (names the most
   letters and digits of the place: `**/hr/recruitment/**` beats `**/hr/**` beats `**`); ties go to
   the activity listed first in the register.
5. Its first retention rule whose `categories`/`locations` filters apply decides `covered`, `overdue`,
   or `needs_review` (no fixed period, review cycle passed, or an unknown start date).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import pandas as pd

from ..store.keys import hash_value
from .locations import Place, place_for, selector_matches, source_roots, specificity
from .model import (NEEDS_REVIEW, SPECIAL_WITHOUT_BASIS, UNDOCUMENTED, Activity, Register, Retention,
                    Selector, category_within)
from .retention import judge, to_date

VERDICT_COLUMNS = ["uri", "entity", "category", "special", "verdict", "activity", "selector", "detail",
                   "overdue_days", "rows_overdue"]


@dataclass(frozen=True)
class Match:
    activity: Activity
    selector: Selector
    order: int

    @property
    def rank(self) -> tuple[int, int]:
        return -specificity(self.selector), self.order

    def names(self) -> str:
        return f"activity '{self.activity.id}' ({self.selector})"


@dataclass(frozen=True)
class Judgement:
    verdict: str
    activity: str | None
    selector: str | None
    detail: str
    overdue_days: int | None = None
    rows_overdue: int | None = None


def _address_hash(address: str) -> str:
    return hash_value("EMAIL_ADDRESS", address)


def location_matches(register: Register, place: Place) -> list[Match]:
    """Every activity naming this place, with its most specific matching selector, best first."""
    out = []
    for order, activity in enumerate(register.activities):
        hits = [s for s in activity.locations if selector_matches(s, place, _address_hash)]
        if hits:
            out.append(Match(activity, max(hits, key=specificity), order))
    return sorted(out, key=lambda m: m.rank)


def has_basis(activity: Activity, special: str) -> bool:
    """A processor processes on the controller's basis (Art. 28): its own record declares none."""
    if activity.role == "processor":
        return True
    return bool(activity.art10_authority) if special == "art10" else bool(activity.special_category_basis)


def basis_text(activity: Activity, special: str) -> str:
    if activity.role == "processor":
        return "processor: the controller's basis applies"
    if special == "art10":
        return f"Art. 10 authority: {activity.art10_authority}"
    return f"Art. 9(2) basis: {', '.join(activity.special_category_basis)}"


def rule_for(activity: Activity, category: str, place: Place) -> Retention | None:
    for rule in activity.retention:
        if rule.categories and not any(category_within(category, c) for c in rule.categories):
            continue
        if rule.locations and not any(selector_matches(s, place, _address_hash) for s in rule.locations):
            continue
        return rule
    return None


class _Stamps:
    """Timestamps along an item's container chain (an attachment takes its message's `sent`)."""

    def __init__(self, items: pd.DataFrame):
        self.rows: dict[str, dict] = {rec["uri"]: rec for rec in items.to_dict("records")}

    def chain(self, uri: str) -> list[dict]:
        out, seen = [], set()
        while uri in self.rows and uri not in seen:
            seen.add(uri)
            out.append(self.rows[uri])
            uri = self.rows[uri].get("parent")
        return out

    def value(self, uri: str, name: str) -> Any:
        for rec in self.chain(uri):
            if name == "modified":
                if to_date(rec.get("modified")) is not None:
                    return rec["modified"]
                continue
            ts = _json(rec.get("timestamps"))
            if name == "row_date":
                dist = ts.get("row_date") if isinstance(ts.get("row_date"), dict) else (
                    ts if "oldest" in ts or "row_date_column" in ts else None)
                if dist:
                    return dist
            elif ts.get(name) is not None:
                return ts[name]
        return None

    def place(self, uri: str, roots: tuple[str, ...]) -> Place:
        message = next((r for r in self.chain(uri) if r.get("kind") == "message"), None)
        if message is None:
            return place_for(uri, roots)
        meta = _json(message.get("meta"))
        return place_for(uri, roots, message["uri"], meta.get("folder"), frozenset(meta.get("parties", [])))


def _json(text: Any) -> dict:
    if not text or not isinstance(text, str):
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


SPECIAL_LABEL = {"art10": "criminal-offence (Art. 10)"}


def _others(matches: list[Match], named: Match, verb: str) -> str:
    others = ", ".join(f"'{x.activity.id}'" for x in matches if x is not named)
    return f"; other activities here ({others}) {verb}" if others else ""


def judge_finding(register: Register, place: Place, category: str, special: str | None, stamps: _Stamps,
                  now: date, scanned: date, matches: list[Match] | None = None) -> Judgement:
    """The verdict for one (place, category, special); `matches` = location_matches(register, place)."""
    matches = location_matches(register, place) if matches is None else matches
    if not matches:
        return Judgement(UNDOCUMENTED, None, None,
                         f"no activity declares this location ({len(register.activities)} activities checked)")
    covering = [m for m in matches if m.activity.covers_category(category)]
    if special:
        label = SPECIAL_LABEL.get(special, f"special-category (Art. 9, {special})")
        based = [m for m in covering if has_basis(m.activity, special)]
        if not based:
            m = (covering or matches)[0]
            lacks = "Art. 10 authority" if special == "art10" else "Art. 9(2) basis"
            why = (f"declares {category} but no {lacks}" if covering
                   else f"covers the location but does not declare {category}, nor an {lacks}")
            return Judgement(SPECIAL_WITHOUT_BASIS, m.activity.id, str(m.selector),
                             f"{label} data: {m.names()} {why}" + _others(matches, m, "declare none either"))
        governing = based[0]
        basis = basis_text(governing.activity, special)
    else:
        if not covering:
            m = matches[0]
            return Judgement(UNDOCUMENTED, None, None,
                             f"{m.names()} covers the location but not {category} "
                             f"(it declares {', '.join(m.activity.data_categories)})"
                             + _others(matches, m, "do not declare it either"))
        governing, basis = covering[0], ""
    rule = rule_for(governing.activity, category, place)
    head = f"{governing.names()} covers {category}" + (f" ({basis})" if basis else "") + "; "
    if rule is None:
        return Judgement(NEEDS_REVIEW, governing.activity.id, str(governing.selector),
                         head + "none of its retention rules applies to this category and place")
    stamp = None if rule.kind in ("none_stated", "event") else stamps.value(place.uri, rule.start)
    out = judge(rule, stamp, now, place.uri, scanned)
    return Judgement(out.verdict, governing.activity.id, str(governing.selector), head + out.detail,
                     out.overdue_days, out.rows_overdue)


def evaluate(store, register: Register, now: datetime | None = None) -> pd.DataFrame:
    """One verdict per finding of `store` (`pdscan.load(OUT)`), held against `register`.

    Returns a DataFrame with the columns VERDICT_COLUMNS: uri, entity, category, special, verdict
    (covered, undocumented, overdue, special_without_basis, needs_review), activity (the governing
    activity id, or None), selector (the location selector that matched, as text), detail (why, in
    words), overdue_days (for overdue: days past the deadline; for a database column: of the oldest row)
    and rows_overdue (database columns: rows past retention, from the row-age distribution).
    `now` defaults to the current time; retention counts whole days in UTC.
    """
    today = to_date(now or datetime.now(timezone.utc))
    run = store.run or {}
    scanned = to_date(run.get("ended") or run.get("started")) or today
    stamps = _Stamps(store.items)
    roots = (register.root,) if register.root else source_roots(run.get("sources", []), list(stamps.rows))
    places: dict[str, tuple[Place, list[Match]]] = {}
    cache: dict[tuple, Judgement] = {}
    rows = []
    for f in store.findings[["uri", "entity", "category", "special"]].itertuples(index=False):
        special = f.special if isinstance(f.special, str) and f.special else None
        key = (f.uri, f.category, special)
        if key not in cache:
            if f.uri not in places:
                place = stamps.place(f.uri, roots)
                places[f.uri] = place, location_matches(register, place)
            place, matches = places[f.uri]
            cache[key] = judge_finding(register, place, f.category, special, stamps, today, scanned, matches)
        j = cache[key]
        rows.append((f.uri, f.entity, f.category, special, j.verdict, j.activity, j.selector, j.detail,
                     j.overdue_days, j.rows_overdue))
    df = pd.DataFrame(rows, columns=VERDICT_COLUMNS)
    for col in ("overdue_days", "rows_overdue"):
        df[col] = df[col].astype("Int64")
    return df
