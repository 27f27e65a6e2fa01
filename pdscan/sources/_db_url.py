"""Database source URIs: which driver, which password, how to open read-only, and the uri shown to people.

The password comes from the URI or the environment (PDSCAN_DB_PASSWORD; libpq also reads PGPASSWORD and
~/.pgpass itself; MYSQL_PWD for MySQL/MariaDB). The uri shown in items, messages and the store never
carries the user or the password.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy.engine import URL, make_url

from ..errors import UsageError

# What the user types -> (family, SQLAlchemy driver). `postgresql+psycopg://` style URIs pass through.
DRIVERS = {
    "postgresql": ("postgresql", "postgresql+psycopg"),
    "postgres": ("postgresql", "postgresql+psycopg"),
    "mysql": ("mysql", "mysql+pymysql"),
    "mariadb": ("mysql", "mysql+pymysql"),
    "sqlite": ("sqlite", "sqlite"),
}
PASSWORD_ENV = {"postgresql": ("PDSCAN_DB_PASSWORD",), "mysql": ("PDSCAN_DB_PASSWORD", "MYSQL_PWD"), "sqlite": ()}


@dataclass(frozen=True)
class DbTarget:
    family: str  # postgresql, mysql, sqlite
    url: URL | None  # what SQLAlchemy connects with (holds the password; never printed)
    display: str  # scheme://host[:port]/database, no credentials
    database: str

    def secret(self) -> str | None:
        password = getattr(self.url, "password", None)
        return password if isinstance(password, str) else None

    def with_database(self, name: str) -> "DbTarget":
        """The same server and account, another database (a PostgreSQL URI without one scans them all)."""
        return DbTarget(self.family, self.url.set(database=name), f"{self.display.rstrip('/')}/{name}", name)


def parse(uri: str) -> DbTarget:
    scheme = uri.split("://", 1)[0].lower()
    base = scheme.split("+", 1)[0]
    if base not in DRIVERS:
        raise UsageError(f"not a database URI: {scheme}:// (use postgresql://, mysql://, mariadb:// or sqlite:///)")
    family, driver = DRIVERS[base]
    if family == "sqlite":
        return _sqlite(uri.split("://", 1)[1])
    try:
        url = make_url(uri)
    except Exception as e:  # the message would echo the URI with its password
        raise UsageError(f"cannot parse the database URI {scheme}://…: {type(e).__name__}") from None
    if "+" not in scheme:
        url = url.set(drivername=driver)
    if url.password is None:
        password = next((os.environ[k] for k in PASSWORD_ENV[family] if os.environ.get(k)), None)
        if password is not None:
            url = url.set(password=password)
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    shown = "postgresql" if base == "postgres" else base
    return DbTarget(family, url, f"{shown}://{host}{port}/{url.database or ''}", url.database or "")


def _sqlite(rest: str) -> DbTarget:
    """`sqlite:///relative.db`, `sqlite:////abs/path.db`; a literal path first (it may hold `?` or `#`), then
    the percent-decoded one without a query."""
    raw = rest[1:] if rest.startswith("/") else rest
    candidates = [raw, unquote(raw.split("?", 1)[0])]
    path = next((os.path.abspath(c) for c in candidates if c and os.path.isfile(c)), None)
    if path is None:
        shown = os.path.abspath(candidates[1]) if candidates[1] else "(none)"
        raise UsageError(f"SQLite file not found: {shown} (sqlite:///relative.db or sqlite:////absolute/path.db)")
    return DbTarget("sqlite", readonly_sqlite_url(path), f"sqlite:///{path}", Path(path).name)


def readonly_sqlite_url(path: str) -> URL:
    """mode=ro: SQLite never writes the file (nor its mtime), even when a query would create a journal."""
    return URL.create("sqlite", database=f"file:{quote(path)}?mode=ro", query={"uri": "true"})
