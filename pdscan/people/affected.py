"""People affected per place and per activity: the counts a breach notification (Art. 33/34) asks for."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

import pandas as pd

from ..register.locations import DB_SCHEMES, split_db_uri
from .cluster import Clustering, cluster
from .records import Record, records


def place_of(uri: str) -> str:
    """A database table, a container file (mbox, zip, pst) or a file's folder: where a breach would happen."""
    if uri.lower().startswith(DB_SCHEMES):
        base, table, _ = split_db_uri(uri)
        return f"{base}#{table}" if table else base
    top = uri.split("#", 1)[0]
    if "#" in uri:
        return top
    return top.rsplit("/", 1)[0] if "/" in top else top


@dataclass
class Affected:
    group: str  # a place, or an activity id
    people: int
    children: int  # under 18 at scan time by a national ID's birth date
    special: int  # with Art. 9 or Art. 10 data in a record about them (in a table: everybody in it)
    items: int
    confidence: float  # of this group's clustering (see Clustering.confidence)


def _tables(recs) -> list[Record]:
    """A table's columns (one item each) and a large file's parts, joined per place: one table of many people."""
    joined: dict[str, Record] = {}
    for rec in recs:
        t = joined.setdefault(place_of(rec.uri), Record(place_of(rec.uri), linkable=False))
        for k, hs in rec.hashes.items():
            t.hashes[k] |= hs
        t.special = t.special or rec.special
        t.minors |= rec.minors
    return list(joined.values())


def _count(group: str, recs: list[Record], c: Clustering, minors: set[str]) -> Affected:
    # Records first, then tables: a table's e-mail column and name column are mostly the same people, so a table
    # adds the most new people of any one of its kinds (a lower bound where its columns hold different people).
    # `touched` keeps every kind's people, so a child known by ID in the table counts though names were the most.
    people, touched, special, values, linked = set(), set(), set(), set(), set()
    for rec in [r for r in recs if r.linkable] + _tables(r for r in recs if not r.linkable):
        hs = {h for v in rec.hashes.values() for h in v}
        values |= hs
        if rec.linkable:
            linked |= hs
            mine = c.people(hs)
            people |= mine
        else:
            new = [c.people(v) - people for v in rec.hashes.values()]
            people |= max(new, key=len)
            mine = set().union(*new)
        touched |= mine
        if rec.special:
            special |= mine
    uncertain = len(people & c.weak_only)
    conf = round(max(len(linked) - uncertain, 0) / len(values), 3) if values else 1.0
    return Affected(group, len(people), min(len(touched & minors), len(people)), min(len(special), len(people)),
                    len(recs), conf)


def affected(findings: pd.DataFrame, items: pd.DataFrame | None = None, verdicts: pd.DataFrame | None = None) -> dict:
    """{"total", "places", "activities" (None without verdicts)}: Affected rows as dicts, most people first."""
    recs = records(findings, items)
    c = cluster(recs)
    by_place: dict[str, list[Record]] = defaultdict(list)
    for rec in recs.values():
        by_place[place_of(rec.uri)].append(rec)
    # A child is a child everywhere: the e-mail address in the CRM is the same person as the ID in the school file.
    minors = c.people(set().union(*(r.minors for r in recs.values()))) if recs else set()
    rows = lambda groups: sorted((asdict(_count(g, rs, c, minors)) for g, rs in groups.items()),
                                 key=lambda r: (-r["people"], r["group"]))
    out = {"total": asdict(_count("all", list(recs.values()), c, minors)), "places": rows(by_place), "activities": None}
    if verdicts is not None:
        by_activity: dict[str, list[Record]] = defaultdict(list)
        governing = verdicts.dropna(subset=["activity"]).drop_duplicates("uri").set_index("uri")["activity"]
        for rec in recs.values():
            by_activity[governing.get(rec.uri, "(no activity: undocumented)")].append(rec)
        out["activities"] = rows(by_activity)
    return out


def from_store(store, verdicts: pd.DataFrame | None = None) -> dict:
    return affected(store.findings, store.items, verdicts)
