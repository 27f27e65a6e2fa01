"""What "the same record" means in a store: which keyed hashes were seen together about one person.

The store keeps findings per item (file, message, attachment, archive member, database column), not per row. A
mail, an attachment or a small document is about few people, so identifiers in it are evidence of one person. A
CSV file, a spreadsheet or a database column holds many people: putting its identifiers together would merge
everybody, so such an item is not a record: its identifiers count as people but link nothing.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

# Kinds of hash the clustering uses (pdscan.store.keys.kind_of): national and customer numbers, e-mail, phone, name.
PERSON_KINDS = ("id", "email", "phone", "name")
# An item holding more distinct values than this of any one kind is about many people, not one record.
# Two, not one: a person often has two e-mail addresses or phone numbers in one signature or form.
MAX_PER_KIND = 2
# Entities whose hashes are of kind "id" but name no one person: organisations' numbers, and accounts and cards
# (shared by a household or a company, and beside the holder's name anyway: they would count one person twice).
NOT_PERSON_ENTITIES = {"NO_ORGNR", "NO_MVA", "EU_VAT", "IBAN_CODE", "CREDIT_CARD", "NO_KONTONUMMER"}
# Item kinds that are tables of many people whatever their size.
TABLE_KINDS = {"column"}


@dataclass
class Record:
    uri: str
    hashes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # kind -> keyed hashes
    special: bool = False  # an Art. 9 or Art. 10 finding in the item
    linkable: bool = True  # False: a table of many people; its identifiers link nothing
    minors: set[str] = field(default_factory=set)  # id hashes of children (from `minor:` markers, see birthdate)


def kind(h: str) -> str:
    return h.split(":", 1)[0]


def records(findings: pd.DataFrame, items: pd.DataFrame | None = None) -> dict[str, Record]:
    """One Record per item with person identifiers, from store findings (uri, entity, special, hashes)."""
    table_uris = set()
    if items is not None and len(items):
        table_uris = set(items.loc[items["kind"].isin(TABLE_KINDS), "uri"])
    out: dict[str, Record] = {}
    for uri, entity, special, hashes in findings[["uri", "entity", "special", "hashes"]].itertuples(index=False):
        rec = out.get(uri)
        if rec is None:
            rec = out[uri] = Record(uri)
        if isinstance(special, str) and special:
            rec.special = True
        if entity in NOT_PERSON_ENTITIES:
            continue
        for h in (hashes if hashes is not None else ()):
            if kind(h) in PERSON_KINDS:
                rec.hashes[kind(h)].add(h)
            elif kind(h) == "minor":
                rec.minors.add("id:" + h.split(":", 1)[1])
    for rec in out.values():
        rec.linkable = rec.uri not in table_uris and all(len(v) <= MAX_PER_KIND for v in rec.hashes.values())
    return {u: r for u, r in out.items() if r.hashes}
