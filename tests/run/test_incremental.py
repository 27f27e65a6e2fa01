"""Incremental scans (`scan --baseline`): after adding, changing, renaming and deleting files, appending to a
mailbox and changing a database table, an incremental scan must store what a full scan stores (keyed-hash
findings and item statuses), having scanned only what changed. PostgreSQL is the real server on this machine."""
from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections import Counter

import pytest

from pdscan import load
from pdscan.errors import UsageError
from pdscan.options import ScanOptions
from pdscan.report.compare import compare
from pdscan.run import scan
from tests.sources.conftest import PG, _psql, postgres_server, unique_name  # noqa: F401 - fixture

OPTS = ScanOptions(workers=1, checkpoint=0)


def message(i: int) -> str:
    return (f"From sender{i}@example.com Thu Jan  1 00:00:00 2026\nMessage-ID: <m{i}@example.com>\n"
            f"From: Kari Nordmann <kari{i}@example.no>\nTo: ola{i}@example.no\nSubject: Kunde {i}\n"
            f"Date: Thu, 01 Jan 2026 10:00:00 +0000\n\nRing meg på 9{i:03d} 4567 eller skriv til kunde{i}@example.no.\n\n")


@pytest.fixture
def estate(tmp_path, postgres_server):
    share = tmp_path / "share"
    (share / "hr").mkdir(parents=True)
    for i in range(6):
        (share / "hr" / f"note-{i}.txt").write_text(f"Ansatt {i}: e-post ansatt{i}@example.no, tlf 4{i}00 1234.\n")
    with zipfile.ZipFile(share / "old.zip", "w") as z:
        z.writestr("cv/anna.txt", "Anna Hansen, anna.hansen@example.no, +47 912 34 567\n")
    mbox = tmp_path / "mail.mbox"
    mbox.write_text("".join(message(i) for i in range(3)))
    db = unique_name("incr")
    _psql("postgres", f'CREATE DATABASE "{db}"')
    _psql(db, "CREATE TABLE customer (id serial PRIMARY KEY, email text, updated_at timestamp DEFAULT now());"
              "INSERT INTO customer (email) SELECT 'kunde' || g || '@example.no' FROM generate_series(1, 20) g;"
              "CREATE TABLE note (body text); INSERT INTO note VALUES ('skriv til per@example.no');")
    try:
        yield {"share": share, "mbox": mbox, "db": db,
               "sources": [str(share), str(mbox), f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{db}"]}
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def run(estate, out, detector, baseline=None, options=OPTS):
    scan(estate["sources"], out, options, progress=False, detector=detector, baseline=baseline)
    return load(out)


def keyed_findings(store) -> Counter:
    f = store.findings
    return Counter(zip(f["uri"], f["entity"], f["field"], (tuple(sorted(h)) for h in f["hashes"])))


def statuses(store) -> Counter:
    return Counter(zip(store.items["uri"], store.items["status"]))


def change(estate) -> None:
    share, hr = estate["share"], estate["share"] / "hr"
    (hr / "new.txt").write_text("Ny ansatt: lise@example.no\n")  # added
    old = (hr / "note-1.txt").read_text()
    st = os.stat(hr / "note-1.txt")
    (hr / "note-1.txt").write_text(old.replace("ansatt1@", "ansatX@"))  # same size, new content
    os.utime(hr / "note-1.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 3_000_000_000))
    (hr / "note-2.txt").rename(hr / "renamed-2.txt")  # renamed
    (hr / "note-3.txt").unlink()  # deleted
    with zipfile.ZipFile(share / "old.zip", "a") as z:  # archive members follow their container
        z.writestr("cv/bo.txt", "Bo Berg, bo.berg@example.no\n")
    with open(estate["mbox"], "a") as fh:  # a new message: the container changed, old messages stay reused
        fh.write(message(9))
    _psql(estate["db"], "INSERT INTO customer (email) VALUES ('ny.kunde@example.no')")


def test_incremental_equals_full_scan(estate, detector, tmp_path):
    full0 = run(estate, tmp_path / "full0", detector)
    same = run(estate, tmp_path / "same", detector, baseline=tmp_path / "full0")
    assert keyed_findings(same) == keyed_findings(full0) and statuses(same) == statuses(full0)
    inc = same.run["incremental"]
    # only the table with neither a primary key nor a date column is read again (nothing shows its changes)
    note_columns = sum(1 for u in full0.items["uri"] if "/public.note." in u)
    assert note_columns == 1 and inc["items_scanned"] == note_columns and inc["items_reused"] > 0, inc
    assert "hr/note-0.txt" in " ".join(same.items["uri"])  # it holds the items, not only the counts
    assert same.run["detectors"] == full0.run["detectors"] and same.run["detectors"]

    change(estate)
    full1 = run(estate, tmp_path / "full1", detector)
    incr1 = run(estate, tmp_path / "incr1", detector, baseline=tmp_path / "same")  # a baseline that was incremental
    assert keyed_findings(incr1) == keyed_findings(full1)
    assert statuses(incr1) == statuses(full1)
    assert keyed_findings(incr1) != keyed_findings(full0)  # the changes are seen at all
    inc = incr1.run["incremental"]
    # scanned again: new.txt, note-1.txt, renamed-2.txt, old.zip, message 9, the customer table's columns
    customer_columns = sum(1 for u in full1.items["uri"] if "/public.customer." in u)
    assert inc["items_scanned"] == 5 + customer_columns + note_columns, inc
    assert inc["items_reused"] > 0
    # what a report compares (new / resolved against the earlier scan) is what a full scan would give
    a, b = compare(incr1.findings, full0.findings, full0.run), compare(full1.findings, full0.findings, full0.run)
    assert sorted(a.new["id"]) == sorted(b.new["id"]) and sorted(a.resolved["id"]) == sorted(b.resolved["id"])


def test_unchanged_mailbox_is_not_read(estate, detector, tmp_path, monkeypatch):
    """An unchanged mbox given as a source: its messages come from the baseline without parsing the file."""
    import pdscan.sources.mbox as mbox_source

    a = run(estate, tmp_path / "a", detector)

    def must_not_parse(*args, **kw):
        raise AssertionError("the unchanged mbox was parsed")

    monkeypatch.setattr(mbox_source, "mbox_messages", must_not_parse)
    b = run(estate, tmp_path / "b", detector, baseline=tmp_path / "a")
    assert keyed_findings(b) == keyed_findings(a) and statuses(b) == statuses(a)
    assert any("mail.mbox#" in u for u in b.items["uri"])


def test_coarse_mtime_is_checked_by_content(estate, detector, tmp_path):
    """A same-size rewrite within one whole second (FAT, SMB granularity) keeps size, mtime and inode."""
    note = estate["share"] / "hr" / "note-4.txt"
    os.utime(note, ns=(10**18, 1_700_000_000 * 10**9))
    run(estate, tmp_path / "a", detector)
    st = os.stat(note)
    with open(note, "r+") as fh:  # same inode, same size
        text = fh.read()
        fh.seek(0)
        fh.write(text.replace("ansatt4@", "ansatY@"))
    os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns))
    b = run(estate, tmp_path / "b", detector, baseline=tmp_path / "a")
    full = run(estate, tmp_path / "c", detector)
    now = os.stat(note)
    assert (now.st_size, now.st_mtime_ns, now.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    assert keyed_findings(b) == keyed_findings(full) != keyed_findings(load(tmp_path / "a"))
    assert b.run["incremental"]["items_scanned"] == 2  # note-4.txt and the table without key or date


def test_items_that_failed_are_scanned_again(estate, detector, tmp_path, monkeypatch):
    """An error row (a timeout, a dead worker) is not a result to keep: a full scan would try again."""
    import pdscan.run.worker as worker

    real = worker.scan_one
    monkeypatch.setattr(worker, "scan_one", lambda it, *a, **kw: worker.error_result(it, "worker: died")
                        if it.uri.endswith("note-5.txt") else real(it, *a, **kw))
    failed = run(estate, tmp_path / "a", detector)
    assert (failed.items["status"] == "error").sum() == 1
    monkeypatch.setattr(worker, "scan_one", real)
    b = run(estate, tmp_path / "b", detector, baseline=tmp_path / "a")
    full = run(estate, tmp_path / "c", detector)
    assert statuses(b) == statuses(full) and keyed_findings(b) == keyed_findings(full)
    assert b.run["incremental"]["items_scanned"] == 2  # note-5.txt and the table without key or date


def test_out_of_memory_is_kept_unless_the_limit_was_raised(estate, detector, tmp_path, monkeypatch):
    import pdscan.run.worker as worker

    real = worker.scan_one
    monkeypatch.setattr(worker, "scan_one", lambda it, *a, **kw: worker.error_result(it, "extract: out of memory")
                        if it.uri.endswith("note-5.txt") else real(it, *a, **kw))
    run(estate, tmp_path / "a", detector)
    monkeypatch.setattr(worker, "scan_one", real)
    same_limit = run(estate, tmp_path / "b", detector, baseline=tmp_path / "a")
    assert same_limit.run["incremental"]["items_scanned"] == 1  # only the table without key or date
    assert (same_limit.items["status"] == "error").sum() == 1
    raised = run(estate, tmp_path / "c", detector, baseline=tmp_path / "a",
                 options=ScanOptions(workers=1, checkpoint=0, max_memory=OPTS.max_memory * 2))
    assert raised.run["incremental"]["items_scanned"] == 2 and (raised.items["status"] == "error").sum() == 0


def test_baseline_of_other_detectors_is_refused(estate, detector, tmp_path):
    run(estate, tmp_path / "a", detector)
    with pytest.raises(UsageError, match="detectors differ"):
        run(estate, tmp_path / "b", detector, baseline=tmp_path / "a", options=ScanOptions(workers=1, ner=False))
    run_json = json.loads((tmp_path / "a" / "run.json").read_text())
    run_json["detector_fingerprint"] = "something-else"  # as a baseline hashed with another key would record
    (tmp_path / "a" / "run.json").write_text(json.dumps(run_json))
    with pytest.raises(UsageError, match="cannot be reused"):
        run(estate, tmp_path / "b", detector, baseline=tmp_path / "a")
    assert not (tmp_path / "b").exists()  # refused before anything was written
