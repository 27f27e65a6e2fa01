"""Inputs the fuzzer found that crashed or hung an extractor, kept as plain regression tests (each names the bug)."""
from __future__ import annotations

import struct
import time
import warnings

import pytest

from pdscan.options import ScanOptions
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


def _pdf(*objects: bytes) -> bytes:
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return bytes(out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


@pytest.mark.timeout(120, method="thread")  # before the fix PDFium never returned, and signals wait for it
def test_a_pdf_whose_form_xobject_draws_itself_twice_is_an_error_row_in_bounded_time():
    # PDFium redraws a form at every use, deep into the nest, inside one C call: two self-uses hung the worker
    # for good (--item-timeout's SIGALRM is only handled once the call returns).
    resources = b"/Resources << /XObject << /X 5 0 R >> /Font << /F1 6 0 R >> >>"
    data = _pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R %s >>" % resources,
                _stream(b"/X Do BT /F1 1 Tf (hello) Tj ET"),
                _stream(b"/X Do /X Do BT /F1 1 Tf (a) Tj ET",
                        b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] " + resources),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    item = payload_item(data, "loop.pdf")
    t0 = time.monotonic()
    got = rows(item, ScanOptions(workers=1, item_timeout=5))
    assert time.monotonic() - t0 < 10
    assert got[item.uri] == ("ok", None)
    status, message = got[f"{item.uri}#pages/1"]
    assert status == "error" and "cycle" in message


def test_a_dbf_claiming_four_billion_records_of_length_zero_ends_at_once():
    # Reading zero-byte records never reached the end of the file: a loop of 2**32 iterations.
    header = struct.pack("<BBBBIHH20x", 3, 125, 6, 2, 0xFFFFFFFF, 65, 0)
    data = header + struct.pack("<11sc4xB15x", b"NAME", b"C", 20) + b"\x0d" + b" Kari Nordmann".ljust(21)
    t0 = time.monotonic()
    assert rows(payload_item(data, "staff.dbf"))["mem://staff.dbf"][0] in ("ok", "no_text")
    assert time.monotonic() - t0 < 5


def test_header_footer_search_is_linear_in_the_sheet():
    # `(.*?)</` tried every unclosed `<oddHeader>` against the rest of the part: quadratic, minutes on a few MB.
    from pdscan.extract.xlsx import HF_PART

    t0 = time.monotonic()
    HF_PART.findall(b"<headerFooter>" + b"<oddHeader>" * 200_000)
    assert time.monotonic() - t0 < 2


def test_a_damaged_zip_member_message_does_not_quote_the_file():
    # zipfile's "name in directory and header differ" quotes the header bytes, content included, into the row.
    from tests.fuzz.mutations import central_directory_field
    from tests.fuzz.test_extractors import SEEDS

    data = central_directory_field((SEEDS / "bundle.zip").read_bytes(), 2, 28, 0x200)
    for status, message in rows(payload_item(data, "bundle.zip")).values():
        assert "kari.nordmann@example.no" not in (message or "") and "412 34 567" not in (message or "")
