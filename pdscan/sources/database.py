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
from ._db_fingerprint import table_fingerprint
from ._db_sample import row_age, sample_query
from ._db_session import describe_error, open_engine
from ._db_url import DbTarget, parse

PART_ROWS = 10_000
# Where the list of PostgreSQL databases is read when the URI names none; present on every server.
MAINTENANCE_DB = "postgres"
MAX_VALUE_CHARS = 100_000  # one cell; longer text is cut, so one huge value cannot hold a part in memory


# Control characters other than tab, newline and carriage return: text in a BLOB has none of these.
_BINARY_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 13)) + b"\x7f"


def binary_text(b: bytes) -> str | None:
    """A binary cell as text when it is UTF-8 text (a note or JSON in a bytea or BLOB); images, documents and
    other binary values are None. The cell may be cut (MAX_BINARY_BYTES) inside a character: that tail goes."""
    if any(c in _BINARY_CONTROL for c in b[:4096]):
        return None
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(b) - 3:
            return b[:e.start].decode("utf-8")
        return None


def as_text(v, digits: int | None = None) -> str | None:
    """A cell as text for detection. `digits`: the column's identifier has that many digits, so an integer
    that lost its leading zeros (a fødselsnummer in a bigint) gets them back."""
    if v is None:
        return None
    if isinstance(v, (bytes, bytearray, memoryview)):
        s = binary_text(bytes(v))
        s = s.strip() if s else None
        return s[:MAX_VALUE_CHARS] if s else None
    if isinstance(v, int) and digits and v >= 0:
        return str(v).zfill(digits)
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
    if target.family == "postgresql" and not target.database:
        yield from _every_pg_database(target, options)
        return
    yield from scan_engine(open_engine(target), target, options)


def _every_pg_database(target: DbTarget, options) -> Iterator[Item | ItemResult]:
    """A PostgreSQL URI without a database scans every database the account may open, as a MySQL/MariaDB
    URI without one scans every database there (libpq alone would open the one named like the user)."""
    engine = open_engine(target.with_database(MAINTENANCE_DB))
    try:
        with engine.connect() as conn:
            names = catalog.pg_databases(conn)
    except SQLAlchemyError as e:
        yield ItemResult(Item(uri=target.display, kind="database"), ERROR, f"connect: {describe_error(e, target)}")
        return
    finally:
        engine.dispose()
    for name in names:
        db = target.with_database(name)
        yield from scan_engine(open_engine(db), db, options)


def scan_engine(engine: sa.Engine, target: DbTarget, options, parent: Item | None = None) -> Iterator[Item | ItemResult]:
    """Every table of every user schema; `parent` is the file item when a SQLite file was found inside a share."""
    now = datetime.now(timezone.utc)
    try:
        with engine.connect() as conn:
            for schema in catalog.schemas(conn, target.family, target.database):
                insp = sa.inspect(conn)
                for name, view in catalog.relations(insp, schema):
                    yield from _scan_table(conn, insp, target, catalog.TableInfo(schema, name, (), view=view),
                                           options, now, parent)
    except SQLAlchemyError as e:
        yield ItemResult(Item(uri=target.display, kind="database"), ERROR, f"connect: {describe_error(e, target)}")
    finally:
        engine.dispose()


def _scan_table(conn, insp, target: DbTarget, table: catalog.TableInfo, options, now: datetime,
                parent: Item | None) -> Iterator[Item | ItemResult]:
    """One table or view; whatever goes wrong in it (no privilege, a type the driver cannot decode, a
    timeout) is its error row, and the next table is read."""
    turi = table_uri(target, table)
    stage = "columns"
    try:
        table = catalog.table_info(insp, table.schema, table.name, table.view)
        if not table.columns:
            return
        stage = "count"
        rows_est = None if table.view else catalog.estimate_rows(conn, target.family, table)
        stage = "row dates"
        timestamps = _row_dates(conn, target, table, options, now)
        stage = "fingerprint"
        tfp = table_fingerprint(conn, insp, table, options.extra.get("date_columns") or {})
        stage = "read"
        query, method = sample_query(target.family, table, rows_est, options.sample_rows)
        result = conn.execution_options(stream_results=True, yield_per=PART_ROWS).execute(query)
        # One part is held back, so a table that fits in one part keeps plain column uris.
        pending, start, many = None, 1, False
        for rows in result.partitions(PART_ROWS):
            if pending is not None:
                many = True
                yield from _fingerprinted(_column_items(turi, table, *pending, rows_est, method, timestamps, True,
                                                        parent), tfp)
            pending, start = (rows, start), start + len(rows)
        rows, first = pending or ([], 1)
        yield from _fingerprinted(_column_items(turi, table, rows, first, rows_est, method, timestamps, many, parent),
                                  tfp)
        conn.rollback()  # ends the read-only transaction; nothing was written
    except Exception as e:  # noqa: BLE001 - one table's failure is that table's row, never the source's
        conn.rollback()
        yield ItemResult(Item(uri=turi, kind="table", meta={"table": table.name, "schema": table.schema}),
                         ERROR, f"{stage}: {describe_error(e, target)}")


def _fingerprinted(items: Iterator[Item], table_fp: str | None) -> Iterator[Item]:
    """Column items carry their table's fingerprint (pdscan.run.fingerprint reads it for --baseline)."""
    for item in items:
        yield item.with_(meta={**item.meta, "table_fingerprint": table_fp}) if table_fp else item


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


def _column_items(turi: str, table: catalog.TableInfo, rows, first: int, rows_est: int | None, method: str,
                  timestamps: dict, part: bool, parent: Item | None) -> Iterator[Item]:
    for i, col in enumerate(table.columns):
        digits = col.hint.digits if col.hint is not None else None
        values = [t for r in rows if (t := as_text(r[i], digits)) is not None]
        payload = encode(values)
        meta = {"schema": table.schema, "table": table.name, "column": col.name, "type": str(col.type),
                "rows_total": rows_est, "rows_sampled": len(rows), "values": len(values), "sampling": method}
        if table.view:
            meta["view"] = True
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
