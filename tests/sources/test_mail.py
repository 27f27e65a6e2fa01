"""The mail connectors on exports built in tmp dirs (mbox, Maildir) and on the corpus PSTs: which source claims
what, uris and folders, streaming, limits, and that sources are never written."""
from __future__ import annotations

import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from pdscan.extract.mbox import split_mbox
from pdscan.model import Item, ItemResult
from pdscan.options import ScanOptions
from pdscan.plugins import source_for
from tests.conftest import corpus_path
from tests.extract.helpers import rows, run

OPTIONS = ScanOptions(workers=1)


def message(n: int, body: str = "Hei", msgid: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Person {n} <person{n}@example.no>"
    msg["To"] = "kari@example.no"
    msg["Subject"] = f"Message {n}"
    msg["Date"] = "Tue, 03 Mar 2020 10:15:00 +0100"
    if msgid != "":
        msg["Message-ID"] = msgid or f"<m{n}@example.no>"
    msg.set_content(body)
    return msg.as_bytes()


def scan_source(path: Path, options: ScanOptions = OPTIONS) -> tuple[str, list[Item], list[ItemResult]]:
    src = source_for(str(path))
    out = list(src.fn(str(path), options))
    return src.name, [i for i in out if isinstance(i, Item)], [r for r in out if isinstance(r, ItemResult)]


def write_mbox(path: Path, messages: list[bytes]) -> None:
    with open(path, "wb") as fh:
        for raw in messages:
            fh.write(b"From sender@example.no Tue Mar  3 10:15:00 2020\n" + raw.replace(b"\r\n", b"\n") + b"\n\n")


def test_mbox_source_claims_by_content_and_yields_one_item_per_message(tmp_path):
    box = tmp_path / "Inbox"  # no extension: recognised by its From_ line
    write_mbox(box, [message(1), message(2, body="Line one\n>From escaped by the mbox writer"), message(3, msgid="<m1@example.no>")])
    before = os.stat(box).st_mtime_ns
    name, items, results = scan_source(box)
    assert name == "mbox"
    assert [i.uri for i in items] == [f"{box}#/m1@example.no", f"{box}#/m2@example.no", f"{box}#/m1@example.no~3"]
    assert all(i.kind == "message" and i.parent == str(box) and i.payload for i in items)
    assert items[0].timestamps["sent"].isoformat() == "2020-03-03T10:15:00+01:00"
    # The export's own row comes after its messages, so a failure part-way can still be reported on it.
    assert [(r.item.uri, r.item.kind, r.status) for r in results] == [(str(box), "mailbox", "ok")]
    segs, _ = run(items[1])
    body = "\n".join(s.text for s in segs if s.field == "body")
    assert "Line one" in body and "From escaped by the mbox writer" in body and ">From" not in body
    assert os.stat(box).st_mtime_ns == before


def test_mbox_split_streams_one_message_at_a_time():
    consumed = 0

    def lines():
        nonlocal consumed
        for n in range(1_000_000):
            for line in (b"From x Tue Mar  3 10:15:00 2020\n", b"Subject: %d\n" % n, b"\n", b"body\n", b"\n"):
                consumed += 1
                yield line

    messages = split_mbox(lines(), max_size=10_000)
    first, size = next(messages)
    assert first == b"Subject: 0\n\nbody\n" and size == len(first)
    assert consumed <= 10  # the second message's From line, not the whole mailbox


def test_mbox_message_over_max_file_size_is_counted_not_held(tmp_path):
    box = tmp_path / "big.mbox"
    write_mbox(box, [message(1, body="x" * 50_000), message(2)])
    options = ScanOptions(workers=1, max_file_size=10_000)
    _, items, _ = scan_source(box, options)
    assert items[0].payload is None and items[0].size > 50_000
    assert rows(items[0], options)[items[0].uri][0] == "skipped"
    assert items[1].payload is not None


def test_mbox_inside_a_share_is_expanded_within_the_member_limit(tmp_path):
    box = tmp_path / "old.mbox"
    write_mbox(box, [message(n) for n in range(5)])
    from tests.extract.helpers import item_for

    item = item_for(box)
    assert item.media_type == "application/mbox"
    options = ScanOptions(workers=1, archive_members=3)
    result = rows(item, options)
    messages = [u for u in result if u.startswith(f"{box}#/m")]
    assert len(messages) == 3 and all(result[u][0] == "ok" for u in messages)
    unread = result[f"{box}#unread"]
    assert unread[0] == "skipped" and "after number 3" in unread[1]


def build_maildir(root: Path) -> None:
    for folder in ("", ".Sent", "Archive/2019"):
        for part in ("cur", "new", "tmp"):
            (root / folder / part).mkdir(parents=True, exist_ok=True)
    (root / "cur" / "1583226900.M1P1.host:2,S").write_bytes(message(1))
    (root / "new" / "1583226901.M2P1.host").write_bytes(message(2, msgid=""))  # no Message-ID
    (root / ".Sent" / "cur" / "1583226902.M3P1.host:2,RS").write_bytes(message(3).replace(b"Date: Tue, 03 Mar", b"Date: garbage, 03 Mxr"))
    (root / "Archive" / "2019" / "cur" / "1583226903.M4P1.host:2,").write_bytes(message(1))  # same id, other folder
    (root / "Archive" / "loose-message").write_bytes(message(5))  # notmuch-style: outside cur/new
    (root / "dovecot-uidlist").write_bytes(b"3 V1583226900 N5\n")


def test_maildir_source_walks_folders_and_names_messages(tmp_path):
    root = tmp_path / "Maildir"
    build_maildir(root)
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    name, items, results = scan_source(root)
    assert name == "maildir"
    by_uri = {i.uri: i for i in items}
    assert sorted(by_uri) == sorted([
        f"{root}#/m1@example.no", f"{root}#/1583226901.M2P1.host", f"{root}#/Sent/m3@example.no",
        f"{root}#/Archive/2019/m1@example.no", f"{root}#/Archive/m5@example.no", str(root / "dovecot-uidlist"),
    ])
    sent = by_uri[f"{root}#/Sent/m3@example.no"]  # Maildir++ `.Sent` is the folder Sent
    assert sent.kind == "message" and sent.meta["folder"] == "Sent" and sent.meta["flags"] == "RS" and sent.meta["date_note"] == "malformed Date header"
    assert sent.timestamps == {"sent": None} and sent.modified is not None  # the file's time stands in
    assert sent.payload is None and sent.path.endswith(":2,RS")  # the worker reads the file itself
    assert by_uri[str(root / "dovecot-uidlist")].kind == "file"
    assert [(r.item.uri, r.status) for r in results] == [(str(root), "ok")]
    segs, _ = run(by_uri[f"{root}#/m1@example.no"])
    assert any(s.field == "header:from" and "person1@example.no" in s.text for s in segs)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before


def test_a_directory_without_cur_and_new_is_left_to_the_files_source(tmp_path):
    (tmp_path / "cur").mkdir()
    assert source_for(str(tmp_path)).name == "files"


def test_pst_source_reads_the_folder_tree():
    pst = corpus_path("mail-aleph", "testPST.pst")
    name, items, results = scan_source(pst)
    assert name == "pst"
    assert len(items) == 6 and all(i.kind == "message" for i in items)
    assert all(i.uri.startswith(f"{pst}#/Début du fichier de données Outlook/") for i in items)
    assert all(i.timestamps["sent"].tzinfo is not None for i in items)
    assert [(r.item.uri, r.status, r.message) for r in results] == [(str(pst), "ok", None)]
    segs, _ = run(items[0])
    assert any(s.field == "header:from" and "kottmann@gmail.com" in s.text for s in segs)


def test_password_protected_pst_is_read_and_says_so():
    pst = corpus_path("mail-java-libpst", "passworded.pst")
    _, items, results = scan_source(pst)
    (row,) = results
    assert row.status == "ok" and "password" in row.message and "do not encrypt" in row.message
    assert items and all(i.meta["pst_password"] is True for i in items)
    contacts = [i for i in items if i.kind == "contact"]
    text = "\n".join(s.text for s in run(contacts[0])[0])
    assert "contact1@rjohnson.id.au" in text  # the contact's e-mail property


def test_corrupt_pst_is_an_error_row_not_a_crash(tmp_path):
    bad = tmp_path / "broken.pst"
    bad.write_bytes(b"!BDN" + b"\x00" * 2000)
    name, items, results = scan_source(bad)
    assert name == "pst" and items == []
    assert results[0].status == "error" and results[0].message.startswith("read: ")


@pytest.mark.parametrize("uri", ["does-not-exist.mbox", "file:///nonexistent/Maildir"])
def test_missing_paths_are_not_claimed_by_mail_sources(uri):
    assert source_for(uri).name == "files"
