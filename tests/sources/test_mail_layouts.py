"""Real-world mail layouts, one item per message: Maildir variants, MH, mbox dialects and Thunderbird profiles,
given as a source or found inside a scanned folder. Layouts are built with Python's `mailbox` module (the
ground truth for message counts) or by hand where `mailbox` cannot write them; the corpus Maildir is read in place."""
from __future__ import annotations

import email
import mailbox
import os
from email import policy
from pathlib import Path

import pytest

from pdscan.model import Item
from pdscan.options import ScanOptions
from pdscan.plugins import source_for
from tests.conftest import corpus_path
from tests.extract.helpers import run
from tests.sources.test_mail import message, scan_source, write_mbox

FROM_LINE = b"From sender@example.no Tue Mar  3 10:15:00 2020"


def messages_of(items: list[Item]) -> dict[str, Item]:
    return {i.uri: i for i in items if i.kind == "message"}


def body_text(item: Item) -> str:
    return "\n".join(s.text for s in run(item)[0] if s.field.startswith("body"))


def snapshot(root: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")}


# --- Maildir ---------------------------------------------------------------------------------------------

def made(box_type, path: Path, **kw):
    """A mailbox of `box_type` at `path`, its parent folders made first (mailbox makes only the last one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return box_type(path, **kw)


def maildir_message(n: int, flags: str = "", subdir: str = "cur") -> mailbox.MaildirMessage:
    msg = mailbox.MaildirMessage(message(n))
    msg.set_subdir(subdir)
    msg.set_flags(flags)
    return msg


def test_maildir_built_by_mailbox_with_flags_and_maildirplusplus_folders(tmp_path):
    root = tmp_path / "Maildir"
    md = mailbox.Maildir(root)
    md.add(maildir_message(1, "S"))
    md.add(maildir_message(2, "", subdir="new"))
    sent = md.add_folder("Sent")
    sent.add(maildir_message(3, "RS"))
    archive = md.add_folder("INBOX.Archive")
    for n in (4, 5):
        archive.add(maildir_message(n, "ST"))
    expected = len(md) + sum(len(md.get_folder(f)) for f in md.list_folders())
    (root / ".Sent" / "maildirfolder").write_bytes(b"")  # what Courier and Dovecot leave in a folder
    name, items, results = scan_source(root)
    assert name == "maildir"
    msgs = messages_of(items)
    assert len(msgs) == expected == 5
    folders = {i.uri.rsplit("/", 1)[1]: (i.meta["folder"], i.meta.get("flags")) for i in msgs.values()}
    assert folders == {"m1@example.no": ("", "S"), "m2@example.no": ("", ""), "m3@example.no": ("Sent", "RS"),
                       "m4@example.no": ("INBOX/Archive", "ST"), "m5@example.no": ("INBOX/Archive", "ST")}
    assert f"{root}#/INBOX/Archive/m4@example.no" in msgs
    assert all(i.timestamps["sent"].isoformat() == "2020-03-03T10:15:00+01:00" for i in msgs.values())
    assert [r.status for r in results] == ["ok"]


@pytest.mark.parametrize("separator", [":", "!", ";"])
def test_maildir_with_cur_only_and_flags_in_names(tmp_path, separator):
    root = tmp_path / "list-archive"  # a mailing-list archive as unpacked: cur/ only, no new/ or tmp/
    (root / "cur").mkdir(parents=True)
    for n, flags in enumerate(["S", "RS", "", "FS"], 1):
        (root / "cur" / f"16{n:08d}.M{n}P9.host{separator}2,{flags}").write_bytes(message(n))
    assert source_for(str(root)).name == "maildir"
    _, items, _ = scan_source(root)
    msgs = messages_of(items)
    assert sorted(msgs) == [f"{root}#/m{n}@example.no" for n in range(1, 5)]
    assert [msgs[f"{root}#/m{n}@example.no"].meta["flags"] for n in range(1, 5)] == ["S", "RS", "", "FS"]


def test_maildir_with_new_only_and_names_without_message_ids(tmp_path):
    root = tmp_path / "box"
    (root / "new").mkdir(parents=True)
    for n in range(3):
        (root / "new" / f"158322690{n}.M{n}P1.host").write_bytes(message(n, msgid=""))
    assert source_for(str(root)).name == "maildir"
    msgs = messages_of(scan_source(root)[1])
    assert sorted(msgs) == [f"{root}#/158322690{n}.M{n}P1.host" for n in range(3)]
    assert all("flags" not in i.meta for i in msgs.values())


def test_maildirplusplus_root_without_its_own_inbox(tmp_path):
    root = tmp_path / "Maildir"
    (root / ".Sent" / "cur").mkdir(parents=True)
    (root / ".Sent" / "cur" / "1583226902.M3P1.host:2,S").write_bytes(message(3))
    # Dovecot stores IMAP folder names in modified UTF-7: `.Søppelpost` on disk is `.S&APg-ppelpost`.
    (root / ".S&APg-ppelpost" / "cur").mkdir(parents=True)
    (root / ".S&APg-ppelpost" / "cur" / "1583226903.M4P1.host:2,ST").write_bytes(message(4))
    assert source_for(str(root)).name == "maildir"
    msgs = messages_of(scan_source(root)[1])
    assert sorted(msgs) == [f"{root}#/Sent/m3@example.no", f"{root}#/Søppelpost/m4@example.no"]


def test_a_folder_that_only_holds_a_new_subfolder_is_not_a_maildir(tmp_path):
    (tmp_path / "projects" / "new").mkdir(parents=True)
    (tmp_path / "projects" / "new" / "quote.eml").write_bytes(message(1))
    (tmp_path / "projects" / ".git").mkdir()
    assert source_for(str(tmp_path / "projects")).name == "files"


def build_vmail(root: Path) -> int:
    """A mail server's store, /var/vmail/<domain>/<user>/Maildir, with Dovecot's and Courier's files."""
    count = 0
    for user, n in (("kari", 3), ("ola", 2)):
        md = made(mailbox.Maildir, root / "example.no" / user / "Maildir")
        for k in range(n):
            md.add(maildir_message(10 * n + k, "S"))
        md.add_folder("Sent").add(maildir_message(100 + n, "S"))
        count += n + 1
        home = root / "example.no" / user / "Maildir"
        (home / "dovecot-uidlist").write_bytes(b"3 V1583226900 N5\n")
        (home / "dovecot.index.cache").write_bytes(b"\x00\x01cache")
        (home / "courierimapuiddb").write_bytes(b"1 1583226900 1\n")
        (root / "example.no" / user / "sieve").mkdir()
        (root / "example.no" / user / "sieve" / "rules.sieve").write_bytes(b'require "fileinto";\n')
    return count


def test_a_mail_servers_folder_of_maildirs(tmp_path):
    root = tmp_path / "vmail"
    expected = build_vmail(root)
    name, items, results = scan_source(root)
    assert name == "files"  # the store is not one Maildir; each user's Maildir inside it is claimed
    msgs = messages_of(items)
    assert len(msgs) == expected == 7
    kari = root / "example.no" / "kari" / "Maildir"
    assert {u.split("#")[0] for u in msgs} == {str(kari), str(root / "example.no" / "ola" / "Maildir")}
    assert f"{kari}#/Sent/m103@example.no" in msgs
    files = sorted(i.uri for i in items if i.kind == "file")
    assert str(kari / "dovecot-uidlist") in files and str(kari / "dovecot.index.cache") in files
    assert str(root / "example.no" / "ola" / "sieve" / "rules.sieve") in files
    # Each Maildir's own row; no message file is also listed as a plain file.
    assert sorted(r.item.uri for r in results) == [str(kari), str(root / "example.no" / "ola" / "Maildir")]
    assert not any(i.kind == "file" and os.sep + "cur" + os.sep in i.uri for i in items)


def test_corpus_maildir_one_item_per_message_with_ids_from_the_files():
    root = corpus_path("mail-notmuch-maildir", "default")
    before = snapshot(root)
    name, items, results = scan_source(root)
    assert name == "maildir"
    msgs = messages_of(items)
    files = [p for p in root.rglob("*") if p.is_file()]
    assert len(msgs) == len(files) == 53
    ids = {str(email.message_from_bytes(p.read_bytes(), policy=policy.compat32)["Message-ID"]).strip("<> ") for p in files}
    assert {u.rsplit("/", 1)[1] for u in msgs} == ids
    cur = [i for i in msgs.values() if f"{os.sep}cur{os.sep}" in i.path]
    assert len(cur) == sum(1 for p in files if p.parent.name == "cur") and all(i.meta["flags"] == "" for i in cur)
    assert [r.status for r in results] == ["ok"] and snapshot(root) == before


# --- MH --------------------------------------------------------------------------------------------------

def test_mh_built_by_mailbox_with_sequences_nested_folders_and_removed_messages(tmp_path):
    root = tmp_path / "Mail" / "inbox"
    mh = made(mailbox.MH, root)
    keys = [mh.add(message(n)) for n in range(1, 5)]
    mh.set_sequences({"unseen": [keys[0], keys[1]], "flagged": [keys[1]]})
    work = mh.add_folder("work")
    work.add(message(10))
    work.add_folder("old").add(message(11))  # (mailbox.MH would count a folder named 2019 as a message)
    expected = len(mh) + len(work) + len(work.get_folder("old"))
    os.rename(root / str(keys[3]), root / f",{keys[3]}")  # nmh's rmm keeps removed mail as ,N
    assert source_for(str(root)).name == "mh"
    _, items, results = scan_source(root)
    msgs = messages_of(items)
    assert len(msgs) == expected == 6
    by_id = {u.rsplit("/", 1)[1]: i for u, i in msgs.items()}
    assert by_id["m1@example.no"].meta["sequences"] == ["unseen"]
    assert by_id["m2@example.no"].meta["sequences"] == ["unseen", "flagged"]
    assert by_id["m4@example.no"].meta["deleted"] is True
    assert by_id["m11@example.no"].uri == f"{root}#/work/old/m11@example.no"
    assert by_id["m11@example.no"].meta["folder"] == "work/old"
    assert str(root / ".mh_sequences") in {i.uri for i in items if i.kind == "file"}
    assert [r.status for r in results] == ["ok"]
    assert "Hei" in body_text(by_id["m3@example.no"])


def test_claws_mail_folder_and_an_mh_folder_copied_without_its_sequences(tmp_path):
    claws = tmp_path / "claws"
    claws.mkdir()
    (claws / ".claws_mark").write_bytes(b"\x02\x00\x00\x00")
    for n in (1, 2, 10):
        (claws / str(n)).write_bytes(message(n, msgid=""))
    assert source_for(str(claws)).name == "mh"
    msgs = messages_of(scan_source(claws)[1])
    assert sorted(msgs) == sorted(f"{claws}#/{n}" for n in (1, 2, 10))  # no Message-ID: the number names it

    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "1").write_bytes(message(1))
    assert source_for(str(bare)).name == "mh"
    numbered = tmp_path / "numbered-notes"
    numbered.mkdir()
    (numbered / "1").write_bytes(b"shopping list\nmilk\n")
    assert source_for(str(numbered)).name == "files"


