"""Names are bytes: odd file names are carried losslessly into the store and never fail a scan or a report."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import pdscan
from pdscan.names import display, quote_name, uri_bytes, uri_path

PDSCAN = str(Path(sys.executable).with_name("pdscan"))
PLANTED = "kari.nordmann@example.no"


@given(st.binary(min_size=1, max_size=64).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_any_posix_name_round_trips_through_its_uri(raw):
    name = os.fsdecode(raw)
    uri = quote_name(name)
    uri.encode("utf-8")  # always writable as UTF-8
    assert uri_bytes(uri) == raw
    assert uri_path(uri) == name


def test_ordinary_names_are_unchanged_and_odd_ones_readable():
    assert quote_name("/share/Søknad 2026.docx") == "/share/Søknad 2026.docx"
    assert quote_name(os.fsdecode(b"caf\xe9.txt")) == "caf%E9.txt"
    assert quote_name("100%.txt") == "100%25.txt"
    assert display(quote_name("a\u202etxt.exe")) == "a\\u202etxt.exe"
    assert display(quote_name(os.fsdecode(b"caf\xe9"))) == "caf\\xe9"
    assert quote_name("\ud800x").encode("utf-8")  # a lone surrogate from a UTF-16 source


ODD_NAMES = [b"caf\xe9.txt", b"new\nline.txt", b"tab\tname.txt", "rtl\u202eeman.txt".encode(), b"a..b.txt",
             b"..txt", b"x" * 251 + b".txt", "NFC-\u00e5.txt".encode(), "NFD-a\u030a.txt".encode(), b"100%.txt"]


@pytest.fixture()
def odd_share(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    raw_share = os.fsencode(share)
    os.mkdir(raw_share + b"/dir\xff")
    paths = [raw_share + b"/" + n for n in ODD_NAMES] + [raw_share + b"/dir\xff/inner.txt"]
    for p in paths:
        with open(p, "w") as fh:
            fh.write(f"Kontakt: {PLANTED}\n")
    return share, paths


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_share_of_odd_names_scans_and_reports(odd_share, tmp_path, workers):
    share, paths = odd_share
    out = tmp_path / "out"
    scan = subprocess.run([PDSCAN, "scan", str(share), "-o", str(out), "-w", workers, "--no-ner", "--no-progress"],
                          capture_output=True, timeout=300)
    assert scan.returncode == 0, scan.stderr.decode(errors="replace")
    store = pdscan.load(out)
    files = store.items[store.items.kind == "file"]
    assert sorted(uri_bytes(u) for u in files.uri) == sorted(paths)
    assert set(files.status) == {"ok"}
    assert set(store.findings[store.findings.entity == "EMAIL_ADDRESS"].uri) == set(files.uri)
    texts = [scan.stdout, scan.stderr]
    for fmt in ("html", "md", "json", "csv"):
        rep = subprocess.run([PDSCAN, "report", str(out), "-o", str(tmp_path / f"r.{fmt}")], capture_output=True,
                             timeout=300)
        assert rep.returncode == 0, rep.stderr.decode(errors="replace")
        texts += [rep.stdout, rep.stderr, (tmp_path / f"r.{fmt}").read_bytes()]
    texts += [p.read_bytes() for p in out.rglob("*") if p.is_file()]
    assert not any(PLANTED.encode() in t for t in texts)


def test_links_and_special_files_are_listed_as_skipped_and_never_read(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(f"Hemmelig: {PLANTED}\n")
    share = tmp_path / "share"
    share.mkdir()
    (share / "plain.txt").write_text("nothing personal\n")
    os.symlink(outside, share / "link-out.txt")
    os.symlink(share / "loop", share / "loop")
    os.mkfifo(share / "pipe")
    out = tmp_path / "out"
    scan = subprocess.run([PDSCAN, "scan", str(share), "-o", str(out), "-w", "1", "--no-ner", "--no-progress"],
                          capture_output=True, timeout=120)
    assert scan.returncode == 0, scan.stderr.decode(errors="replace")
    store = pdscan.load(out)
    status = dict(zip(store.items.uri, store.items.status))
    assert status == {str(share / "plain.txt"): "ok", str(share / "link-out.txt"): "skipped", str(share / "loop"): "skipped",
                      str(share / "pipe"): "skipped"}
    assert store.findings.empty
