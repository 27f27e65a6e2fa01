"""Writes the store in durable parts as the scan goes (memory stays flat however many items), compacts them at the
end, and reads a store back as DataFrames."""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..model import ERROR, Finding, Item
from ..names import safe_text
from . import parts

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
    # safe_text: the last guard, so a name or message no connector quoted (pdscan.names) cannot fail a part.
    return {
        "uri": safe_text(item.uri), "parent": safe_text(item.parent), "kind": item.kind,
        "media_type": item.media_type, "size": item.size, "modified": _utc(item.modified), "status": status,
        "message": safe_text(message),
        "timestamps": json.dumps(item.timestamps, default=_json_default) if item.timestamps else None,
        "meta": json.dumps(item.meta, default=_json_default) if item.meta else None,
    }


def finding_row(f: Finding) -> dict:
    return {
        "uri": safe_text(f.uri), "entity": f.entity, "category": f.category, "special": f.special,
        "score": float(f.score), "count": int(f.count), "reason": safe_text(f.reason), "snippet": safe_text(f.snippet), "hashes": list(f.hashes), "field": f.field,
        "language": f.language, "test_data": bool(f.test_data), "rows_matched": f.rows_matched,
        "rows_sampled": f.rows_sampled,
    }


class StoreWriter:
    """Writes the store as durable parts while the scan runs (`pdscan.store.parts`), memory flat however many
    items. `close(run)` compacts the parts into items.parquet and findings.parquet and writes run.json;
    `close(run, complete=False)` keeps the parts (an aborted run, which `scan --resume` continues).

    Rows come in units: a top-level item with everything inside it, and their findings. A part holds only whole
    units, so a crash never leaves half an archive in the store. A part that cannot be written is written again
    unit by unit; a unit that still fails becomes one error row for its top-level item, or, failing that, an
    entry in `errors` (run.json `store_errors`), and the rest of the store is kept.
    """

    def __init__(self, out: str | os.PathLike, flush_every: int = 2000, checkpoint: float | None = None,
                 resume: bool = False, describe=None, on_error=None):
        self.out = Path(out)
        self.parts = self.out / parts.DIR
        if not resume:
            parts.remove(self.parts)  # a new scan into an old folder starts empty
        self.parts.mkdir(parents=True, exist_ok=True)
        parts.clean(self.parts)
        done = parts.complete_parts(self.parts)
        self._seq = done[-1] if done else 0
        self._flush_every, self._checkpoint = flush_every, checkpoint
        self._describe = describe or (lambda e: type(e).__name__)
        self._on_error = on_error
        self._units: list[tuple[list[tuple], list[Finding]]] = []
        self._buffered = 0
        self._last = time.monotonic()
        self.errors: list[dict] = []
        self.counts = _count(self.parts)

    def done(self):
        """Stored uri -> how many times that top-level item is already in the parts."""
        return parts.done_top_level(self.parts)

    def add_unit(self, rows: list[tuple[Item, str, str | None]], findings: Iterable[Finding]) -> None:
        """One top-level item's rows `(item, status, message)`, its own row last, and its findings."""
        findings = list(findings)
        self._queue((rows, findings))

    def add_stored(self, item_rows: list[dict], finding_rows: list[dict]) -> None:
        """A unit as rows already in store form (an incremental scan's reused rows), its own row last."""
        self._queue(_Stored(item_rows, finding_rows))

    def _queue(self, unit) -> None:
        self._units.append(unit)
        self._buffered += len(unit[0]) + len(unit[1])
        due = self._checkpoint is not None and time.monotonic() - self._last >= self._checkpoint
        if self._buffered >= self._flush_every or due:
            self.flush()

    def add_item(self, item: Item, status: str, message: str | None = None) -> None:
        self.add_unit([(item, status, message)], [])

    def add_findings(self, findings: Iterable[Finding]) -> None:
        self.add_unit([], findings)

    def flush(self) -> None:
        # Taken off the buffer first: an interrupt mid-write loses these units (a resume scans them again)
        # rather than writing them twice.
        units, self._units, self._buffered = self._units, [], 0
        self._last = time.monotonic()
        if not units:
            return
        part = self._seq + 1
        try:
            self._write(units)
        except Exception as first:
            lost = [u for u in units if not self._write_alone(u)]
            self._report(part, first, len(units), lost)

    def _write(self, units) -> None:
        item_rows, finding_rows = [], []
        for unit in units:
            rows, findings = unit
            stored = isinstance(unit, _Stored)
            for i, r in enumerate(rows):
                item_rows.append({**(r if stored else item_row(*r)), "top": i == len(rows) - 1})
            finding_rows.extend(findings if stored else map(finding_row, findings))
        items = pa.Table.from_pylist(item_rows, schema=parts.part_schema(ITEM_SCHEMA))
        found = pa.Table.from_pylist(finding_rows, schema=FINDING_SCHEMA)
        parts.write_part(self.parts, self._seq + 1, items, found)
        self._seq += 1
        self.counts["items"] += len(item_rows)
        self.counts["findings"] += len(finding_rows)
        for status in items.column("status").to_pylist():
            self.counts["by_status"][status] = self.counts["by_status"].get(status, 0) + 1

    def _write_alone(self, unit) -> bool:
        """The unit as its own part, else its top-level item as one error row; False when neither could be."""
        rows, _ = unit
        try:
            self._write([unit])
            return True
        except Exception as e:
            if not rows:
                return False
            top = rows[-1][0] if not isinstance(unit, _Stored) else Item(uri=rows[-1]["uri"], kind=rows[-1]["kind"])
            message = f"store: this item's rows could not be written ({self._describe(e)})"
            try:
                self._write([([(top.with_(timestamps={}, meta={}), ERROR, message)], [])])
                return True
            except Exception:
                return False

    def _report(self, part: int, exc: Exception, units: int, lost: list) -> None:
        entry = {"part": part, "error": self._describe(exc), "units": units,
                 "items_lost": sum(len(r) for r, _ in lost), "findings_lost": sum(len(f) for _, f in lost)}
        self.errors.append(entry)
        if self._on_error is not None:
            self._on_error(entry)

    def write_run(self, run: dict) -> None:
        parts.write_text_durable(json.dumps(run, indent=2, default=_json_default) + "\n", self.out / "run.json")

    def close(self, run: dict, complete: bool = True) -> None:
        """Flush; then, for a finished run, compact the parts into the two files. run.json comes after the
        files and the parts go last, so a crash in between leaves parts that readers prefer."""
        self.flush()
        if complete:
            parts.compact(self.parts, "items", ITEM_SCHEMA, self.out / "items.parquet")
            parts.compact(self.parts, "findings", FINDING_SCHEMA, self.out / "findings.parquet")
        self.write_run(run)
        if complete:
            parts.remove(self.parts)


