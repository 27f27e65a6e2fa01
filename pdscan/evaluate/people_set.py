"""A generated truth for `pdscan people`: records about known people, as store findings (keyed-hash shaped), and
pair precision/recall of the clustering against it.

The people have what real estates show: several e-mail addresses, names written with typos, a family sharing one
phone number, namesakes (two people with the same name), records naming only a name and a phone, records about a
parent that carry a child's national ID, and one large customer list holding many of them at once.
`python -m pdscan.evaluate.people_set [--people N] [--seed S]` prints the figures.
"""
from __future__ import annotations

import argparse
import hashlib
import random
from dataclasses import dataclass

import pandas as pd

from ..people.cluster import cluster, pairs_of
from ..people.records import records

GIVEN = ["ola", "kari", "per", "ingrid", "nils", "anne", "lars", "marit", "jon", "silje", "erik", "hanne", "odd",
         "liv", "tor", "eva", "knut", "sara", "geir", "nina", "arne", "tone", "rune", "heidi", "jan", "mona"]
FAMILY = ["nordmann", "hansen", "johansen", "olsen", "larsen", "berg", "haugen", "dahl", "lie", "moen", "bakke",
          "strand", "lund", "solberg", "eide", "aas", "holm", "vik", "nilsen", "kristiansen"]


def h(kind: str, value: str) -> str:
    # Opaque like the store's keyed hashes (kind:hex); the clustering never sees a value.
    return f"{kind}:{hashlib.sha256(f'{kind}|{value}'.encode()).hexdigest()[:32]}"


@dataclass
class Person:
    pid: int
    national_id: str
    emails: list[str]
    name: str
    phone: str


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]  # two letters swapped


def people(n: int, rng: random.Random) -> list[Person]:
    out, phone = [], None
    for pid in range(n):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"  # namesakes happen by chance (26 x 20 names)
        if phone is None or rng.random() > 0.3:  # about a third share the previous person's (family) phone
            phone = f"+47{rng.randrange(40000000, 99999999)}"
        emails = [f"p{pid}@example.org"] + ([f"p{pid}.work@example.com"] if rng.random() < 0.4 else [])
        out.append(Person(pid, f"{pid:011d}", emails, name, phone))
    return out


def one_record(p: Person, rng: random.Random, everyone: list[Person]) -> list[tuple[str, str]]:
    """(kind, value) pairs of one record about p: a mail, a form, a short document."""
    name = _typo(p.name, rng) if rng.random() < 0.15 else p.name
    shape = rng.choice(["mail", "form", "document", "note", "hr"])
    if shape == "mail":
        vals = [("email", rng.choice(p.emails)), ("name", name)]
    elif shape == "form":
        vals = [("email", p.emails[0]), ("phone", p.phone), ("name", name)]
    elif shape == "document":
        vals = [("id", p.national_id), ("name", name)] + ([("email", p.emails[-1])] if rng.random() < 0.5 else [])
    elif shape == "note":
        vals = [("name", name), ("phone", p.phone)]
    else:  # an HR record that also names a child: two national IDs
        child = rng.choice(everyone)
        vals = [("id", p.national_id), ("email", p.emails[0]), ("id", child.national_id)]
    return vals


def generate(n_people: int = 300, records_per_person: float = 3.0, seed: int = 1):
    """(findings DataFrame in store shape, truth: record uri -> person id). The big customer list has no truth."""
    rng = random.Random(seed)
    everyone = people(n_people, rng)
    rows, truth = [], {}
    for i in range(int(n_people * records_per_person)):
        p = rng.choice(everyone)
        uri = f"/share/r{i:05d}.eml"
        truth[uri] = p.pid
        for kind, value in one_record(p, rng, everyone):
            rows.append((uri, kind, value))
    for p in rng.sample(everyone, min(len(everyone), 60)):  # one CSV with many people: must merge nobody
        rows += [("/share/kunder.csv", "email", p.emails[0]), ("/share/kunder.csv", "name", p.name),
                 ("/share/kunder.csv", "phone", p.phone)]
    df = pd.DataFrame(rows, columns=["uri", "kind", "value"])
    df["hash"] = [h(k, v) for k, v in zip(df.kind, df.value)]
    findings = (df.assign(entity=df.kind.map(ENTITY)).groupby(["uri", "entity"])["hash"].agg(lambda s: sorted(set(s))).reset_index()
                .rename(columns={"hash": "hashes"}))
    findings["special"] = None
    return findings[["uri", "entity", "special", "hashes"]], truth


ENTITY = {"id": "NO_FODSELSNUMMER", "email": "EMAIL_ADDRESS", "name": "PERSON", "phone": "PHONE_NUMBER"}
STRENGTH = {"id": 0, "email": 1, "name": 2, "phone": 3}


def predicted(findings: pd.DataFrame) -> dict[str, str]:
    """Record uri -> the person of its strongest identifier (the one a record is about)."""
    recs = records(findings)
    c = cluster(recs)
    out = {}
    for uri, rec in recs.items():
        # A record with two national IDs (a parent's, naming a child) is about the one with the e-mail address.
        several_ids = len(rec.hashes.get("id", ())) > 1
        k = min(rec.hashes, key=lambda k: STRENGTH[k] + (9 if k == "id" and several_ids else 0))
        out[uri] = c.person[sorted(rec.hashes[k])[0]]
    return out


def pair_scores(findings: pd.DataFrame, truth: dict[str, int]) -> dict:
    pred = {u: g for u, g in predicted(findings).items() if u in truth}
    p, t = pairs_of(pred), pairs_of({u: str(g) for u, g in truth.items()})
    tp = len(p & t)
    return {"records": len(truth), "people": len(set(truth.values())), "clusters": len(set(pred.values())),
            "pairs_true": len(t), "pairs_predicted": len(p), "precision": round(tp / len(p), 3) if p else 1.0,
            "recall": round(tp / len(t), 3) if t else 1.0}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    findings, truth = generate(a.people, seed=a.seed)
    print(pair_scores(findings, truth))


if __name__ == "__main__":
    main()
