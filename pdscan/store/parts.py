"""Durable parts of a store being written: `OUT/parts/items-NNNNN.parquet` + `findings-NNNNN.parquet`.

A part is written under a temporary name, fsynced and renamed, findings first and items last, so a part whose
items file exists is whole; anything else in `parts/` (temporary files, a findings file without its items) is
what a crash interrupted, and is ignored by readers and removed when the store is opened again. The items file
has one extra column, `top`, true on the row of each top-level item: what a resumed scan can skip.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

DIR = "parts"
_NAME = re.compile(r"^(items|findings)-(\d{5,})\.parquet$")
COMPACT_ROWS = 2000  # rows per row group of the compacted files


def part_schema(item_schema: pa.Schema) -> pa.Schema:
    return item_schema.append(pa.field("top", pa.bool_()))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durable(table: pa.Table, dest: Path, sync_dir: bool = True) -> None:
    """Write `table` to `dest` so that `dest` is either absent or whole, whatever happens meanwhile."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    pq.write_table(table, tmp)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)
    if sync_dir:
        _fsync_dir(dest.parent)


def write_text_durable(text: str, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)


def write_part(folder: Path, seq: int, items: pa.Table, findings: pa.Table) -> None:
    write_durable(findings, folder / f"findings-{seq:05d}.parquet", sync_dir=False)
    write_durable(items, folder / f"items-{seq:05d}.parquet")


def complete_parts(folder: Path) -> list[int]:
    """Sequence numbers of the whole parts in `folder`, in order."""
    if not folder.is_dir():
        return []
    names = {m.group(1, 2) for m in map(_NAME.match, os.listdir(folder)) if m}
    return sorted(int(n) for kind, n in names if kind == "items" and ("findings", n) in names)


def clean(folder: Path) -> None:
    """Remove what an interrupted write left: temporary files and parts without their items file."""
    whole = set(complete_parts(folder))
    for name in os.listdir(folder):
        m = _NAME.match(name)
        if name.endswith(".tmp") or (m and int(m.group(2)) not in whole):
            (folder / name).unlink()


def remove(folder: Path) -> None:
    if not folder.is_dir():
        return
    for name in os.listdir(folder):
        if _NAME.match(name) or name.endswith(".tmp"):
            (folder / name).unlink()
    try:
        folder.rmdir()
    except OSError:  # someone put other files there: leave them
        pass


def read_tables(folder: Path, kind: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
    for seq in complete_parts(folder):
        yield pq.read_table(folder / f"{kind}-{seq:05d}.parquet", columns=columns)


def read_all(folder: Path, kind: str, schema: pa.Schema) -> pa.Table:
    tables = [t.select(schema.names) for t in read_tables(folder, kind)]
    return pa.concat_tables(tables) if tables else schema.empty_table()


def done_top_level(folder: Path) -> Counter:
    """How many times each stored top-level uri is already in the parts (a crawl may yield a uri twice)."""
    done: Counter = Counter()
    for t in read_tables(folder, "items", ["uri", "top"]):
        done.update(u for u, top in zip(t.column("uri").to_pylist(), t.column("top").to_pylist()) if top)
    return done


def compact(folder: Path, kind: str, schema: pa.Schema, dest: Path) -> None:
    """Concatenate the parts of one kind into `dest` (durably), in row groups of COMPACT_ROWS, memory flat."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    batch: list[pa.Table] = []
    rows = 0
    with pq.ParquetWriter(tmp, schema) as w:
        for t in read_tables(folder, kind):
            batch.append(t.select(schema.names))
            rows += t.num_rows
            if rows >= COMPACT_ROWS:
                w.write_table(pa.concat_tables(batch))
                batch, rows = [], 0
        if batch:
            w.write_table(pa.concat_tables(batch))
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)
