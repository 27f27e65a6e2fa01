"""Which rows to read (random samples that stay cheap on huge tables) and how old the rows are."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from ._db_catalog import ColumnInfo, TableInfo

# Up to this many estimated rows, `ORDER BY random() LIMIT n` (one scan and a bounded top-n sort) is
# affordable; above it PostgreSQL samples pages (TABLESAMPLE SYSTEM) and the others filter by a random
# draw, neither of which sorts the table.
RANDOM_SORT_MAX = 500_000
# Page sampling returns clustered, uneven counts: ask for twice the rows, then LIMIT.
OVERSAMPLE = 2.0
# The first bytes of a binary cell that are read; text longer than this in a BLOB is cut like long text.
MAX_BINARY_BYTES = 100_000

# Row-age buckets for retention checks: (label, rows newer than this many days). The last bucket has no
# upper edge. The register compares its retention periods against these counts.
AGE_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("<30d", 30), ("30d-1y", 365), ("1-2y", 730), ("2-5y", 1826), (">5y", None),
)


def _columns(table: TableInfo, source) -> list:
    """The scannable columns of `source` (the table or its sample); binary cells only up to
    MAX_BINARY_BYTES, so a BLOB of images costs a bounded read (substr works on bytea and BLOBs alike)."""
    return [sa.func.substr(source.c[c.name], 1, MAX_BINARY_BYTES).label(c.name) if c.binary else source.c[c.name]
            for c in table.columns]


def sample_query(family: str, table: TableInfo, rows_est: int | None, sample_rows: int | None) -> tuple[sa.Select, str]:
    """The SELECT over the table's scannable columns and the sampling method it uses (for meta). A view
    (`rows_est` None) is read in its own order up to the sample size: it has no statistics, and a random
    sort would evaluate all of it."""
    base = table.clause()
    if sample_rows is None:
        return sa.select(*_columns(table, base)), "all"
    if rows_est is None:
        return sa.select(*_columns(table, base)).limit(sample_rows), "first"
    if rows_est <= sample_rows:
        return sa.select(*_columns(table, base)).limit(sample_rows), "all"
    if rows_est <= RANDOM_SORT_MAX:
        rnd = sa.func.rand() if family == "mysql" else sa.func.random()
        return sa.select(*_columns(table, base)).order_by(rnd).limit(sample_rows), "random"
    fraction = min(1.0, OVERSAMPLE * sample_rows / rows_est)
    if family == "postgresql":
        sampled = base.tablesample(sa.func.system(100.0 * fraction))
        return sa.select(*_columns(table, sampled)).limit(sample_rows), "tablesample"
    draw = sa.func.rand() < fraction if family == "mysql" else (sa.func.abs(sa.func.random()) % 1_000_000) < int(fraction * 1_000_000)
    return sa.select(*_columns(table, base)).where(draw).limit(sample_rows), "bernoulli"


def _iso(v) -> str | None:
    if isinstance(v, datetime):
        return (v if v.tzinfo else v.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return None if v is None else str(v)


def row_age(conn, table: TableInfo, col: ColumnInfo, now: datetime) -> dict:
    """Oldest, newest and counts per age bucket of the row-date column, computed in the database over
    every row (one aggregate scan), so no row leaves the server."""
    c = table.clause().c[col.name]
    naive_now = now.astimezone(timezone.utc).replace(tzinfo=None)
    edges = [(label, naive_now - timedelta(days=d)) for label, d in AGE_BUCKETS if d is not None]
    newer = [sa.func.sum(sa.case((c >= cut, 1), else_=0)) for _, cut in edges]
    row = conn.execute(sa.select(sa.func.min(c), sa.func.max(c), sa.func.count(c), *newer)).one()
    oldest, newest, total = row[0], row[1], int(row[2] or 0)
    cumulative = [int(x or 0) for x in row[3:]] + [total]
    buckets, prev = {}, 0
    for (label, _), cum in zip(AGE_BUCKETS, cumulative):
        buckets[label] = cum - prev
        prev = cum
    return {"row_date_column": col.name, "oldest": _iso(oldest), "newest": _iso(newest),
            "age_buckets": buckets, "rows": total, "as_of": now.isoformat()}
