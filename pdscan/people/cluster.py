"""Identifiers -> distinct data subjects, by union-find over evidence in records (pdscan.people.records).

Strong links: a national or customer number and an e-mail address in the same record are the same person; so are
two e-mail addresses in one record (one person's private and work address). A name or a phone number alone
identifies nobody (two Ola Nordmanns, one family phone), so a weak link needs support: a name or a phone joins the
strong person it is seen with only when it is never seen with another; the same (name, phone) pair beside two
strong identifiers joins them; a (name, phone) pair seen in MIN_SUPPORT records is one person. A record with two
national IDs (a parent's record naming a child) links nothing.
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
    one_person = []  # linkable records about at most one strong person
    for rec in recs.values():
        for hs in rec.hashes.values():
            for h in hs:
                uf.add(h)
        if not rec.linkable:
            continue
        linked.update(h for hs in rec.hashes.values() for h in hs)
        if len(rec.hashes.get("id", ())) > 1:  # two national IDs in one record are two people (a parent, a child)
            continue
        one_person.append(rec)
        strong = sorted(h for k in STRONG for h in rec.hashes.get(k, ()))
        for a, b in zip(strong, strong[1:]):
            uf.union(a, b)
    # A name or phone joins the strong person it is seen with, unless it is seen with several (namesakes, a
    # family's phone): then it stays its own, uncertain, subject and bridges nobody.
    owners: dict[str, set[str]] = defaultdict(set)
    for rec in one_person:
        roots = {uf.find(h) for k in STRONG for h in rec.hashes.get(k, ())}
        for k in WEAK:
            for w in rec.hashes.get(k, ()):
                owners[w] |= roots
    pair_owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rec in one_person:
        names, phones = rec.hashes.get("name", set()), rec.hashes.get("phone", set())
        if len(names) == 1 and len(phones) == 1:
            pair = (next(iter(names)), next(iter(phones)))
            pairs[pair] += 1
            pair_owners[pair] |= {uf.find(h) for k in STRONG for h in rec.hashes.get(k, ())}
    for w, roots in owners.items():
        if len(roots) == 1:
            uf.union(w, next(iter(roots)))
    # The same name with the same phone beside two strong identifiers is support enough: one person.
    for roots in pair_owners.values():
        roots = sorted(roots)
        for a, b in zip(roots, roots[1:]):
            uf.union(a, b)
    # A (name, phone) pair seen in MIN_SUPPORT records is one person, unless that would join two strong people.
    def strong_root(x):  # the smallest hash is the root, and "email:"/"id:" sort before "name:"/"phone:"
        r = uf.find(x)
        return r if r.split(":", 1)[0] in STRONG else None
    for (name, phone), n in pairs.items():
        a, b = strong_root(name), strong_root(phone)
        if n >= MIN_SUPPORT and (a is None or b is None or a == b) and len(owners.get(name, ())) <= 1 \
                and len(owners.get(phone, ())) <= 1:
            uf.union(name, phone)
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
