import gzip
import io
import tarfile
import zipfile

import pytest

from pdscan.errors import NoText, Unscannable
from pdscan.options import ScanOptions
from tests.conftest import corpus_path

from .helpers import item_for, payload_item, rows, run, text_of


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_members_are_child_items_and_nested_archives_recurse():
    inner = _zip({"contact.txt": b"Ring Kari Nordmann"})
    outer = payload_item(_zip({"docs/inner.zip": inner, "readme.md": b"# Hello"}), "outer.zip")
    found = rows(outer)
    assert found == {
        "mem://outer.zip": ("ok", None),
        "mem://outer.zip#docs/inner.zip": ("ok", None),
        "mem://outer.zip#docs/inner.zip/contact.txt": ("ok", None),
        "mem://outer.zip#readme.md": ("ok", None),
    }


def test_zip_bomb_member_is_a_skipped_row_and_the_rest_is_read():
    it = payload_item(_zip({"zeros.bin": b"\0" * (8 * 1024 * 1024), "names.txt": b"Ola Nordmann"}), "bomb.zip")
    found = rows(it, ScanOptions(workers=1, archive_ratio=100))
    status, message = found["mem://bomb.zip#zeros.bin"]
    assert status == "skipped" and "possible zip bomb" in message
    assert found["mem://bomb.zip#names.txt"] == ("ok", None)


def test_member_limit_and_size_limit_leave_rows_for_what_was_not_read():
    it = payload_item(_zip({f"f{i}.txt": f"line {i}".encode() for i in range(5)}), "many.zip")
    found = rows(it, ScanOptions(workers=1, archive_members=3))
    skipped = {u: m for u, (s, m) in found.items() if s == "skipped"}
    assert len(skipped) == 2 and all("--archive-members 3" in m for m in skipped.values())
    assert sum(1 for s, _ in found.values() if s == "ok") == 4  # the archive and three members
    big = payload_item(_zip({"big.txt": b"x" * 5000}), "big.zip")
    assert rows(big, ScanOptions(workers=1, max_file_size=1000))["mem://big.zip#big.txt"][0] == "skipped"


def test_archive_depth_stops_nesting():
    data = b"deep text"
    for level in range(4):
        data = _zip({f"level{level}.zip" if level else "deep.txt": data})
    found = rows(payload_item(data, "nest.zip"), ScanOptions(workers=1, archive_depth=2))
    assert any(s == "skipped" and "--archive-depth 2" in m for s, m in found.values())


def test_tar_gz_and_single_gzip():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        body = b"Kontakt: Per Hansen"
        info = tarfile.TarInfo("share/hr/per.txt")
        info.size = len(body)
        tf.addfile(info, io.BytesIO(body))
    found = rows(payload_item(buf.getvalue(), "backup.tar.gz"))
    assert found["mem://backup.tar.gz#share/hr/per.txt"] == ("ok", None)
    single = payload_item(gzip.compress(b"Kari Nordmann, 412 34 567"), "log.txt.gz")
    _, children = run(single)
    assert [c.name for c in children] == ["log.txt"]
    assert children[0].payload == b"Kari Nordmann, 412 34 567"


