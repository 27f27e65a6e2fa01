"""The database connector against the real servers (Chinook, Northwind) and the Chinook SQLite file."""
from __future__ import annotations

import json
import os
import pickle

import pytest
import sqlalchemy as sa

from pdscan.model import ERROR, Item, ItemResult
from pdscan.options import ScanOptions
from pdscan.sources import _db_sample, database
from pdscan.sources._db_session import open_engine
from pdscan.sources._db_url import parse
from tests.conftest import corpus_path

pytestmark = pytest.mark.servers


def scan_items(uri: str, **opts) -> tuple[dict[str, Item], list[ItemResult]]:
    items, rows = {}, []
    for out in database.scan_database(uri, ScanOptions(workers=1, **opts)):
        if isinstance(out, Item):
            items[out.uri] = out
        else:
            rows.append(out)
    return items, rows


def by_column(items: dict[str, Item], table: str, column: str) -> Item:
    hits = [it for it in items.values() if it.meta["table"].lower() == table.lower()
            and it.meta["column"].lower() == column.lower()]
    assert len(hits) == 1, (table, column, [it.uri for it in hits])
    return hits[0]


def values(item: Item) -> list[str]:
    return json.loads(item.payload)


# ---------------------------------------------------------------- SQLite, read in place


def test_sqlite_chinook_is_read_in_place_without_touching_the_file():
    path = corpus_path("db-chinook", "Chinook_Sqlite.sqlite")
    before = os.stat(path)
    items, rows = scan_items(f"sqlite:///{path}")
    after = os.stat(path)
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert not rows
    email = by_column(items, "Customer", "Email")
    assert pickle.loads(pickle.dumps(email)) == email  # crosses into worker processes unchanged
    assert email.uri == f"sqlite:///{path}#Customer.Email"
    assert email.kind == "column" and email.meta["hint"]["entity"] == "EMAIL_ADDRESS"
    assert email.meta["rows_total"] == email.meta["rows_sampled"] == 59
    assert all("@" in v for v in values(email))
    assert by_column(items, "Employee", "BirthDate").meta["hint"]["entity"] == "DATE_OF_BIRTH"
    assert "hint" not in by_column(items, "Genre", "Name").meta  # a genre's name is no person's
    # Integer keys are not personal data by name and are not read.
    assert not [it for it in items.values() if it.meta["column"].endswith("Id")]


def test_sqlite_row_dates_give_the_age_of_invoices():
    path = corpus_path("db-chinook", "Chinook_Sqlite.sqlite")
    items, _ = scan_items(f"sqlite:///{path}")
    ts = by_column(items, "Invoice", "BillingAddress").timestamps
    assert ts["row_date_column"] == "InvoiceDate"
    assert ts["rows"] == 412 == sum(ts["age_buckets"].values())
    assert list(ts["age_buckets"]) == [label for label, _ in _db_sample.AGE_BUCKETS]
    assert ts["oldest"] < ts["newest"]
    # Employees age by hire date, never by birth date.
    assert by_column(items, "Employee", "Email").timestamps["row_date_column"] == "HireDate"


def test_sqlite_missing_file_is_a_usage_error(tmp_path):
    from pdscan.errors import UsageError

    with pytest.raises(UsageError, match="not found"):
        scan_items(f"sqlite:///{tmp_path}/nope.sqlite")


def test_user_named_date_column_wins_and_a_wrong_one_is_reported():
    path = corpus_path("db-chinook", "Chinook_Sqlite.sqlite")
    items, _ = scan_items(f"sqlite:///{path}", extra={"date_columns": {"employee": "BirthDate", "Invoice": "Nope"}})
    assert by_column(items, "Employee", "Email").timestamps["row_date_column"] == "BirthDate"
    ts = by_column(items, "Invoice", "BillingCity").timestamps
    assert ts["row_date_column"] == "Nope" and "no date column" in ts["error"]


# ---------------------------------------------------------------- PostgreSQL


