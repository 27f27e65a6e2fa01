"""What changed since a previous scan, by stable finding identity rather than row order.

A finding's identity is its location, entity, field and the keyed hashes of its values (as detect-secrets
identifies a secret by file, type and hash), so re-scanning an unchanged estate compares as unchanged even
when workers wrote rows in another order. A finding whose set of values changed is a new finding, and
its old form is resolved.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd


def finding_id(uri: str, entity: str, field: str | None, hashes) -> str:
    values = sorted(str(h) for h in (hashes if hashes is not None else ()))
    key = "\x00".join([uri, entity, field or "", *values])
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def ids(findings: pd.DataFrame) -> list[str]:
    return [finding_id(u, e, f, h) for u, e, f, h in
            zip(findings["uri"], findings["entity"], findings["field"], findings["hashes"])]


def with_ids(findings: pd.DataFrame) -> pd.DataFrame:
    return findings.assign(id=pd.Series(ids(findings), index=findings.index, dtype=object)).drop_duplicates("id")


@dataclass(frozen=True)
class Comparison:
    new: pd.DataFrame
    resolved: pd.DataFrame
    unchanged: pd.DataFrame
    previous_run: dict


def compare(current: pd.DataFrame, previous: pd.DataFrame, previous_run: dict) -> Comparison:
    """`current` and `previous` are findings frames; the result frames carry an `id` column."""
    cur, prev = with_ids(current), with_ids(previous)
    cur_ids, prev_ids = set(cur["id"]), set(prev["id"])
    return Comparison(
        new=cur[~cur["id"].isin(prev_ids)].reset_index(drop=True),
        resolved=prev[~prev["id"].isin(cur_ids)].reset_index(drop=True),
        unchanged=cur[cur["id"].isin(prev_ids)].reset_index(drop=True),
        previous_run=previous_run,
    )
