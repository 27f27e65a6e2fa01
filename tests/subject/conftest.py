"""One synthetic person planted across real parts: a file share (docx, CSV), an mbox export with an
attachment, a SQLite file and a PostgreSQL database (created with a unique name, dropped afterwards)."""
from __future__ import annotations

import csv
import mailbox
import shutil
import sqlite3
import subprocess
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest

# Synthetic: a Tenor test fødselsnummer (+80 month), a mobile number from the numbering plan's examples.
PERSON = {"name": "Åse Kristin Bjørnstad", "email": "ase.bjornstad@example.no", "phone": "+47 406 12 345",
          "national_id": "15838549990", "customer_no": "K-778812"}
OTHER = {"name": "Kari Nordmann", "email": "kari.nordmann@example.no", "phone": "+47 415 55 123"}
IDENTIFIER_ARGS = ["--email", "ASE.BJORNSTAD@example.no", "--phone", "40612345", "--national-id", "158385 49990",
                   "--name", "Bjørnstad, Åse", "--id", "customer_no=K778812"]


def write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    doc.save(path)


def contract_paragraphs(with_person: bool) -> list[str]:
    party = "Bjørnstad, Åse Kristin (fødselsnummer 158385 49990)" if with_person else "Nordmann, Kari"
    return ["Leieavtale for bolig", f"Leietaker: {party}", "Depositum: 30 000 kroner"]


def write_customers_csv(path: Path, with_person: bool) -> None:
    rows = [["navn", "epost", "telefon", "kundenr"], [OTHER["name"], OTHER["email"], OTHER["phone"], "K-100001"]]
    if with_person:
        rows.append(["Åse Bjørnstad", PERSON["email"], "406 12 345", PERSON["customer_no"]])
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def _message(sender: dict, subject: str, date: str, msgid: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{sender['name']} <{sender['email']}>"
    msg["To"] = "kundeservice@example.com"
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = msgid
    msg.set_content(body)
    return msg


def write_mbox(path: Path) -> None:
    first = _message(PERSON, "Faktura", "Mon, 02 Mar 2026 09:30:00 +0100", "<faktura-1@example.no>",
                     "Hei, se vedlagt kvittering.\n")
    first.add_attachment(f"Kvittering for kunde {PERSON['customer_no']}\nMobil 406 12 345\n".encode(),
                         maintype="text", subtype="plain", filename="kvittering.txt")
    second = _message(OTHER, "Spørsmål", "Tue, 03 Mar 2026 10:00:00 +0100", "<sporsmal-2@example.no>",
                      "Når kommer varen?\n")
    box = mailbox.mbox(str(path))
    box.add(first)
    box.add(second)
    box.close()


def write_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_no TEXT, email TEXT, note TEXT)")
    con.executemany("INSERT INTO orders (customer_no, email, note) VALUES (?, ?, ?)", [
        ("K-100001", OTHER["email"], "levert"),
        (PERSON["customer_no"], PERSON["email"], "retur"),
    ])
    con.commit()
    con.close()


@pytest.fixture
def planted(tmp_path):
    """The person in a docx and a CSV on a share, an mbox message and its attachment, and a SQLite table."""
    share = tmp_path / "share"
    share.mkdir()
    write_docx(share / "leieavtale.docx", contract_paragraphs(True))
    write_customers_csv(share / "kunder.csv", True)
    (share / "referat.txt").write_text(f"Møte med {OTHER['name']} om budsjett.\n", encoding="utf-8")
    write_mbox(tmp_path / "kundeservice.mbox")
    write_sqlite(tmp_path / "crm.sqlite")
    return tmp_path


PG = "postgresql://postgres@127.0.0.1:5432"


def _psql(db: str, sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                   check=True, capture_output=True, text=True, timeout=60)


@pytest.fixture
def postgres_members():
    """A uniquely named PostgreSQL database with the person in a members table; dropped afterwards."""
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    name = f"pdscan_t_subject_{uuid.uuid4().hex[:8]}"
    try:
        _psql("postgres", f"CREATE DATABASE {name}")
    except subprocess.CalledProcessError as e:
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 is not usable: {e.stderr.strip()}")
    try:
        _psql(name, "CREATE TABLE members (id serial PRIMARY KEY, full_name text, email text, national_id text);"
                    f"INSERT INTO members (full_name, email, national_id) VALUES "
                    f"('{OTHER['name']}', '{OTHER['email']}', NULL), "
                    f"('{PERSON['name']}', '{PERSON['email']}', '158385 49990');")
        yield {"uri": f"{PG}/{name}", "db": name, "delete": lambda: _psql(
            name, f"DELETE FROM members WHERE email = '{PERSON['email']}'")}
    finally:
        _psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