class _Stored(NamedTuple):
    rows: list[dict]
    findings: list[dict]


def _count(folder: Path) -> dict:
    by_status: dict[str, int] = {}
    items = findings = 0
    for t in parts.read_tables(folder, "items", ["status"]):
        items += t.num_rows
        for status in t.column("status").to_pylist():
            by_status[status] = by_status.get(status, 0) + 1
    for t in parts.read_tables(folder, "findings", ["uri"]):
        findings += t.num_rows
    return {"items": items, "findings": findings, "by_status": by_status}


@dataclass
class Store:
    path: Path
    run: dict
    items: pd.DataFrame
    findings: pd.DataFrame


def load(out: str | os.PathLike) -> Store:
    """Read a scan's output folder: `pdscan.load(OUT).findings` is a pandas DataFrame. A run that did not
    finish (aborted, killed) has only parts: they are read instead, and are the truth whenever present."""
    p = Path(out)
    if not (p / "run.json").exists():
        raise FileNotFoundError(f"{p} is not a pdscan output folder (no run.json)")
    folder = p / parts.DIR
    if folder.is_dir() or not (p / "items.parquet").exists():
        items, findings = parts.read_all(folder, "items", ITEM_SCHEMA), parts.read_all(folder, "findings", FINDING_SCHEMA)
    else:
        items, findings = pq.read_table(p / "items.parquet"), pq.read_table(p / "findings.parquet")
    return Store(path=p, run=json.loads((p / "run.json").read_text()), items=items.to_pandas(),
                 findings=findings.to_pandas())