# --- mbox ------------------------------------------------------------------------------------------------

BODY_WITH_FROM_LINES = (
    "First paragraph.\n"
    "From what I recall, this line starts with From but is prose.\n"
    "\n"
    "From the minutes Tue Mar  3 10:15:00 2020 (a From line after a blank line, without the sender shape)\n"
    "Last line.\n"
)


def test_mbox_built_by_mailbox_quotes_from_lines_and_the_split_agrees(tmp_path):
    box = tmp_path / "archive.mbox"
    mb = mailbox.mbox(box)
    for n in range(1, 4):
        mb.add(message(n, body=BODY_WITH_FROM_LINES))
    mb.flush()
    mb.close()
    assert b"\n>From what I recall" in box.read_bytes()  # mailbox writes mboxo quoting
    msgs = messages_of(scan_source(box)[1])
    assert len(msgs) == len(mailbox.mbox(box)) == 3
    text = body_text(msgs[f"{box}#/m2@example.no"])
    assert "\nFrom what I recall" in "\n" + text and ">From" not in text


def test_mbox_with_unquoted_from_lines_in_bodies(tmp_path):
    """Not every writer quotes: a From line opens a message only with the From_ shape after a blank line."""
    box = tmp_path / "unquoted"
    tricky = message(2, body=BODY_WITH_FROM_LINES + f"{FROM_LINE.decode()} quoted without a blank line before\n")
    write_mbox(box, [message(1), tricky, message(3)])
    assert len(mailbox.mbox(box)) == 6  # Python's mailbox splits at every "From " line: 3 too many
    msgs = messages_of(scan_source(box)[1])
    assert sorted(u.rsplit("/", 1)[1] for u in msgs) == ["m1@example.no", "m2@example.no", "m3@example.no"]
    text = body_text(msgs[f"{box}#/m2@example.no"])
    assert "From what I recall" in text and "From the minutes" in text and "quoted without a blank line" in text