def test_postgres_chinook_columns_and_row_ages(pg_chinook):
    items, rows = scan_items(pg_chinook)
    assert not rows
    db = pg_chinook.rsplit("/", 1)[1]
    email = by_column(items, "customer", "email")
    assert email.uri == f"postgresql://127.0.0.1:5432/{db}/public.customer.email"
    assert email.meta["rows_sampled"] == 59 and email.meta["sampling"] == "all"
    for table, column, entity in [("customer", "first_name", "PERSON"), ("customer", "last_name", "PERSON"),
                                  ("customer", "phone", "PHONE_NUMBER"), ("employee", "birth_date", "DATE_OF_BIRTH"),
                                  ("invoice", "billing_address", "POSTAL_ADDRESS")]:
        assert by_column(items, table, column).meta["hint"]["entity"] == entity
    ts = by_column(items, "invoice", "billing_city").timestamps
    assert ts["row_date_column"] == "invoice_date" and ts["rows"] == 412 == sum(ts["age_buckets"].values())


def test_postgres_northwind_notes_and_dates(pg_northwind):
    items, rows = scan_items(pg_northwind)
    assert not rows
    notes = by_column(items, "employees", "notes")
    assert len(values(notes)) == 9
    assert by_column(items, "employees", "home_phone").meta["hint"]["entity"] == "PHONE_NUMBER"
    assert by_column(items, "employees", "last_name").timestamps["row_date_column"] == "hire_date"
    assert by_column(items, "orders", "ship_name").timestamps["row_date_column"] == "order_date"
    assert "hint" not in by_column(items, "orders", "ship_name").meta
    assert by_column(items, "customers", "contact_name").meta["hint"]["entity"] == "PERSON"
    photo = by_column(items, "employees", "photo")  # bytea is read, but images are not UTF-8 text
    assert photo.meta["rows_sampled"] == 9 and values(photo) == []


def test_postgres_sampling_is_random_and_bounded(pg_chinook):
    items, _ = scan_items(pg_chinook, sample_rows=10)
    email = by_column(items, "customer", "email")
    assert email.meta["sampling"] == "random" and email.meta["rows_sampled"] == 10
    again, _ = scan_items(pg_chinook, sample_rows=10)
    other = by_column(again, "customer", "email")
    firsts = {tuple(values(email)), tuple(values(other))}
    # Two random samples of 10 out of 59 being identical has odds of about 1 in 10^11.
    assert len(firsts) == 2


def test_postgres_huge_tables_use_tablesample(pg_chinook, monkeypatch):
    monkeypatch.setattr(_db_sample, "RANDOM_SORT_MAX", 100)
    items, _ = scan_items(pg_chinook, sample_rows=200)
    track = by_column(items, "track", "name")  # 3,503 rows
    assert track.meta["sampling"] == "tablesample" and 0 < track.meta["rows_sampled"] <= 200


def test_full_scan_sends_large_columns_in_parts(pg_chinook, monkeypatch):
    monkeypatch.setattr(database, "PART_ROWS", 1000)
    items, _ = scan_items(pg_chinook, sample_rows=None)
    parts = sorted((it for it in items.values() if it.meta["table"] == "track" and it.meta["column"] == "name"),
                   key=lambda it: it.meta["rows"][0])
    assert [it.meta["rows"] for it in parts] == [[1, 1000], [1001, 2000], [2001, 3000], [3001, 3503]]
    assert parts[0].uri.endswith("public.track.name#rows=1-1000") and parts[0].parent.endswith("public.track.name")
    assert sum(it.meta["rows_sampled"] for it in parts) == 3503
    assert by_column(items, "customer", "email").uri.endswith("public.customer.email")  # one part: plain uri


def test_postgres_session_is_read_only(pg_chinook):
    engine = open_engine(parse(pg_chinook))
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError, match="read-only"):
            conn.execute(sa.text("CREATE TABLE pdscan_must_not_exist (x int)"))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "5min"
    finally:
        engine.dispose()


