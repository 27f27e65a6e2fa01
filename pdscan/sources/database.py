"""PostgreSQL, MariaDB/MySQL and SQLite through SQLAlchemy: each scannable column becomes an item.

A table is read once for all its columns, with a server-side cursor in parts of PART_ROWS rows, inside a
read-only session with a statement timeout. A sample (`--sample-rows`, random where the database allows)
is the default; `--sample-rows all` reads every row, and memory stays flat because a column's rows are
sent on in parts (child items `…#rows=1-10000`) rather than held whole. Values travel as column-sample
payloads (pdscan/extract/column.py); the table's row-date distribution rides on every column item.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from ..extract.column import COLUMN_MEDIA_TYPE, encode
from ..model import ERROR, Item, ItemResult
from ..plugins import source
from . import _db_catalog as catalog
from ._db_sample import row_age, sample_query
from ._db_session import describe_error, open_engine
from ._db_url import DbTarget, parse

PART_ROWS = 10_000
MAX_VALUE_CHARS = 100_000  # one cell; longer text is cut, so one huge value cannot hold a part in memory


def as_text(v) -> str | None:
    """A cell as text for detection; binary cells (images, documents in BLOBs) are not text and are skipped."""
    if v is None or isinstance(v, (bytes, bytearray, memoryview)):
        return None
    if isinstance(v, (datetime, date)):
        s = v.isoformat()
    elif isinstance(v, Decimal):
        s = format(v, "f")
    elif isinstance(v, (dict, list)):
        s = json.dumps(v, ensure_ascii=False)
    else:
        s = str(v).strip()
    return s[:MAX_VALUE_CHARS] if s else None


def table_uri(target: DbTarget, table: catalog.TableInfo) -> str:
    if target.family == "sqlite":  # a file: tables are inside it, like members of an archive
        return f"{target.display}{'/' if '#' in target.display else '#'}{table.qualified}"
    if target.family == "mysql" and table.schema:  # no database in the URI: the schema is the database
        return f"{target.display.rstrip('/')}/{table.schema}/{table.name}"
    return f"{target.display}/{table.qualified}"


@source("database", schemes=("postgresql", "postgres", "mysql", "mariadb", "sqlite"))
def scan_database(uri: str, options) -> Iterator[Item | ItemResult]:
    target = parse(uri)
    yield from scan_engine(open_engine(target), target, options)


def scan_engine(engine: sa.Engine, target: DbTarget, options, parent: Item | None = None) -> Iterator[Item | ItemResult]:
    """Every table of every user schema; `parent` is the file item when a SQLite file was found inside a share."""
    now = datetime.now(timezone.utc)
    try:
        with engine.connect() as conn:
            for schema in catalog.schemas(conn, target.family, target.database):
                for table in catalog.tables(conn, schema):
                    yield from _scan_table(conn, target, table, options, now, parent)
    except SQLAlchemyError as e:
        yield ItemResult(Item(uri=target.display, kind="database"), ERROR, f"connect: {describe_error(e, target)}")
    finally:
        engine.dispose()


def _scan_table(conn, target: DbTarget, table: catalog.TableInfo, options, now: datetime,
                parent: Item | None) -> Iterator[Item | ItemResult]:
    if not table.columns:
        return
    turi = table_uri(target, table)
    stage = "count"
    try:
        rows_est = catalog.estimate_rows(conn, target.family, table)
        stage = "row dates"
        timestamps = _row_dates(conn, target, table, options, now)
        stage = "read"
        query, method = sample_query(target.family, table, rows_est, options.sample_rows)
        result = conn.execution_options(stream_results=True, yield_per=PART_ROWS).execute(query)
        # One part is held back, so a table that fits in one part keeps plain column uris.
        pending, start, many = None, 1, False
        for rows in result.partitions(PART_ROWS):
            if pending is not None:
                many = True
                yield from _column_items(turi, table, *pending, rows_est, method, timestamps, True, parent)
            pending, start = (rows, start), start + len(rows)
        rows, first = pending or ([], 1)
        yield from _column_items(turi, table, rows, first, rows_est, method, timestamps, many, parent)
        conn.rollback()  # ends the read-only transaction; nothing was written
    except SQLAlchemyError as e:
        conn.rollback()
        yield ItemResult(Item(uri=turi, kind="table", meta={"table": table.name, "schema": table.schema}),
                         ERROR, f"{stage}: {describe_error(e, target)}")


def _row_dates(conn, target: DbTarget, table: catalog.TableInfo, options, now: datetime) -> dict:
    col = catalog.choose_row_date(table, options.extra.get("date_columns") or {})
    if col is None:
        return {}
    if isinstance(col, str):
        return {"row_date_column": col, "error": f"--date-column: {table.qualified} has no date column '{col}'"}
    try:
        return row_age(conn, table, col, now)
    except (SQLAlchemyError, ValueError, TypeError) as e:  # odd dates in SQLite text, a timeout
        conn.rollback()
        return {"row_date_column": col.name, "error": describe_error(e, target)}


def _column_items(turi: str, table: catalog.TableInfo, rows, first: int, rows_est: int, method: str,
                  timestamps: dict, part: bool, parent: Item | None) -> Iterator[Item]:
    for i, col in enumerate(table.columns):
        values = [t for r in rows if (t := as_text(r[i])) is not None]
        payload = encode(values)
        meta = {"schema": table.schema, "table": table.name, "column": col.name, "type": str(col.type),
                "rows_total": rows_est, "rows_sampled": len(rows), "values": len(values), "sampling": method}
        if col.hint is not None:
            meta["hint"] = col.hint.as_meta(col.name)
        item = Item(uri=f"{turi}.{col.name}", kind="column", media_type=COLUMN_MEDIA_TYPE, name=col.name,
                    size=len(payload), timestamps=timestamps, meta=meta, payload=payload,
                    parent=parent.uri if parent else None, depth=parent.depth + 1 if parent else 0)
        if part:
            last = first + len(rows) - 1
            item = item.child(f"rows={first}-{last}", "column", media_type=COLUMN_MEDIA_TYPE, name=col.name,
                              size=len(payload), timestamps=timestamps, meta={**meta, "rows": [first, last]},
                              payload=payload)
        yield item