def test_mbox_content_length_keeps_a_separator_shaped_body_line_in_its_message(tmp_path):
    body = b"Forwarded below.\n\n" + FROM_LINE + b"\nSubject: inner\n\nold text\n"
    first = message(1, body="x").split(b"\n\n", 1)[0] + b"\nContent-Length: %d\n\n" % len(body) + body
    box = tmp_path / "cl.mbox"
    box.write_bytes(FROM_LINE + b"\n" + first + b"\n" + FROM_LINE + b"\n" + message(2) + b"\n")
    msgs = messages_of(scan_source(box)[1])
    assert sorted(u.rsplit("/", 1)[1] for u in msgs) == ["m1@example.no", "m2@example.no"]
    assert "old text" in body_text(msgs[f"{box}#/m1@example.no"])
    # A Content-Length that does not fit the message is ignored: the From_ line separates after all.
    box.write_bytes(box.read_bytes().replace(b"Content-Length: %d" % len(body), b"Content-Length: 5"))
    assert len(messages_of(scan_source(box)[1])) == 3


def test_mbox_with_crlf_line_ends_and_no_final_newline(tmp_path):
    box = tmp_path / "windows.mbox"
    raw = [message(n).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") for n in range(1, 4)]
    data = b"".join(FROM_LINE + b"\r\n" + r + b"\r\n" for r in raw).rstrip(b"\r\n")
    box.write_bytes(data)
    assert len(mailbox.mbox(box)) == 3
    msgs = messages_of(scan_source(box)[1])
    assert sorted(u.rsplit("/", 1)[1] for u in msgs) == [f"m{n}@example.no" for n in range(1, 4)]
    assert all(i.timestamps["sent"] is not None for i in msgs.values())
    assert msgs[f"{box}#/m3@example.no"].payload.endswith(b"Hei")
    assert "Hei" in body_text(msgs[f"{box}#/m3@example.no"])


@pytest.mark.parametrize("name", ["mail-tika/complex.mbox", "mail-tika/simple.mbox", "mail-tika/quoted.mbox",
                                  "mail-tika/testMBOX_complex.mbox", "mail-aleph/plan.mbox"])
def test_corpus_mbox_message_counts_equal_mailbox(name):
    box = corpus_path(*name.split("/"))
    msgs = messages_of(scan_source(box)[1])
    assert len(msgs) == len(mailbox.mbox(box))


# --- Thunderbird -----------------------------------------------------------------------------------------

def write_tb_mbox(path: Path, numbers: list[int]) -> None:
    """As Thunderbird writes a mailbox: `From - <date>` lines and X-Mozilla-Status headers, no extension."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        for n in numbers:
            fh.write(b"From - Tue Mar 03 10:15:00 2020\nX-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\n")
            fh.write(message(n).replace(b"\r\n", b"\n") + b"\n\n")
    (path.parent / (path.name + ".msf")).write_bytes(b"// <!-- <mdb:mork:z v=\"1.4\"/> -->\n< <(a=c)> >")


def build_profile(root: Path) -> dict[str, list[int]]:
    """A Thunderbird profile: Local Folders with a sub-folder, an IMAP account, an empty Trash, other files."""
    (root / "prefs.js").parent.mkdir(parents=True)
    (root / "prefs.js").write_text('user_pref("mail.server.server1.name", "Local Folders");\n')
    (root / "abook.mab").write_text("// address book\nkari@example.no\n")
    boxes = {"Mail/Local Folders/Inbox": [1, 2], "Mail/Local Folders/Inbox.sbd/Archive": [3, 4, 5],
             "ImapMail/imap.example.no/INBOX": [6], "Mail/Local Folders/Trash": []}
    for rel, numbers in boxes.items():
        write_tb_mbox(root / rel, numbers)
    mb = mailbox.mbox(root / "Mail" / "Local Folders" / "Unsent Messages")  # written by Python, no .msf
    mb.add(message(7))
    mb.close()
    boxes["Mail/Local Folders/Unsent Messages"] = [7]
    return boxes


def test_thunderbird_profile_streams_each_mailbox_once(tmp_path):
    root = tmp_path / "abcd1234.default-release"
    boxes = build_profile(root)
    before = snapshot(root)
    name, items, results = scan_source(root)
    assert name == "thunderbird"
    msgs = messages_of(items)
    assert len(msgs) == sum(len(mailbox.mbox(root / rel)) for rel in boxes) == 7
    assert f"{root}#/Mail/Local Folders/Inbox/Archive/m4@example.no" in msgs
    assert msgs[f"{root}#/ImapMail/imap.example.no/INBOX/m6@example.no"].meta["folder"] == "ImapMail/imap.example.no/INBOX"
    rows = {r.item.uri: (r.item.kind, r.status, r.message) for r in results}
    for rel in boxes:
        assert rows[str(root / rel)][:2] == ("mailbox", "ok")  # each mailbox's own row, after its messages
        if (root / f"{rel}.msf").exists():
            kind, status, why = rows[str(root / f"{rel}.msf")]
            assert (kind, status) == ("index", "skipped") and "messages are read instead" in why
    assert rows[str(root)][1] == "ok"
    plain = {i.uri for i in items if i.kind == "file"}
    assert plain == {str(root / "prefs.js"), str(root / "abook.mab")}  # no mailbox or index read as a document
    assert snapshot(root) == before


def test_local_folders_given_alone_is_a_thunderbird_mail_folder(tmp_path):
    root = tmp_path / "profile"
    build_profile(root)
    local = root / "Mail" / "Local Folders"
    assert source_for(str(local)).name == "thunderbird"
    msgs = messages_of(scan_source(local)[1])
    assert f"{local}#/Inbox/Archive/m3@example.no" in msgs and len(msgs) == 6


# --- Layouts inside a scanned folder ---------------------------------------------------------------------

def build_share(share: Path) -> dict[str, int]:
    made(mailbox.Maildir, share / "home" / "kari" / "Maildir").add(maildir_message(1, "S"))
    mh = made(mailbox.MH, share / "home" / "ola" / "Mail" / "inbox")
    mh.add(message(2))
    build_profile(share / "home" / "per" / ".thunderbird" / "x.default")
    write_mbox(share / "old.mbox", [message(20), message(21)])
    (share / "docs").mkdir()
    (share / "docs" / "notes.txt").write_text("Ring Kari på 412 34 567.\n")
    return {"maildir": 1, "mh": 1, "thunderbird": 7}


def test_mail_layouts_inside_a_share_are_claimed_by_their_connectors(tmp_path):
    share = tmp_path / "share"
    expected = build_share(share)
    name, items, results = scan_source(share)
    assert name == "files"
    msgs = messages_of(items)
    exports = {"maildir": share / "home" / "kari" / "Maildir", "mh": share / "home" / "ola" / "Mail" / "inbox",
               "thunderbird": share / "home" / "per" / ".thunderbird" / "x.default"}
    for layout, root in exports.items():
        assert sum(1 for u in msgs if u.startswith(f"{root}#/")) == expected[layout], layout
    assert len(msgs) == sum(expected.values())
    files = {i.uri: i for i in items if i.kind == "file"}
    assert str(share / "old.mbox") in files  # a lone mbox stays a file, expanded by its extractor within limits
    assert str(share / "docs" / "notes.txt") in files
    assert not any("/cur/" in u or u.endswith(("/Inbox", ".msf", "/inbox/1")) for u in files)
    uris = [i.uri for i in items] + [r.item.uri for r in results]
    assert len(uris) == len(set(uris))  # nothing listed twice


def test_findings_on_planted_data_in_a_share_with_mail_layouts(scan_paths, tmp_path):
    share = tmp_path / "share"
    build_share(share)
    planted = "Kontakt meg på planted.person@example.org eller ring 412 34 567."
    md = mailbox.Maildir(share / "home" / "kari" / "Maildir").add_folder("Sendt")
    sent = mailbox.MaildirMessage(message(30, body=planted))
    sent.set_subdir("cur")
    md.add(sent)
    write_tb_mbox(share / "home" / "per" / ".thunderbird" / "x.default" / "Mail" / "Local Folders" / "Drafts",
                  [40])
    drafts = share / "home" / "per" / ".thunderbird" / "x.default" / "Mail" / "Local Folders" / "Drafts"
    drafts.write_bytes(drafts.read_bytes().replace(b"Hei", planted.encode()))
    store = scan_paths(share, ner=False)
    f = store.findings
    hits = set(f[(f.entity == "EMAIL_ADDRESS") & (f.field == "body")].uri)
    assert f"{share}/home/kari/Maildir#/Sendt/m30@example.no" in hits
    assert f"{share}/home/per/.thunderbird/x.default#/Mail/Local Folders/Drafts/m40@example.no" in hits
    items = store.items.set_index("uri")
    assert items.loc[f"{share}/home/kari/Maildir#/Sendt/m30@example.no", "status"] == "ok"
    assert '"folder": "Sendt"' in items.loc[f"{share}/home/kari/Maildir#/Sendt/m30@example.no", "meta"]
    assert store.items.uri.is_unique
    assert not f.snippet.str.contains("planted.person@example.org", regex=False).any()


def test_thunderbird_messages_deleted_but_not_compacted_are_read_and_marked(tmp_path):
    inbox = tmp_path / "Local Folders" / "Inbox"
    write_tb_mbox(inbox, [1, 2, 3])
    inbox.write_bytes(inbox.read_bytes().replace(b"X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\nFrom: Person 2",
                                                 b"X-Mozilla-Status: 0009\nX-Mozilla-Status2: 00000000\nFrom: Person 2"))
    msgs = messages_of(scan_source(tmp_path / "Local Folders")[1])
    assert [u.rsplit("/", 1)[1] for u, i in msgs.items() if i.meta.get("deleted")] == ["m2@example.no"]
    assert len(msgs) == 3


def test_kmail_subfolders_and_folder_names_that_are_not_utf8(tmp_path):
    root = tmp_path / "kmail"
    made(mailbox.Maildir, root / "inbox").add(maildir_message(1, "S"))
    made(mailbox.Maildir, root / ".inbox.directory" / "work").add(maildir_message(2, "S"))
    latin1 = os.fsdecode(b"S\xf8ppel")  # a folder name in Latin-1 bytes: kept, not a crash
    made(mailbox.Maildir, root / ".inbox.directory" / latin1).add(maildir_message(3, "S"))
    name, items, results = scan_source(root)
    assert name == "maildir"
    msgs = messages_of(items)
    assert sorted(i.meta["folder"] for i in msgs.values()) == sorted(["inbox", "inbox/work", f"inbox/{latin1}"])
    assert f"{root}#/inbox/S%F8ppel/m3@example.no" in msgs  # the raw byte percent-encoded (pdscan.names)
    assert [r.item.uri for r in results] == [str(root)]
