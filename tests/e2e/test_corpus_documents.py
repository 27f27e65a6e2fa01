"""The shared document sets scanned in place: every file ends as a row with a status, no parser crash,
password-protected files are unscannable, files without a text layer are no_text, known content is read."""
from __future__ import annotations

import os
import re
from collections import Counter

import pytest

from pdscan.options import ScanOptions
from pdscan.run import worker
from pdscan.sources.files import walk
from tests.conftest import corpus_path
from tests.extract.helpers import NoDetector, item_for, text_of

pytestmark = pytest.mark.corpus

SETS = ("docs-tika", "docs-aleph", "docs-pdfplumber")
# Errors a damaged or unsupported file may rightly give: the parser's own complaint, never a Python bug.
EXPECTED_ERRORS = re.compile(r"^(damaged PDF: |damaged or truncated |damaged zip|truncated zip member|page \d+: |"
                             r"unreadable Excel workbook: )")
PYTHON_BUGS = re.compile(r"\b(AttributeError|TypeError|KeyError|IndexError|NameError|UnboundLocalError|"
                         r"AssertionError|RecursionError|ZeroDivisionError|ImportError)\b")
UNSCANNABLE = {
    "docs-tika": ["testWORD_protected_passtika.docx", "testEXCEL_protected_passtika.xlsx",
                  "testPPT_protected_passtika.pptx", "testODTEncrypted.odt", "test-documents.7z", "testACCESS.mdb"],
    "docs-aleph": ["password_protected.xls", "password_protected.xlsx", "encypted_by_libreoffice.odt",
                   "password-hunter2.pdf", "7z_password.7z", "test-documents.rar", "Books_be.mdb"],
    "docs-pdfplumber": ["password-example.pdf"],
}
NO_TEXT = {"docs-tika": ["testOCR.pdf"], "docs-aleph": ["greek.pdf"], "docs-pdfplumber": ["empty.pdf"]}


@pytest.fixture(scope="module")
def scanned() -> dict[str, tuple[str, str | None, str | None]]:
    """uri -> (status, message, media type) for every item in the three sets and inside their files."""
    out = {}
    options = ScanOptions(workers=1)
    for name in SETS:
        for it in walk(str(corpus_path(name))):
            result = worker.scan_one(it, options, NoDetector()) if not hasattr(it, "status") else None
            for row in (result.items if result else [it]):
                out[row.item.uri] = (row.status, row.message, row.item.media_type)
    statuses = Counter(s for s, _, _ in out.values())
    print("\nstatus    items\n" + "\n".join(f"{s:<9} {n}" for s, n in sorted(statuses.items())))
    for uri, (s, m, mt) in sorted(out.items()):
        if s != "ok":
            print(f"{s:<11} {os.path.relpath(uri, corpus_path())}  [{mt}]  {m}")
    return out


def test_every_file_has_exactly_one_row_with_a_status(scanned):
    for name in SETS:
        root = corpus_path(name)
        for f in sorted(os.listdir(root)):
            assert str(root / f) in scanned, f"{name}/{f} has no row"
    assert all(s in ("ok", "error", "unscannable", "no_text", "skipped") for s, _, _ in scanned.values())


def test_no_crashes_only_expected_error_categories(scanned):
    errors = {u: m for u, (s, m, _) in scanned.items() if s == "error"}
    bugs = {u: m for u, m in errors.items() if PYTHON_BUGS.search(m or "") or not EXPECTED_ERRORS.search(m or "")}
    assert not bugs, bugs


def test_every_file_gets_a_specific_media_type(scanned):
    for name in SETS:
        for f in os.listdir(corpus_path(name)):
            mt = scanned[str(corpus_path(name, f))][2]
            assert mt and mt != "application/octet-stream", f"{name}/{f}: {mt}"


@pytest.mark.parametrize("where,name", [(w, n) for w, names in UNSCANNABLE.items() for n in names])
def test_password_protected_and_unreadable_containers_are_unscannable(scanned, where, name):
    status, message, _ = scanned[str(corpus_path(where, name))]
    assert status == "unscannable", (name, status, message)


@pytest.mark.parametrize("where,name", [(w, n) for w, names in NO_TEXT.items() for n in names])
def test_files_without_a_text_layer_are_no_text(scanned, where, name):
    assert scanned[str(corpus_path(where, name))][0] == "no_text"


def test_images_inside_documents_and_testocr_docx_are_not_ok_text(scanned):
    ocr_docx = str(corpus_path("docs-tika", "testOCR.docx"))
    # The docx itself is read (properties), its picture is not OCRed and yields no text row of its own.
    assert scanned[ocr_docx][0] in ("ok", "no_text")


def test_chart_objects_that_are_not_workbooks_say_so(scanned):
    uri = f"{corpus_path('docs-tika', 'testMSChart-govdocs-428996.xlsx')}#xl/embeddings/oleObject1.bin"
    assert scanned[uri][:2] == ("error", "unreadable Excel workbook: XLRDError: Can't determine file's BIFF version")


def test_encrypted_zip_member_is_unscannable(scanned):
    uri = f"{corpus_path('docs-tika', 'testZipEncrypted.zip')}#encrypted.txt"
    assert scanned[uri][0] == "unscannable"


def test_known_content_is_extracted():
    staff = text_of(item_for(corpus_path("docs-aleph", "staff_list.xlsx")))
    for first, last in (("Karina", "Shedrofsky"), ("Jan", "Strozyk"), ("Eric", "Barrett")):
        assert f"first_name: {first}; last_name: {last}" in staff
    phones = text_of(item_for(corpus_path("docs-tika", "testPhoneNumberExtractor.odt")))
    assert "9498888888" in phones and "9497777777" in phones
    assert "Martin Thoma" in text_of(item_for(corpus_path("docs-pdfplumber", "issue-982-example.pdf")))


def _entities_by_file(store) -> dict[str, set[str]]:
    f = store.findings
    return {os.path.basename(u): set(f[f.uri == u].entity) for u in set(f.uri)}


def test_names_in_staff_list_are_found_by_the_engine(scan_paths):
    found = _entities_by_file(scan_paths(corpus_path("docs-aleph", "staff_list.xlsx")))
    assert "PERSON" in found.get("staff_list.xlsx", set()), found


def test_phone_numbers_in_tika_odt_are_found_by_the_engine(scan_paths):
    found = _entities_by_file(scan_paths(corpus_path("docs-tika", "testPhoneNumberExtractor.odt")))
    assert "PHONE_NUMBER" in found.get("testPhoneNumberExtractor.odt", set()), found
