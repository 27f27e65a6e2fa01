"""What is in a database: user tables, their columns, row-count estimates, and which columns to read."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..detect.column_hints import Hint, hint_for, row_date_rank

SYSTEM_SCHEMAS = {
    "postgresql": {"pg_catalog", "information_schema"},
    "mysql": {"information_schema", "mysql", "performance_schema", "sys"},
}
# Numbers and dates are read only when the column name says they are personal (a phone stored as an
# integer, a birth date); every other numeric or date column is not personal data by itself.
# NullType: a type SQLAlchemy does not know (PostgreSQL xml, MariaDB inet6, an untyped SQLite column).
# Uuid: PostgreSQL and MariaDB have a native type where SQLite keeps text; read on all three so the same
# table gives the same items everywhere.
TEXT_TYPES = (sa.String, sa.JSON, sa.Enum, sa.Uuid, sa.types.NullType)
# Binary cells are read up to a bound and kept only when they are UTF-8 text (database.as_text): a bytea or
# BLOB often holds a note or a JSON document, and images or files fail the decoding.
BINARY_TYPES = (sa.LargeBinary, sa.BINARY, sa.VARBINARY)
DATE_TYPES = (sa.Date, sa.DateTime)
HINTED_TYPES = (sa.Integer, sa.Numeric, sa.Date, sa.DateTime)


def base_type(t: sa.types.TypeEngine) -> sa.types.TypeEngine:
    """What a column holds: PostgreSQL domains and arrays are read as their element type (a domain over
    text is text, text[] is text), so they are scanned exactly like the plain column on another engine."""
    for _ in range(8):  # a domain over an array of a domain...: bounded, a cycle cannot come from a catalog
        inner = getattr(t, "data_type", None) or getattr(t, "item_type", None)
        if not isinstance(inner, sa.types.TypeEngine):
            return t
        t = inner
    return t


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: sa.types.TypeEngine
    hint: Hint | None = None

    @property
    def binary(self) -> bool:
        return isinstance(base_type(self.type), BINARY_TYPES)


@dataclass(frozen=True)
class TableInfo:
    schema: str | None  # None: the connection's default (MySQL database in the URI, SQLite main)
    name: str
    columns: tuple[ColumnInfo, ...]  # the ones to scan
    date_columns: tuple[ColumnInfo, ...] = field(default=())  # date-typed columns, for the row date
    view: bool = False  # a view or materialized view: no row statistics, read without a random sort

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    def clause(self) -> sa.TableClause:
        cols = [sa.column(c.name, c.type) for c in self.columns + self.date_columns]
        return sa.table(self.name, *cols, schema=self.schema)


def pg_databases(conn: Connection) -> list[str]:
    """The PostgreSQL databases this account may connect to, templates left out."""
    return list(conn.execute(sa.text(
        "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate "
        "AND has_database_privilege(datname, 'CONNECT') ORDER BY datname")).scalars())


def schemas(conn: Connection, family: str, database: str) -> list[str | None]:
    if family == "sqlite" or (family == "mysql" and database):
        return [None]
    insp = sa.inspect(conn)
    system = SYSTEM_SCHEMAS[family]
    return sorted(s for s in insp.get_schema_names() if s not in system and not s.startswith(("pg_toast", "pg_temp")))


def scannable(col: ColumnInfo) -> bool:
    t = base_type(col.type)
    if isinstance(t, TEXT_TYPES + BINARY_TYPES):
        return True
    return col.hint is not None and isinstance(t, HINTED_TYPES)


def is_date(col: ColumnInfo) -> bool:
    """A row-date candidate: a date or time column, or a domain over one (an array of dates has no one age)."""
    return not isinstance(col.type, sa.ARRAY) and isinstance(base_type(col.type), DATE_TYPES)


def relations(insp, schema: str | None) -> list[tuple[str, bool]]:
    """(name, is_view) of every table, view and materialized view: an account is often granted views only,
    and what a view shows is as readable as the table behind it."""
    views = set(insp.get_view_names(schema=schema))
    if insp.dialect.name == "postgresql":  # the only one of the three with materialized views
        views.update(insp.get_materialized_view_names(schema=schema))
    return sorted([(n, False) for n in insp.get_table_names(schema=schema)] + [(n, True) for n in views])


def _mysql_view_columns(insp, schema: str | None, name: str) -> list[dict]:
    """A MySQL/MariaDB view's columns from information_schema: SQLAlchemy reads them from SHOW CREATE, which
    needs the SHOW VIEW privilege; an account granted SELECT on the view alone can read it but not that."""
    rows = insp.bind.execute(sa.text(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = COALESCE(:s, DATABASE()) AND table_name = :t ORDER BY ordinal_position"),
        {"s": schema, "t": name}).all()
    names = insp.dialect.ischema_names
    return [{"name": col, "type": names.get(kind.lower(), sa.types.NullType)()} for col, kind in rows]


def table_info(insp, schema: str | None, name: str, view: bool = False) -> TableInfo:
    try:
        reflected = insp.get_columns(name, schema=schema)
    except sa.exc.OperationalError:
        if not (view and insp.dialect.name in ("mysql", "mariadb")):
            raise
        reflected = _mysql_view_columns(insp, schema, name)
    cols = [ColumnInfo(c["name"], c["type"], hint_for(c["name"], name)) for c in reflected]
    scan = tuple(c for c in cols if scannable(c))
    dates = tuple(c for c in cols if is_date(c) and c not in scan)
    return TableInfo(schema, name, scan, dates, view)


def choose_row_date(table: TableInfo, named: dict[str, str]) -> ColumnInfo | str | None:
    """The row-date column: the user's `--date-column TABLE=COLUMN` (TABLE or SCHEMA.TABLE, any case), else
    the best date-typed column by name. A user's name that does not exist comes back as a string (an error)."""
    wanted = {k.lower(): v for k, v in named.items()}
    choice = wanted.get(table.qualified.lower()) or wanted.get(table.name.lower())
    candidates = table.date_columns + tuple(c for c in table.columns if is_date(c))
    if choice:
        return next((c for c in candidates if c.name.lower() == choice.lower()), choice)
    ranked = [(r, i, c) for i, c in enumerate(candidates) if (r := row_date_rank(c.name)) is not None]
    return min(ranked, key=lambda x: x[:2])[2] if ranked else None


def estimate_rows(conn: Connection, family: str, table: TableInfo) -> int:
    """Planner statistics where the server keeps them (no table scan); an exact count otherwise."""
    est = None
    if family == "postgresql":
        prep = conn.dialect.identifier_preparer
        qname = ".".join(prep.quote(p) for p in (table.schema, table.name) if p)
        est = conn.execute(sa.text("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:q)"), {"q": qname}).scalar()
    elif family == "mysql":
        est = conn.execute(sa.text("SELECT table_rows FROM information_schema.tables "
                                   "WHERE table_schema = COALESCE(:s, DATABASE()) AND table_name = :t"),
                           {"s": table.schema, "t": table.name}).scalar()
    if est is None or est < 0 or (family == "mysql" and est == 0):  # never analysed
        est = conn.execute(sa.select(sa.func.count()).select_from(table.clause())).scalar()
    return int(est)
