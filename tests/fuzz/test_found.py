"""Inputs the fuzzer found that crashed or hung an extractor, kept as plain regression tests (each names the bug)."""
from __future__ import annotations

import warnings

from tests.extract.helpers import payload_item, rows, text_of


def test_xml_with_a_comment_before_the_root_is_read():
    # The streaming XML reader deleted the root's "previous sibling" through its parent, which the root lacks.
    item = payload_item(b'<?xml version="1.0"?><!-- export --><staff><name>Kari Nordmann</name></staff>', "staff.xml")
    assert rows(item) == {item.uri: ("ok", None)}
    assert "name: Kari Nordmann" in text_of(item)


def test_a_name_twice_in_a_zip_gives_two_members_with_their_own_uris():
    # zipfile keeps both entries of a duplicated name; both became rows under one uri (one item lost in the store).
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate: the point of the test
        zf.writestr("staff.csv", "Name,Phone\nKari,412 34 567\n")
        zf.writestr("staff.csv", "")
    item = payload_item(buf.getvalue(), "bundle.zip")
    assert rows(item) == {item.uri: ("ok", None), f"{item.uri}#staff.csv": ("ok", None),
                          f"{item.uri}#staff.csv~1": ("no_text", "empty file")}


def test_a_name_twice_in_a_tar_gives_two_members_with_their_own_uris():
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for data in (b"version one\n", b"version two\n"):
            info = tarfile.TarInfo("notes.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    item = payload_item(buf.getvalue(), "bundle.tar")
    assert set(rows(item)) == {item.uri, f"{item.uri}#notes.txt", f"{item.uri}#notes.txt~1"}
