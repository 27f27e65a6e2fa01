"""Builds the demo estate from examples/demo/estate.yaml: files with set ages, an mbox export, a SQLite CRM.

The estate is ours (generated here), so setting file times with os.utime is fine; pdscan never does
that to a source it scans.
"""
from __future__ import annotations

import csv
import mailbox
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Callable

import yaml

from ..paths import data_dir

_DATE = re.compile(r"\{date([+-]\d+)\}")


@dataclass(frozen=True)
class Case:
    """One generated thing and the verdict the privacy notice implies for it."""

    uri: str  # a path, or sqlite:///... for the CRM
    expect: str
    case: str
    special_only: bool = False  # the case is about its Art. 9/10 findings only


def spec() -> dict:
    return yaml.safe_load((data_dir("examples") / "demo" / "estate.yaml").read_text(encoding="utf-8"))


def dated(value, today: date):
    """`{date-75}` -> the ISO date 75 days before today, in strings, lists and rows."""
    if isinstance(value, str):
        return _DATE.sub(lambda m: (today + timedelta(days=int(m.group(1)))).isoformat(), value)
    if isinstance(value, list):
        return [dated(v, today) for v in value]
    return value


def _moment(today: date, age: int) -> datetime:
    return datetime.combine(today - timedelta(days=age), time(10, 0), tzinfo=timezone.utc)


def _write_text(path: Path, entry: dict) -> None:
    path.write_text(entry["text"], encoding="utf-8")


def _write_rows(path: Path, entry: dict) -> None:
    rows = entry["rows"]
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        for row in rows:
            wb.active.append([str(c) for c in row])
        wb.save(path)
        return
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def _write_docx(path: Path, entry: dict) -> None:
    from docx import Document

    doc = Document()
    for para in entry["paragraphs"]:
        doc.add_paragraph(para)
    doc.save(path)


WRITERS: dict[str, Callable[[Path, dict], None]] = {"text": _write_text, "rows": _write_rows,
                                                    "paragraphs": _write_docx}


def _write_mbox(path: Path, entry: dict, today: date) -> None:
    box = mailbox.mbox(path, create=True)
    try:
        for n, m in enumerate(entry["messages"]):
            msg = EmailMessage()
            msg["From"], msg["To"], msg["Subject"] = m["from"], m["to"], m["subject"]
            msg["Date"] = format_datetime(_moment(today, m["age"]))
            msg["Message-ID"] = f"<demo-{n}@example.no>"
            msg.set_content(m["body"])
            box.add(msg)
        box.flush()
    finally:
        box.close()


def _write_sqlite(path: Path, db: dict, today: date) -> None:
    cols = db["columns"]  # the last one is the row date
    types = ", ".join(f"{c} {'TIMESTAMP' if i == len(cols) - 1 else 'TEXT'}" for i, c in enumerate(cols))
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE {db['table']} (id INTEGER PRIMARY KEY, {types})")
        for row in db["rows"]:
            *values, age = row
            conn.execute(f"INSERT INTO {db['table']} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [*map(str, values), _moment(today, age).strftime("%Y-%m-%d %H:%M:%S")])
    conn.close()


def _age(path: Path, today: date, age: int) -> None:
    ts = _moment(today, age).timestamp()
    os.utime(path, (ts, ts))


def build_estate(root: str | os.PathLike, today: date | None = None) -> tuple[Path, str | None, list[Case]]:
    """Write the estate under root: the share in root/share, the CRM in root/crm.db.

    Returns (share folder, CRM source uri or None, the cases with their expected verdicts).
    """
    today = today or datetime.now(timezone.utc).date()
    data = spec()
    share = Path(root) / "share"
    cases: list[Case] = []
    for entry in data.get("files", []):
        path = share / dated(entry["path"], today)
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = next(k for k in WRITERS if k in entry)
        WRITERS[kind](path, {kind: dated(entry[kind], today)})
        _age(path, today, entry["age"])
        cases.append(Case(str(path), entry["expect"], entry["case"], entry.get("about") == "special"))
    for entry in data.get("mail", []):
        path = share / dated(entry["path"], today)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_mbox(path, entry, today)
        _age(path, today, entry["age"])
        cases.append(Case(str(path), entry["expect"], entry["case"]))
    crm = None
    db = data.get("database")
    if db:
        path = Path(root) / db["path"]
        _write_sqlite(path, db, today)
        crm = f"sqlite:///{path.resolve()}"
        cases.append(Case(crm, db["expect"], db["case"]))
    return share, crm, cases
