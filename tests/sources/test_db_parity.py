"""One fixture schema on PostgreSQL, MariaDB and SQLite, scanned with the real connector and detector: the
findings (entity, column, rows matched, keyed hashes) must be the same on all three.

The schema holds what differs between the engines: text, varchar, char(n), a domain over text, text[] (a JSON
array elsewhere), json/jsonb, text in bytea/BLOB, citext, enums, uuid, a fødselsnummer in a bigint (leading
zero lost), phone numbers without separators in phone-named columns (one of them a bigint), a second schema
(a second database on MariaDB), mixed-case and non-ASCII names, an empty table, a view, and a table the
scanner's account may not read (PostgreSQL and MariaDB: an error row for that table, the rest scanned).
"""
from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from tests.sources.conftest import MARIA, PG, unique_name

pytestmark = pytest.mark.servers

HIDDEN = "hemmelig"  # the table the scanner role is not granted


def fnr(born: date, individual: int) -> str:
    """A fødselsnummer with valid check digits (mod 11), built here so no real person's number is used."""
    base = f"{born:%d%m%y}{individual:03d}"
    k1 = 11 - sum(int(d) * w for d, w in zip(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(int(d) * w for d, w in zip(base + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
    k2 = 0 if k2 == 11 else k2
    if 10 in (k1, k2):
        return fnr(born, individual + 1)
    return f"{base}{k1}{k2}"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
KUNDE = [  # born on the 1st-9th: the fødselsnummer starts with 0, which a bigint drops
    dict(id=1, navn="Kari Nordmann", epost="kari.nordmann@example.no", telefon="41234567", mobil="92345678",
         fnr=fnr(date(1985, 3, 4), 123), notat="Kari ba om svar på kari.privat@example.no før fredag.",
         tags=["kari@example.no", "k.nordmann@example.org"], profil={"e-post": "kari.profil@example.no"},
         vedlegg="Kontakt: kari.vedlegg@example.no".encode(), status="aktiv", ref="1b4e28ba-2fa1-11d2-883f-0016d3cca427",
         epost_ci="Kari.CI@Example.no"),
    dict(id=2, navn="Ola Hansen", epost="ola.hansen@example.no", telefon="98765432", mobil="48123456",
         fnr=fnr(date(1990, 11, 23), 456), notat="Ingen merknader.", tags=["ola@example.no"],
         profil={"e-post": "ola.profil@example.no", "by": "Tromsø"}, vedlegg=PNG, status="slettet",
         ref="6fa459ea-ee8a-3ca4-894e-db77e160355e", epost_ci="OLA.CI@example.no"),
    dict(id=3, navn="Per Olsen", epost="per.olsen@example.no", telefon="46712345", mobil=None,
         fnr=fnr(date(1972, 7, 1), 789), notat=None, tags=[], profil={}, vedlegg="Ærlig talt: ingen e-post her".encode(),
         status="aktiv", ref="886313e1-3b8a-5372-9b90-0c9aee199e5d", epost_ci=None),
]
ANSATT = [dict(id=1, fornavn="Ingrid", telefon=41112222, fodselsnummer=fnr(date(1980, 5, 17), 234)),
          dict(id=2, fornavn="Lars", telefon=93334444, fodselsnummer=fnr(date(1966, 1, 9), 345))]
PAMELDING = [{"E-post": "siri@example.no", "MobilNr": "45556666"}, {"E-post": "jon@example.no", "MobilNr": "97778888"}]
HEMMELIG = [dict(epost="skjult@example.no")]

# Per engine: (text, varchar, char, domain, array, json, jsonb, binary, citext, enum, uuid)
TYPES = {
    "postgresql": dict(text="text", varchar="varchar(100)", char="char(12)", domain="notat_t", array="text[]",
                       json="json", jsonb="jsonb", binary="bytea", citext="citext", enum="status_t", uuid="uuid"),
    "mysql": dict(text="text", varchar="varchar(100)", char="char(12)", domain="text", array="json", json="json",
                  jsonb="json", binary="blob", citext="varchar(100)", enum="enum('aktiv','slettet')", uuid="uuid"),
    "sqlite": dict(text="TEXT", varchar="VARCHAR(100)", char="CHAR(12)", domain="TEXT", array="JSON", json="JSON",
                   jsonb="JSON", binary="BLOB", citext="TEXT", enum="TEXT", uuid="TEXT"),
}


def q(family: str, name: str) -> str:
    return f"`{name}`" if family == "mysql" else f'"{name}"'


def create(conn, family: str, hr: str | None) -> None:
    """The fixture tables through an administrator's connection; `hr` is the second schema (None: the same one)."""
    t = TYPES[family]
    if family == "postgresql":
        conn.exec_driver_sql("CREATE DOMAIN notat_t AS text")
        conn.exec_driver_sql("CREATE TYPE status_t AS ENUM ('aktiv', 'slettet')")
        if not conn.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'citext'").scalar():
            t = {**t, "citext": "text"}
        else:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS citext")
        conn.exec_driver_sql("CREATE SCHEMA hr")
    conn.exec_driver_sql(
        f"CREATE TABLE kunde (id integer PRIMARY KEY, navn {t['text']}, epost {t['varchar']}, telefon {t['text']}, "
        f"mobil {t['char']}, fnr bigint, notat {t['domain']}, tags {t['array']}, profil {t['jsonb']}, "
        f"vedlegg {t['binary']}, status {t['enum']}, ref {t['uuid']}, epost_ci {t['citext']})")
    ansatt = f"{q(family, hr)}.ansatt" if hr else "ansatt"
    conn.exec_driver_sql(f"CREATE TABLE {ansatt} (id integer PRIMARY KEY, fornavn {t['varchar']}, telefon bigint, "
                         f"{q(family, 'fødselsnummer')} {t['varchar']})")
    conn.exec_driver_sql(f"CREATE TABLE {q(family, 'Påmelding')} ({q(family, 'E-post')} {t['text']}, "
                         f"{q(family, 'MobilNr')} {t['varchar']})")
    conn.exec_driver_sql(f"CREATE TABLE tom (epost {t['text']}, telefon {t['text']})")
    conn.exec_driver_sql(f"CREATE TABLE {HIDDEN} (epost {t['text']})")
    conn.exec_driver_sql("CREATE VIEW kunde_kontakt AS SELECT navn, epost FROM kunde")
    kunde = sa.table("kunde", *[sa.column(c) for c in KUNDE[0]])
    rows = []
    for r in KUNDE:
        r = {**r, "fnr": int(r["fnr"]), "profil": json.dumps(r["profil"], ensure_ascii=False)}
        if family != "postgresql":
            r["tags"] = json.dumps(r["tags"])
        rows.append(r)
    conn.execute(kunde.insert(), rows)
    conn.execute(sa.table("ansatt", *[sa.column(c) for c in ("id", "fornavn", "telefon", "fødselsnummer")],
                          schema=hr).insert(),
                 [{"id": r["id"], "fornavn": r["fornavn"], "telefon": r["telefon"], "fødselsnummer": r["fodselsnummer"]}
                  for r in ANSATT])
    conn.execute(sa.table("Påmelding", sa.column("E-post"), sa.column("MobilNr")).insert(), PAMELDING)
    conn.execute(sa.table(HIDDEN, sa.column("epost")).insert(), HEMMELIG)


@pytest.fixture(scope="module")
def pg_parity(postgres_server):
    """(uri for a scanner role that may read all but HIDDEN, database name)."""
    name, role = unique_name("parity"), unique_name("role")
    admin = sa.create_engine(f"postgresql+psycopg://{PG['user']}@{PG['host']}:{PG['port']}/postgres",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
    db = sa.create_engine(f"postgresql+psycopg://{PG['user']}@{PG['host']}:{PG['port']}/{name}")
    try:
        with db.begin() as conn:
            create(conn, "postgresql", "hr")
            conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA hr TO "{role}"')
            for table in ("kunde", "tom", '"Påmelding"', "kunde_kontakt", "hr.ansatt"):
                conn.exec_driver_sql(f'GRANT SELECT ON {table} TO "{role}"')
            conn.exec_driver_sql("ANALYZE")
        db.dispose()
        yield f"postgresql://{role}@{PG['host']}:{PG['port']}/{name}", name
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.dispose()


@pytest.fixture(scope="module")
def maria_parity(mariadb_server):
    """(uris of the two databases for a scanner user that may read all but HIDDEN, database name). `%%`: the
    driver formats every statement, parameters or not."""
    name, role = unique_name("parity"), unique_name("role")[:32]
    hr = f"{name}_hr"
    admin = sa.create_engine(f"mysql+pymysql://{MARIA['user']}@{MARIA['host']}:{MARIA['port']}/?charset=utf8mb4",
                             isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for db in (name, hr):
                conn.exec_driver_sql(f"CREATE DATABASE `{db}` CHARACTER SET utf8mb4")
            conn.exec_driver_sql(f"CREATE USER '{role}'@'%%'")
            conn.exec_driver_sql(f"USE `{name}`")
            create(conn, "mysql", hr)
            for table in ("kunde", "tom", "`Påmelding`", "kunde_kontakt"):
                conn.exec_driver_sql(f"GRANT SELECT ON `{name}`.{table} TO '{role}'@'%%'")
            conn.exec_driver_sql(f"GRANT SELECT ON `{hr}`.* TO '{role}'@'%%'")
            # Any privilege makes a table visible in the catalog; INSERT alone leaves it unreadable.
            conn.exec_driver_sql(f"GRANT INSERT ON `{name}`.{HIDDEN} TO '{role}'@'%%'")
            conn.exec_driver_sql(f"ANALYZE TABLE `{name}`.kunde, `{hr}`.ansatt")
        base = f"mariadb://{role}@{MARIA['host']}:{MARIA['port']}"
        yield (f"{base}/{name}", f"{base}/{hr}"), name
    finally:
        with admin.connect() as conn:
            for db in (name, hr):
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{db}`")
            conn.exec_driver_sql(f"DROP USER IF EXISTS '{role}'@'%%'")
        admin.dispose()


@pytest.fixture(scope="module")
def sqlite_parity(tmp_path_factory):
    path = tmp_path_factory.mktemp("parity") / "parity.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        create(conn, "sqlite", None)
    engine.dispose()
    return path


def by_column(store) -> tuple[dict, dict]:
    """Findings keyed (table, column, entity) -> (rows matched, rows sampled, hashes); error rows by table."""
    items = {r.uri: json.loads(r.meta) if isinstance(r.meta, str) else r.meta for r in store.items.itertuples()}
    out = {}
    for f in store.findings.itertuples():
        meta = items[f.uri]
        key = (meta["table"], meta["column"], f.entity)
        assert key not in out, key
        out[key] = (f.rows_matched, f.rows_sampled, tuple(sorted(f.hashes)))
    errors = {r.uri.rsplit("/", 1)[-1].rsplit(".", 1)[-1].rsplit("#", 1)[-1]: r.message
              for r in store.items.itertuples() if r.status == "error"}
    return out, errors


def scanned_columns(store) -> set[tuple[str, str]]:
    out = set()
    for r in store.items.itertuples():
        meta = json.loads(r.meta) if isinstance(r.meta, str) else r.meta
        if r.kind == "column":
            out.add((meta["table"], meta["column"]))
    return out


@pytest.fixture(scope="module")
def stores(pg_parity, maria_parity, sqlite_parity, detector, tmp_path_factory):
    from pdscan import load
    from pdscan.options import ScanOptions
    from pdscan.run import scan

    out = {}
    for family, sources in (("postgresql", [pg_parity[0]]), ("mysql", list(maria_parity[0])),
                            ("sqlite", [f"sqlite:///{sqlite_parity}"])):
        dest = tmp_path_factory.mktemp(f"parity-{family}")
        scan(sources, dest / "out", ScanOptions(workers=1), progress=False, detector=detector)
        out[family] = load(dest / "out")
    return out


def without_hidden(findings: dict) -> dict:
    return {k: v for k, v in findings.items() if k[0] != HIDDEN}


def test_the_same_findings_on_postgresql_mariadb_and_sqlite(stores):
    found = {family: by_column(store)[0] for family, store in stores.items()}
    sqlite = found["sqlite"]
    assert without_hidden(found["postgresql"]) == without_hidden(sqlite)
    assert without_hidden(found["mysql"]) == without_hidden(sqlite)
    cols = {family: scanned_columns(store) - {(HIDDEN, "epost")} for family, store in stores.items()}
    assert cols["postgresql"] == cols["mysql"] == cols["sqlite"]


@pytest.mark.parametrize("table, column, entity, rows", [
    ("kunde", "telefon", "PHONE_NUMBER", 3),  # digits without separators, a text column named telefon
    ("kunde", "mobil", "PHONE_NUMBER", 2),  # char(12): the padding is not part of the number
    ("ansatt", "telefon", "PHONE_NUMBER", 2),  # a phone in a bigint
    ("kunde", "fnr", "NO_FODSELSNUMMER", 3),  # a bigint: the leading zero comes back
    ("ansatt", "fødselsnummer", "NO_FODSELSNUMMER", 2),  # another schema, a non-ASCII column name
    ("kunde", "epost", "EMAIL_ADDRESS", 3),
    ("kunde", "notat", "EMAIL_ADDRESS", 1),  # a domain over text
    ("kunde", "tags", "EMAIL_ADDRESS", 2),  # text[] / a JSON array
    ("kunde", "profil", "EMAIL_ADDRESS", 2),  # jsonb / json
    ("kunde", "vedlegg", "EMAIL_ADDRESS", 1),  # UTF-8 text in bytea/BLOB; the PNG is not text
    ("kunde", "epost_ci", "EMAIL_ADDRESS", 2),  # citext
    ("Påmelding", "E-post", "EMAIL_ADDRESS", 2),  # mixed case and non-ASCII names
    ("Påmelding", "MobilNr", "PHONE_NUMBER", 2),
    ("kunde_kontakt", "epost", "EMAIL_ADDRESS", 3),  # a view
])
def test_each_kind_of_column_is_found_everywhere(stores, table, column, entity, rows):
    for family, store in stores.items():
        found = by_column(store)[0]
        assert (table, column, entity) in found, (family, sorted(k for k in found if k[0] == table))
        assert found[(table, column, entity)][0] == rows, (family, found[(table, column, entity)][:2])


def test_the_empty_table_and_the_unreadable_one(stores):
    for family, store in stores.items():
        findings, errors = by_column(store)
        assert not [k for k in findings if k[0] == "tom"], family
        tom = [r for r in store.items.itertuples() if r.uri.endswith(("tom.epost", "tom.telefon"))]
        assert len(tom) == 2 and all(r.status != "error" for r in tom), family
        if family == "sqlite":  # no accounts in SQLite: the table is read like the others
            assert (HIDDEN, "epost", "EMAIL_ADDRESS") in findings and not errors
        else:
            assert set(errors) == {HIDDEN}, (family, errors)
            assert "denied" in errors[HIDDEN].lower(), errors
            assert "skjult" not in errors[HIDDEN]


def test_no_raw_value_in_the_store(stores):
    for family, store in stores.items():
        text = store.findings.to_json(date_format="iso") + store.items.drop(columns=["uri"]).to_json(date_format="iso")
        for planted in ("kari.nordmann@example.no", KUNDE[0]["fnr"], "41234567"):
            assert planted not in text, (family, planted)


def test_a_postgresql_uri_without_a_database_lists_the_fixture_database(pg_parity):
    from pdscan.sources import _db_catalog as catalog
    from pdscan.sources._db_session import open_engine
    from pdscan.sources._db_url import parse
    from pdscan.sources.database import MAINTENANCE_DB

    uri, name = pg_parity
    target = parse(uri.rsplit("/", 1)[0] + "/")
    assert target.database == ""
    engine = open_engine(target.with_database(MAINTENANCE_DB))
    try:
        with engine.connect() as conn:
            names = catalog.pg_databases(conn)
    finally:
        engine.dispose()
    assert name in names and "template0" not in names and "template1" not in names
    assert target.with_database(name).display == f"postgresql://127.0.0.1:5432/{name}"


def test_uuid_values_stay_one_spelling():
    from pdscan.sources.database import as_text

    assert as_text(uuid.UUID(KUNDE[0]["ref"])) == KUNDE[0]["ref"]
    assert as_text(int(KUNDE[2]["fnr"]), 11) == KUNDE[2]["fnr"]
    assert as_text(PNG) is None and as_text("Ærlig".encode()) == "Ærlig"
    assert as_text("Ærlig".encode()[:-1]) == "Ærli"  # cut inside a character: the tail goes
