"""SQLite files among other files: columns become child items, read in place or from memory, never written."""
from __future__ import annotations

import os

from pdscan.extract.sqlite_file import sqlite_database
from pdscan.model import Item
from pdscan.options import ScanOptions
from tests.conftest import corpus_path


def test_a_sqlite_file_in_a_folder_scan_gives_column_findings(scan_paths):
    path = corpus_path("db-chinook", "Chinook_Sqlite.sqlite")
    before = os.stat(path).st_mtime_ns
    store = scan_paths(path)
    assert os.stat(path).st_mtime_ns == before
    file_row = store.items[store.items["uri"] == str(path)].iloc[0]
    assert (file_row["status"], file_row["media_type"]) == ("ok", "application/vnd.sqlite3")
    columns = store.items[store.items["kind"] == "column"]
    assert set(columns["parent"]) == {str(path)} and set(columns["status"]) == {"ok"}
    email = store.findings[store.findings["uri"] == f"{path}#Customer.Email"]
    assert list(email["entity"]) == ["EMAIL_ADDRESS"] and email.iloc[0]["rows_sampled"] == 59


def test_sqlite_bytes_from_a_container_are_read_in_memory():
    path = corpus_path("docs-tika", "testSQLITE3.db")
    member = Item(uri="smb://h/share/a.zip#db/t.db", kind="member", payload=path.read_bytes(), name="t.db", depth=1)
    children = list(sqlite_database(member, ScanOptions()))
    assert [(c.uri, c.parent, c.depth) for c in children] == [(f"{member.uri}/tika.text", member.uri, 2)]
    assert children[0].payload == b'["Hello World!"]'  # an untyped SQLite column is read as text
