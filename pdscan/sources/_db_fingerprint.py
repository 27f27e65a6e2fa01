"""A table's fingerprint for incremental scans: its exact row count and the largest value of its row-date
column and of a one-column primary key, as a keyed hash (a key value may itself be personal data).
A table with neither column, or a view, has none: it is read again every time."""
from __future__ import annotations

import hashlib
import hmac

import sqlalchemy as sa

from ..store.keys import secret
from . import _db_catalog as catalog


def table_fingerprint(conn, insp, table: catalog.TableInfo, date_columns: dict) -> str | None:
    if table.view:
        return None
    try:
        pk = insp.get_pk_constraint(table.name, schema=table.schema).get("constrained_columns") or []
    except sa.exc.SQLAlchemyError:
        pk = []
    date = catalog.choose_row_date(table, date_columns)
    keys = ([date.name] if isinstance(date, catalog.ColumnInfo) else []) + (pk if len(pk) == 1 else [])
    if not keys:
        return None  # nothing that moves when rows change: a row count alone would miss most updates
    src = sa.table(table.name, *(sa.column(k) for k in keys), schema=table.schema)
    row = conn.execute(sa.select(sa.func.count(), *(sa.func.max(src.c[k]) for k in keys)).select_from(src)).one()
    digest = hmac.new(secret(), repr(tuple(keys) + tuple(str(v) for v in row)).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