def test_connection_failure_is_one_error_row_without_the_password(postgres_server):
    uri = "postgresql://nosuchuser:Sup3rSecretPw@127.0.0.1:5432/postgres"
    items, rows = scan_items(uri)
    assert not items and len(rows) == 1
    row = rows[0]
    assert row.status == ERROR and row.message.startswith("connect:")
    assert row.item.uri == "postgresql://127.0.0.1:5432/postgres"
    assert "Sup3rSecretPw" not in row.message + row.item.uri


# ---------------------------------------------------------------- MariaDB


def test_mariadb_chinook_columns_and_row_ages(maria_chinook):
    items, rows = scan_items(maria_chinook)
    assert not rows
    db = maria_chinook.rsplit("/", 1)[1]
    email = by_column(items, "Customer", "Email")
    assert email.uri == f"mariadb://127.0.0.1:3306/{db}/Customer.Email"
    assert email.meta["hint"]["entity"] == "EMAIL_ADDRESS" and len(values(email)) == 59
    assert by_column(items, "Employee", "FirstName").meta["hint"]["entity"] == "PERSON"
    ts = by_column(items, "Invoice", "BillingCity").timestamps
    assert ts["row_date_column"] == "InvoiceDate" and ts["rows"] == 412


def test_mariadb_sampling_and_read_only(maria_chinook):
    items, _ = scan_items(maria_chinook, sample_rows=7)
    assert by_column(items, "Customer", "Email").meta["rows_sampled"] == 7
    engine = open_engine(parse(maria_chinook))
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError, match="(?i)read.only"):
            conn.execute(sa.text("CREATE TABLE pdscan_must_not_exist (x int)"))
        with engine.connect() as conn:
            assert float(conn.execute(sa.text("SELECT @@max_statement_time")).scalar()) == 300
    finally:
        engine.dispose()


def test_mariadb_wrong_password_is_masked(mariadb_server, monkeypatch):
    monkeypatch.setenv("PDSCAN_DB_PASSWORD", "Env-Secret-Pw-77")
    items, rows = scan_items("mysql://pdscan_nobody@127.0.0.1:3306/test")
    assert not items and len(rows) == 1 and rows[0].status == ERROR
    assert "Env-Secret-Pw-77" not in rows[0].message and "Access denied" in rows[0].message


def test_a_table_without_privileges_is_an_error_row_and_the_scan_goes_on(pg_chinook):
    import uuid

    from tests.sources.conftest import _psql

    db = pg_chinook.rsplit("/", 1)[1]
    role = f"pdscan_t_role_{uuid.uuid4().hex[:8]}"
    _psql(db, f'CREATE ROLE "{role}" LOGIN; GRANT SELECT ON customer TO "{role}"')
    try:
        items, rows = scan_items(pg_chinook.replace("postgres@", f"{role}@"))
        assert {it.meta["table"] for it in items.values()} == {"customer"}
        denied = {r.item.uri.rsplit(".", 1)[-1]: r for r in rows}
        assert "employee" in denied and denied["employee"].status == ERROR and denied["employee"].item.kind == "table"
        assert "permission denied" in denied["employee"].message
    finally:
        _psql(db, f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')


def test_mariadb_without_a_database_lists_every_user_database(maria_chinook):
    from pdscan.sources import _db_catalog as catalog

    server = maria_chinook.rsplit("/", 1)[0] + "/"
    target = parse(server)
    assert target.display == "mariadb://127.0.0.1:3306/"
    engine = open_engine(target)
    try:
        with engine.connect() as conn:
            names = catalog.schemas(conn, target.family, target.database)
    finally:
        engine.dispose()
    assert maria_chinook.rsplit("/", 1)[1] in names
    assert not {"mysql", "information_schema", "performance_schema", "sys"} & set(names)
    table = catalog.TableInfo(schema="Chinook", name="Customer", columns=())
    assert database.table_uri(target, table) == "mariadb://127.0.0.1:3306/Chinook/Customer"
