"""Whole scans of the three databases through the pipeline and the real detector: the right entities on the
customer and employee columns, rows matched out of rows sampled, row ages in the store."""
from __future__ import annotations

import json

import pytest

from tests.conftest import corpus_path

pytestmark = pytest.mark.servers


def entities_by_column(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in store.findings.itertuples():
        col = f.uri.split("#rows=")[0].rsplit(".", 1)[-1].lower()
        table = f.uri.split("#rows=")[0].rsplit(".", 2)[-2].rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()
        out.setdefault(f"{table}.{col}", set()).add(f.entity)
    return out


def finding(store, table: str, column: str, entity: str):
    rows = store.findings[store.findings["uri"].str.lower().str.endswith(f"{table}.{column}".lower())
                          & (store.findings["entity"] == entity)]
    assert len(rows) == 1, (table, column, entity, entities_by_column(store).get(f"{table}.{column}".lower()))
    return rows.iloc[0]


EXPECTED = [  # (table, column, entity) in Chinook, names as in the SQLite/MySQL scripts
    ("Customer", "Email", "EMAIL_ADDRESS"), ("Customer", "Phone", "PHONE_NUMBER"),
    ("Customer", "FirstName", "PERSON"), ("Customer", "LastName", "PERSON"),
    ("Employee", "FirstName", "PERSON"), ("Employee", "Email", "EMAIL_ADDRESS"),
    ("Employee", "BirthDate", "DATE_OF_BIRTH"), ("Customer", "Address", "POSTAL_ADDRESS"),
]


def snake(name: str) -> str:
    from pdscan.detect.column_hints import normalise_name

    return normalise_name(name)


def check_chinook(store, names=lambda s: s) -> None:
    for table, column, entity in EXPECTED:
        f = finding(store, names(table), names(column), entity)
        assert f.score >= 0.5 and f.rows_sampled >= 8
        assert f.rows_matched / f.rows_sampled > 0.8, (table, column, f.rows_matched, f.rows_sampled)
    email = finding(store, names("Customer"), names("Email"), "EMAIL_ADDRESS")
    # 59 sampled; the one the e-mail pattern misses is an internationalised address (stanisław.wójcik@…).
    assert email.rows_sampled == 59 and email.rows_matched >= 58
    person = finding(store, names("Customer"), names("FirstName"), "PERSON")
    assert "column-name hint" in person.reason and "value shape" in person.reason
    assert "*" in email.snippet and "@" not in email.snippet.split("\n")[0]  # masked, never the address
    # Things that are not people stay clean.
    assert not (store.findings["uri"].str.lower().str.endswith(f"{names('Genre')}.{names('Name')}".lower())
                & (store.findings["entity"] == "PERSON")).any()
    invoices = store.items[store.items["uri"].str.lower().str.contains(f"{names('Invoice')}.{names('BillingCity')}".lower())]
    ts = json.loads(invoices.iloc[0]["timestamps"])
    assert ts["rows"] == 412 and set(ts["age_buckets"]) == {"<30d", "30d-1y", "1-2y", "2-5y", ">5y"}


def test_sqlite_chinook_findings(scan_paths):
    store = scan_paths(f"sqlite:///{corpus_path('db-chinook', 'Chinook_Sqlite.sqlite')}")
    assert set(store.items["status"]) == {"ok"}
    check_chinook(store)


def test_postgres_chinook_findings(scan_paths, pg_chinook):
    check_chinook(scan_paths(pg_chinook), snake)


def test_mariadb_chinook_findings(scan_paths, maria_chinook):
    check_chinook(scan_paths(maria_chinook))


def test_postgres_northwind_employees(scan_paths, pg_northwind):
    store = scan_paths(pg_northwind)
    for table, column, entity in [("employees", "first_name", "PERSON"), ("employees", "last_name", "PERSON"),
                                  ("employees", "home_phone", "PHONE_NUMBER"), ("employees", "birth_date", "DATE_OF_BIRTH"),
                                  ("customers", "contact_name", "PERSON")]:
        finding(store, table, column, entity)
    # Free-text notes are read as prose: the name models find the people they mention.
    notes = store.findings[store.findings["uri"].str.endswith("employees.notes")]
    assert "PERSON" in set(notes["entity"])