def test_truncated_tar_gz_keeps_the_members_before_the_damage():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for i, body in enumerate([b"Ola Nordmann", bytes(range(256)) * 4000]):
            info = tarfile.TarInfo(f"f{i}.txt")
            info.size = len(body)
            tf.addfile(info, io.BytesIO(body))
    data = buf.getvalue()
    found = rows(payload_item(data[: len(data) * 2 // 3], "cut.tar.gz"))
    assert found["mem://cut.tar.gz#f0.txt"] == ("ok", None)
    status, message = found["mem://cut.tar.gz#(rest of archive)"]
    assert status == "error" and message.startswith("damaged or truncated tar archive after 1 members")
    status, message = rows(payload_item(data[:40], "head.tar.gz"))["mem://head.tar.gz"]
    assert status == "error" and message.startswith("damaged or truncated compressed file: EOFError")


def test_gzip_bomb_is_refused_without_expanding_it():
    bomb = payload_item(gzip.compress(b"\0" * (20 * 1024 * 1024)), "zeros.gz")
    found = rows(bomb, ScanOptions(workers=1, archive_ratio=50))
    status, message = found["mem://zeros.gz#zeros"]
    assert status == "skipped" and "zip bomb" in message


def test_encrypted_zip_member_and_corrupt_zip_from_tika():
    it = item_for(corpus_path("docs-tika", "testZipEncrypted.zip"))
    found = rows(it)
    assert found[f"{it.uri}#encrypted.txt"] == ("unscannable", "password-protected zip member")
    assert found[f"{it.uri}#unencrypted.txt"] == ("ok", None)
    bad = item_for(corpus_path("docs-tika", "testZIP_corrupted_oom.zip"))
    found = rows(bad)
    assert found[f"{bad.uri}#(zip directory)"][0] == "error"
    assert found[f"{bad.uri}#hello.txt"] == ("error", "truncated zip member")  # it claims 2 GB in a 181-byte file


class _Unseekable(io.RawIOBase):
    """zipfile writes data descriptors (sizes after the data) when it cannot seek back."""

    def __init__(self):
        self.buf = io.BytesIO()

    def writable(self):
        return True

    def write(self, b):
        return self.buf.write(b)


def test_truncated_zip_members_are_recovered_from_local_headers():
    data = _zip({"a.txt": b"Ola Nordmann, 412 34 567", "b.txt": b"Kari " * 5000})
    cut = payload_item(data[: data.index(b"PK\x03\x04", 1) + 60], "cut.zip")  # a copy that stopped half-way
    found = rows(cut)
    assert found["mem://cut.zip"] == ("ok", None)
    assert found["mem://cut.zip#(zip directory)"][1].startswith("damaged or truncated zip archive:")
    assert found["mem://cut.zip#a.txt"] == ("ok", None)
    assert found["mem://cut.zip#b.txt"] == ("error", "truncated zip member")


def test_streamed_zip_without_directory_is_read_through_its_data_descriptors():
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("one.txt", b"first member " * 100)
        zf.writestr("two.txt", b"Per Hansen")
    whole = sink.buf.getvalue()
    it = payload_item(whole[: whole.index(b"PK\x01\x02")], "stream.zip")
    _, children = run(it)
    by_name = {c.name: c for c in children}
    assert by_name["one.txt"].payload == b"first member " * 100
    assert by_name["two.txt"].payload == b"Per Hansen"


def test_zip_with_a_wrong_directory_from_tika_reads_every_member():
    it = item_for(corpus_path("docs-tika", "testZip_with_DataDescriptor.zip"))
    found = rows(it)
    assert [found[f"{it.uri}#en{i}"][0] for i in range(5)] == ["ok"] * 5
    assert "directory points at the wrong places" in found[f"{it.uri}#(zip directory)"][1]


def test_not_a_zip_at_all_is_an_error_row():
    it = payload_item(b"PK\x03\x04" + b"\xff" * 10, "junk.zip")
    status, message = rows(it)[it.uri]
    assert status == "error" and message.startswith("damaged or truncated zip archive:")


@pytest.mark.parametrize("name", ["test-documents.7z"])
def test_7z_is_unscannable_with_reason(name):
    with pytest.raises(Unscannable, match="7-Zip"):
        run(item_for(corpus_path("docs-tika", name)))


def test_pdf_text_layer_and_page_limit():
    it = item_for(corpus_path("docs-aleph", "twopage.pdf"))
    assert "Page one" in text_of(it) and "Page two" in text_of(it)
    found = rows(it, ScanOptions(workers=1, pdf_pages=1))
    assert found[f"{it.uri}#pages/2-2"] == ("skipped", "pages 2-2 not read (--pdf-pages 1)")
    assert "Page two" not in text_of(it, ScanOptions(workers=1, pdf_pages=1))


def test_truncated_pdf_is_an_error_row_that_says_so():
    data = corpus_path("docs-pdfplumber", "scotus-transcript-p1.pdf").read_bytes()
    status, message = rows(payload_item(data[: len(data) // 2], "cut.pdf"))["mem://cut.pdf"]
    assert status == "error" and message.startswith("damaged or truncated PDF:")


def test_pdf_attachments_are_children():
    _, children = run(item_for(corpus_path("docs-tika", "testPDFPackage.pdf")))
    assert sorted(c.name for c in children) == ["PDF1.pdf", "PDF2.pdf"]
    _, children = run(item_for(corpus_path("docs-tika", "testPDFFileEmbInAnnotation.pdf")))
    assert [c.name for c in children] == ["Excel.xlsx"]


def test_pdf_password_scan_and_owner_only_protection():
    with pytest.raises(Unscannable, match="password-protected PDF"):
        run(item_for(corpus_path("docs-pdfplumber", "password-example.pdf")))
    with pytest.raises(NoText, match="without a text layer"):
        run(item_for(corpus_path("docs-tika", "testOCR.pdf")))
    # Only an owner password (no restriction on opening): readable, so read.
    assert "RETHINKING THE FINANCIAL NETWORK" in text_of(item_for(corpus_path("docs-tika", "testPDF_protected.pdf")))


def test_image_and_empty_file_have_no_text(tmp_path):
    png = payload_item(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.png")
    with pytest.raises(NoText, match="OCR not enabled"):
        run(png)
    (tmp_path / "empty.docx").write_bytes(b"")
    with pytest.raises(NoText, match="empty file"):
        run(item_for(tmp_path / "empty.docx"))
