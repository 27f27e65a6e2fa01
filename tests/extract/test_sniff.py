import io
import zipfile

import pytest

from pdscan.extract.sniff import sniff

from .helpers import payload_item


@pytest.mark.parametrize("head,name,expected", [
    (b"%PDF-1.7\n", "x.bin", "application/pdf"),
    (b"{\\rtf1\\ansi", None, "application/rtf"),
    (b"\x89PNG\r\n\x1a\n....", "scan.pdf", "image/png"),
    (b"<!-- licence -->\n<html><body><p>Hi</p></body></html>", "page.txt", "text/html"),
    (b'<div class="x"><style>p{}</style></div>', "resume.html", "text/html"),
    (b'<?xml version="1.0"?><note><to>Ola</to></note>', None, "application/xml"),
    (b'{"name": "Kari"}', "data.txt", "application/json"),
    (b"a,b\n1,2\n", "list.csv", "text/csv"),
    (b"plain words", "notes.csv.txt", "text/plain"),
    (b"navn;telefon\nOla;412 34 567\nKari;22 33 44 55\n", "export.txt", "text/csv"),
    (b"name\tmail\nOla\to@x.no\nKari\tk@x.no\n", "export.dat", "text/tab-separated-values"),
    (b"a,b,c\n1,2,3\n4,5,6\n", None, "text/csv"),
    (b"Dear Ola, thanks.\nSee you, Kari\nBye, all\n", "letter.txt", "text/plain"),
    (b"", "empty.pdf", "application/x-empty"),
])
def test_sniff_from_content(head, name, expected):
    assert sniff(head, name) == expected


def _zip(members: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if stored_first:
            zf.writestr(zipfile.ZipInfo(stored_first), members.pop(stored_first), compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_odf_type_from_mimetype_member_not_extension():
    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}, "mimetype")
    assert payload_item(data, "renamed.zip").media_type == "application/vnd.oasis.opendocument.spreadsheet"


def test_ooxml_type_from_parts_even_when_named_zip():
    filler = {f"customXml/item{i}.xml": b"<x>" + b"y" * 5000 + b"</x>" for i in range(3)}
    data = _zip({"[Content_Types].xml": b"<Types/>", **filler, "word/document.xml": b"<w/>"})
    assert payload_item(data, "archive.zip").media_type.endswith("wordprocessingml.document")


def test_ole_type_from_streams(tmp_path):
    from tests.conftest import corpus_path

    doc = corpus_path("docs-tika", "testWORD.doc").read_bytes()
    assert payload_item(doc, "no-extension").media_type == "application/msword"
    protected = corpus_path("docs-tika", "testWORD_protected_passtika.docx").read_bytes()
    assert payload_item(protected, "x.docx").media_type == "application/x-ooxml-encrypted"
