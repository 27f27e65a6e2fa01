"""Writes the store incrementally (memory stays flat however many items) and reads it back as DataFrames."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Finding, Item

TS = pa.timestamp("us", tz="UTC")
ITEM_SCHEMA = pa.schema([
    ("uri", pa.string()), ("parent", pa.string()), ("kind", pa.string()), ("media_type", pa.string()),
    ("size", pa.int64()), ("modified", TS), ("status", pa.string()), ("message", pa.string()),
    ("timestamps", pa.string()),  # JSON: sent, received, row-age distribution, ...
    ("meta", pa.string()),  # JSON: folder, parties (hashed), rows sampled, ...
])
FINDING_SCHEMA = pa.schema([
    ("uri", pa.string()), ("entity", pa.string()), ("category", pa.string()), ("special", pa.string()),
    ("score", pa.float64()), ("count", pa.int64()), ("reason", pa.string()), ("snippet", pa.string()),
    ("hashes", pa.list_(pa.string())), ("field", pa.string()), ("language", pa.string()),
    ("test_data", pa.bool_()), ("rows_matched", pa.int64()), ("rows_sampled", pa.int64()),
])
ITEM_COLUMNS = ITEM_SCHEMA.names
FINDING_COLUMNS = FINDING_SCHEMA.names


def _utc(ts: datetime | None) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=timezone.utc) if ts.tzinfo is None else ts.astimezone(timezone.utc)


def _json_default(o: Any) -> Any:
    if isinstance(o, datetime):
        return _utc(o).isoformat()
    return str(o)


def item_row(item: Item, status: str, message: str | None) -> dict:
    return {
        "uri": item.uri, "parent": item.parent, "kind": item.kind, "media_type": item.media_type,
        "size": item.size, "modified": _utc(item.modified), "status": status, "message": message,
        "timestamps": json.dumps(item.timestamps, default=_json_default) if item.timestamps else None,
        "meta": json.dumps(item.meta, default=_json_default) if item.meta else None,
    }


def finding_row(f: Finding) -> dict:
    return {
        "uri": f.uri, "entity": f.entity, "category": f.category, "special": f.special, "score": float(f.score),
        "count": int(f.count), "reason": f.reason, "snippet": f.snippet, "hashes": list(f.hashes), "field": f.field,
        "language": f.language, "test_data": bool(f.test_data), "rows_matched": f.rows_matched,
        "rows_sampled": f.rows_sampled,
    }


class StoreWriter:
    """Buffers rows and flushes them as Parquet row groups; `close()` writes run.json."""

    def __init__(self, out: str | os.PathLike, flush_every: int = 2000):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self._flush_every = flush_every
        self._items: list[dict] = []
        self._findings: list[dict] = []
        self._iw = pq.ParquetWriter(self.out / "items.parquet", ITEM_SCHEMA)
        self._fw = pq.ParquetWriter(self.out / "findings.parquet", FINDING_SCHEMA)

    def add_item(self, item: Item, status: str, message: str | None = None) -> None:
        self._items.append(item_row(item, status, message))
        if len(self._items) >= self._flush_every:
            self._flush()

    def add_findings(self, findings: Iterable[Finding]) -> None:
        self._findings.extend(finding_row(f) for f in findings)
        if len(self._findings) >= self._flush_every:
            self._flush()

    def _flush(self) -> None:
        if self._items:
            self._iw.write_table(pa.Table.from_pylist(self._items, schema=ITEM_SCHEMA))
            self._items = []
        if self._findings:
            self._fw.write_table(pa.Table.from_pylist(self._findings, schema=FINDING_SCHEMA))
            self._findings = []

    def close(self, run: dict) -> None:
        self._flush()
        self._iw.close()
        self._fw.close()
        (self.out / "run.json").write_text(json.dumps(run, indent=2, default=_json_default) + "\n")


@dataclass
class Store:
    path: Path
    run: dict
    items: pd.DataFrame
    findings: pd.DataFrame


def load(out: str | os.PathLike) -> Store:
    """Read a scan's output folder: `pdscan.load(OUT).findings` is a pandas DataFrame."""
    p = Path(out)
    if not (p / "run.json").exists():
        raise FileNotFoundError(f"{p} is not a pdscan output folder (no run.json)")
    return Store(
        path=p,
        run=json.loads((p / "run.json").read_text()),
        items=pq.read_table(p / "items.parquet").to_pandas(),
        findings=pq.read_table(p / "findings.parquet").to_pandas(),
    )
