"""Synthetic stores: verdict logic is tested on DataFrames shaped like pdscan.load(OUT), no scan needed."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

from pdscan.store import FINDING_COLUMNS, ITEM_COLUMNS


def make_store(items: list[dict], findings: list[dict], sources=("/share",), ended="2026-06-01T12:00:00+00:00"):
    """items: uri plus any item column (timestamps/meta may be dicts); findings: uri, entity, category, special."""
    rows = []
    for it in items:
        row = {c: None for c in ITEM_COLUMNS} | {"kind": "file", "status": "ok"} | it
        for col in ("timestamps", "meta"):
            if isinstance(row[col], dict):
                row[col] = json.dumps(row[col])
        if row["modified"] is not None:
            row["modified"] = pd.Timestamp(row["modified"], tz="UTC")
        rows.append(row)
    frows = [{c: None for c in FINDING_COLUMNS} | {"score": 0.9, "count": 1} | f for f in findings]
    return SimpleNamespace(run={"sources": list(sources), "ended": ended},
                           items=pd.DataFrame(rows, columns=ITEM_COLUMNS),
                           findings=pd.DataFrame(frows, columns=FINDING_COLUMNS))


@pytest.fixture
def store():
    return make_store


@pytest.fixture
def write_register(tmp_path):
    """Write YAML text to a register file in tmp and return its path."""
    def write(text: str, name: str = "register.yaml"):
        p = tmp_path / name
        p.write_text(text)
        return p

    return write
