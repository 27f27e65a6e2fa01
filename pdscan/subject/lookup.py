"""Answer "where is this person?" from a store, through keyed hashes only: no rescan, no raw values needed."""
from __future__ import annotations

import json
from collections import defaultdict

import pandas as pd

from ..model import NO_TEXT
from ..register import Register
from ..store import Store
from ..store.keys import key_id
from .identifiers import Identifier, Variant
from .matcher import EXCERPT_SEPARATOR
from .results import UNREAD, Located, Match, Searched
from .verdicts import attach_verdicts

TIMESTAMP_PREFERENCE = ("sent", "received", "row_date", "modified", "created")


class KeyMismatch(LookupError):
    """The store was hashed with another installation's key, so no lookup in it can succeed."""


def check_key(store: Store) -> None:
    stored = store.run.get("key_id")
    if stored and stored != key_id():
        raise KeyMismatch(
            f"{store.path} was hashed with another key (key id {stored}, this installation has {key_id()}); "
            "set PDSCAN_KEY_FILE to the key file of the installation that ran that scan")


def new_accumulator() -> dict:
    return {"labels": set(), "conf": 0.0, "reasons": set(), "count": 0, "excerpts": []}


def _index(identifiers: list[Identifier]) -> dict[str, tuple[Identifier, Variant]]:
    index: dict[str, tuple[Identifier, Variant]] = {}
    for ident in identifiers:
        for v in ident.variants():
            index.setdefault(v.hash, (ident, v))
    return index


def _timestamp(item: dict) -> tuple[str | None, dict]:
    stamps = json.loads(item["timestamps"]) if isinstance(item.get("timestamps"), str) else {}
    modified = item.get("modified")
    if modified is not None and not pd.isna(modified):
        stamps.setdefault("modified", pd.Timestamp(modified).isoformat())
    for key in TIMESTAMP_PREFERENCE:
        if stamps.get(key):
            return str(stamps[key]), stamps
    return None, stamps


def _notes(store: Store) -> list[str]:
    items, notes = store.items, []
    sample = store.run.get("options", {}).get("sample_rows")
    if sample is not None and (items["kind"] == "column").any():
        notes.append(f"database tables were sampled ({sample} rows per table): rows outside the sample were "
                     "not searched")
    no_text = int((items["status"] == NO_TEXT).sum())
    if no_text:
        notes.append(f"{no_text} items had no text layer (images, scanned pages) and were not searched: "
                     "no OCR is run")
    return notes


def searched(store: Store) -> Searched:
    items = store.items
    bad = items[items["status"].isin(UNREAD)]
    return Searched(
        sources=list(store.run.get("sources", [])), items=len(items),
        unreadable=[{"uri": r.uri, "status": r.status, "message": r.message} for r in bad.itertuples()],
        started=store.run.get("started"), ended=store.run.get("ended"),
        by_status={str(k): int(v) for k, v in items["status"].value_counts().items()}, notes=_notes(store),
    )


def locate_in_store(store: Store, identifiers: list[Identifier], register: Register | None = None) -> Located:
    """Every item whose findings carry a keyed hash of one of the identifiers (or a spelling variant),
    with each place's activity and verdict when a `register` is given."""
    check_key(store)
    index = _index(identifiers)
    findings = store.findings
    hits = findings.explode("hashes")
    hits = hits[hits["hashes"].isin(index.keys())]
    if hits.empty:
        return Located([], searched(store))
    entities = findings[findings["uri"].isin(set(hits["uri"]))].groupby("uri")["entity"].agg(lambda s: sorted(set(s)))
    per_uri: dict[str, dict] = defaultdict(new_accumulator)
    # A subject scan's findings already carry the form that matched (score, reason); a full scan's say
    # what the engine found, and the hash variant says how closely it matches the person.
    subject_scan = "subject" in store.run.get("detectors", {})
    for row in hits.drop_duplicates(subset=["uri", "entity", "field", "snippet", "hashes"]).itertuples():
        ident, variant = index[row.hashes]
        acc = per_uri[row.uri]
        acc["labels"].add(ident.label)
        acc["conf"] = max(acc["conf"], float(row.score) if subject_scan else variant.confidence)
        acc["reasons"].add(row.reason if subject_scan else f"{variant.reason} (found as {row.entity})")
        acc["count"] += int(row.count)
        acc["excerpts"] += [x for x in str(row.snippet).split(EXCERPT_SEPARATOR) if x]
    located = Located(matches_from(store, per_uri, entities), searched(store),
                      excerpts_raw=bool(store.run.get("options", {}).get("show_data")))
    if register is not None:
        attach_verdicts(located, store, register)
    return located


def matches_from(store: Store, per_uri: dict[str, dict], entities: pd.Series) -> list[Match]:
    """Match rows, with each item's kind and dates, from per-uri accumulators (labels, conf, reasons, count, excerpts)."""
    items = store.items.drop_duplicates("uri", keep="last").set_index("uri")
    matches = []
    for uri, acc in per_uri.items():
        item = items.loc[uri].to_dict() if uri in items.index else {}
        timestamp, stamps = _timestamp(item)
        matches.append(Match(
            uri=uri, kind=item.get("kind") or "item", identifiers=sorted(acc["labels"]),
            entities=list(entities.get(uri, [])), timestamp=timestamp, timestamps=stamps,
            confidence=acc["conf"], reason="; ".join(sorted(acc["reasons"])), count=acc["count"],
            excerpts=acc["excerpts"],
        ))
    return sorted(matches, key=lambda m: m.uri)
