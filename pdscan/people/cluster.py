"""Identifiers -> distinct data subjects, by union-find over evidence in records (pdscan.people.records).

Strong links: a national or customer number and an e-mail address in the same record are the same person; so are
two e-mail addresses in one record (one person's private and work address). A name or a phone number alone
identifies nobody (two Ola Nordmanns, one family phone), so a weak link needs support: a name and a phone number
join a person only when the same (name, phone) pair is seen in at least MIN_SUPPORT records, and a name alone, or a
phone alone, is attached to a strong cluster only when that is its only candidate in the record.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from .records import Record

STRONG = ("id", "email")
WEAK = ("name", "phone")
MIN_SUPPORT = 2


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Clustering:
    person: dict[str, str]  # keyed hash -> person key (the cluster's smallest hash)
    weak_only: set[str]  # people known by weak identifiers only (a name, a phone): the least certain
    linked_values: int  # identifiers seen in at least one linkable record
    values: int

    def people(self, hashes) -> set[str]:
        return {self.person[h] for h in hashes if h in self.person}

    @property
    def confidence(self) -> float:
        """Share of identifiers whose person rests on record evidence, less the people known only by a name or a
        phone (which may be several people, or one already counted): 1.0 when every value was seen in a record."""
        if not self.values:
            return 1.0
        certain = self.linked_values - len(self.weak_only)
        return round(max(certain, 0) / self.values, 3)


def cluster(recs: dict[str, Record]) -> Clustering:
    uf = UnionFind()
    linked: set[str] = set()
    pairs: Counter = Counter()
    for rec in recs.values():
        for hs in rec.hashes.values():
            for h in hs:
                uf.add(h)
        if not rec.linkable:
            continue
        strong = sorted(h for k in STRONG for h in rec.hashes.get(k, ()))
        ids = rec.hashes.get("id", set())
        linked.update(h for hs in rec.hashes.values() for h in hs)
        if len(ids) <= 1:  # two national IDs in one record are two people (a parent and a child): no strong link
            for a, b in zip(strong, strong[1:]):
                uf.union(a, b)
        names, phones = rec.hashes.get("name", set()), rec.hashes.get("phone", set())
        if len(names) == 1 and len(phones) == 1:
            pairs[(next(iter(names)), next(iter(phones)))] += 1
        if strong and len(ids) <= 1 and len(names) == 1:
            uf.union(strong[0], next(iter(names)))
    for (name, phone), n in pairs.items():
        if n >= MIN_SUPPORT:
            uf.union(name, phone)
    # A phone in a record with one strong person is that person's phone, unless the pair evidence says a family
    # shares it: a phone seen beside several distinct strong people stays its own (uncertain) subject.
    phone_owners: dict[str, set[str]] = defaultdict(set)
    for rec in recs.values():
        if not rec.linkable or len(rec.hashes.get("id", ())) > 1:
            continue
        strong = [h for k in STRONG for h in rec.hashes.get(k, ())]
        for p in rec.hashes.get("phone", ()):
            phone_owners[p].update(uf.find(h) for h in strong)
    for p, owners in phone_owners.items():
        roots = {uf.find(o) for o in owners}
        if len(roots) == 1:
            uf.union(p, next(iter(roots)))
    person = {h: uf.find(h) for h in uf.parent}
    members: dict[str, list[str]] = defaultdict(list)
    for h, root in person.items():
        members[root].append(h)
    weak_only = {root for root, hs in members.items() if all(h.split(":", 1)[0] in WEAK for h in hs)}
    return Clustering(person=person, weak_only=weak_only, linked_values=len(linked), values=len(person))


def pairs_of(groups: dict[str, str]) -> set[tuple[str, str]]:
    """The pairs of items (identifiers) put in one group: what pair precision and recall count."""
    by: dict[str, list[str]] = defaultdict(list)
    for x, g in groups.items():
        by[g].append(x)
    return {tuple(sorted(p)) for xs in by.values() for p in combinations(sorted(xs), 2)}
