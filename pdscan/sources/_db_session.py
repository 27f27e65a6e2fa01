"""Opening a database for scanning: read-only sessions, statement timeouts, UTC, and masked errors."""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from ._db_url import DbTarget
from ._errors import error_line

# Seconds one statement may run; sampling and row-date queries are cheap, so a long one is a sign of a
# huge table without statistics or a lock, and the table becomes an error row instead of a stuck scan.
STATEMENT_TIMEOUT_S = 300
CONNECT_TIMEOUT_S = 15


def open_engine(target: DbTarget, statement_timeout_s: int = STATEMENT_TIMEOUT_S) -> Engine:
    if target.family == "postgresql":
        options = (f"-c default_transaction_read_only=on -c statement_timeout={statement_timeout_s * 1000} "
                   "-c TimeZone=UTC -c application_name=pdscan")
        return create_engine(target.url, connect_args={"options": options, "connect_timeout": CONNECT_TIMEOUT_S})
    if target.family == "mysql":
        engine = create_engine(target.url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "charset": "utf8mb4"})
        event.listen(engine, "connect", lambda dbapi, rec: _mysql_session(dbapi, statement_timeout_s))
        return engine
    return sqlite_query_only(create_engine(target.url))


def sqlite_query_only(engine: Engine) -> Engine:
    """Every SQLite connection refuses writes, whatever a statement asks (the file is opened read-only too)."""
    event.listen(engine, "connect", lambda dbapi, rec: dbapi.execute("PRAGMA query_only = 1"))
    return engine


def _mysql_session(dbapi_conn, timeout_s: int) -> None:
    with dbapi_conn.cursor() as cur:
        cur.execute("SET SESSION TRANSACTION READ ONLY")
        cur.execute("SET time_zone = '+00:00'")
        # MariaDB names the limit max_statement_time (seconds), MySQL max_execution_time (ms, SELECT only).
        for stmt in (f"SET SESSION max_statement_time = {timeout_s}", f"SET SESSION max_execution_time = {timeout_s * 1000}"):
            try:
                cur.execute(stmt)
                break
            except Exception:  # the other server's variable
                continue


def describe_error(exc: BaseException, target: DbTarget) -> str:
    """One line, no SQL parameters, no password, no URL: the driver's own error, not SQLAlchemy's wrapper
    (which appends the statement and its parameters)."""
    return error_line(getattr(exc, "orig", None) or exc, target.secret())
