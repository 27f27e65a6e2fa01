"""PDF: the text layer page by page (PDFium), form field values, properties, and embedded files
(document-level attachments and file-attachment annotations, found with pypdf) as child items.
A PDF that needs a password to open is unscannable; one without any text layer (a scan) has no
text until OCR exists."""
from __future__ import annotations

import logging
import re
from typing import Iterator

from ..errors import ItemProblem, NoText, Unscannable
from ..model import Item, Segment
from ..plugins import extractor
from ..store.masking import describe_exception
from ._segments import SEGMENT_CHARS, cell_text, lines_to_segments
from .unread import unread_child

PDF_PROPERTIES = ("/Author", "/Title", "/Subject", "/Keywords")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # PDFium marks soft hyphens and glyphs without Unicode
DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")  # a content stream drawing a named XObject
# Form XObjects PDFium may draw for one page. It draws a form again at each use, deep into nests, inside one C
# call that the item time limit (a signal) cannot interrupt: two forms drawing each other hang the worker.
FORM_DRAWS = 10_000


def _open(item: Item, fh):
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(fh, strict=False)
    except PyPdfError as e:
        raise ItemProblem(f"damaged or truncated PDF: {describe_exception(e)}") from None
    if reader.is_encrypted:
        # Most "protected" PDFs only restrict printing or copying: they open with the empty user password.
        try:
            if not reader.decrypt(""):
                raise Unscannable("password-protected PDF (needs a user password to open)")
        except (FileNotDecryptedError, NotImplementedError) as e:
            raise Unscannable(f"password-protected PDF ({describe_exception(e)})") from None
    return reader


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _form_draws(page) -> float:
    """How many form XObjects drawing the page takes (stops counting past FORM_DRAWS; a cycle is infinite)."""
    done: dict = {}

    def draws(content: bytes, resources, path: tuple) -> float:
        xobjects = (resources or {}).get("/XObject") or {}
        total = 0.0
        for name in DO.findall(content):
            ref = xobjects.get("/" + name.decode("latin-1"))
            form = ref.get_object() if ref is not None else None
            if form is None or form.get("/Subtype") != "/Form":
                continue
            key = getattr(ref, "idnum", id(form))
            if key in path:
                return float("inf")
            if key not in done:
                done[key] = draws(form.get_data(), form.get("/Resources") or resources, path + (key,))
            total += 1 + done[key]
            if total > FORM_DRAWS:
                break
        return total

    contents = page.get_contents()
    return draws(contents.get_data() if contents is not None else b"", page.get("/Resources"), ())


def _drawable(reader, number: int) -> str | None:
    """Why PDFium must not read this page (too many or cyclic form XObjects), or None. What pypdf cannot
    parse is left to PDFium, which reads damaged files better."""
    try:
        draws = _form_draws(reader.pages[number - 1])
    except Exception:
        return None
    if draws == float("inf"):
        return "its form XObjects draw each other in a cycle (not read: it would never finish)"
    return f"it draws more than {FORM_DRAWS} form XObjects (not read)" if draws > FORM_DRAWS else None


def _page_segments(item: Item, fh, limit: int, reader=None) -> Iterator[Segment | Item]:
    """Text of the first `limit` pages (PDFium: an order of magnitude faster than pypdf's text layer),
    in segments of about SEGMENT_CHARS; a page that fails to parse becomes an error row of its own
    and the other pages are still read."""
    import pypdfium2 as pdfium

    fh.seek(0)
    try:
        doc = pdfium.PdfDocument(item.payload if item.payload is not None else fh)
    except pdfium.PdfiumError as e:
        raise ItemProblem(f"damaged PDF: {describe_exception(e)}") from None
    try:
        count = len(doc)
        buf: list[str] = []
        size, first = 0, 1
        for number in range(1, min(limit, count) + 1):
            refused = _drawable(reader, number) if reader is not None and number <= len(reader.pages) else None
            if refused:
                yield unread_child(item, f"pages/{number}", "error", f"page {number}: {refused}", kind="page")
                continue
            try:
                page = doc[number - 1]
                try:
                    text = _page_text(page)
                finally:
                    page.close()
            except Exception as e:  # one damaged page must not lose the document
                yield unread_child(item, f"pages/{number}", "error", f"page {number}: {describe_exception(e)}",
                                   kind="page")
                continue
            if not text:
                continue
            if buf and size + len(text) > SEGMENT_CHARS:
                yield from lines_to_segments(buf, field=f"pages:{first}-{number - 1}")
                buf, size = [], 0
            if not buf:
                first = number
            buf.append(text)
            size += len(text)
        if buf:
            yield from lines_to_segments(buf, field=f"pages:{first}-{min(limit, count)}")
    finally:
        doc.close()


def _attachments(item: Item, reader) -> Iterator[Item]:
    seen: set[str] = set()
    for name, contents in (reader.attachments or {}).items():
        for i, data in enumerate(contents):
            key = name if i == 0 else f"{name}.{i}"
            seen.add(key)
            yield item.child(f"attachments/{key}", kind="attachment", name=name, size=len(data), payload=data)
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/FileAttachment" or "/FS" not in annot:
                continue
            spec = annot["/FS"].get_object()
            name = str(spec.get("/UF") or spec.get("/F") or f"page{number}-attachment")
            ef = spec.get("/EF")
            stream = (ef.get("/F") or ef.get("/UF")) if ef else None
            if stream is None or name in seen:
                continue
            seen.add(name)
            data = stream.get_object().get_data()
            yield item.child(f"attachments/{name}", kind="attachment", name=name, size=len(data), payload=data)


def _property_lines(reader) -> list[str]:
    try:
        meta = reader.metadata or {}
    except Exception:  # a damaged Info dictionary only costs the properties
        return []
    return [f"{key[1:]}: {cell_text(meta.get(key))}" for key in PDF_PROPERTIES if cell_text(meta.get(key))]


def _form_lines(reader) -> list[str]:
    try:
        fields = reader.get_fields() or {}
    except Exception:  # malformed AcroForm trees are common; the page text is still read
        return []
    return [f"{name}: {cell_text(f.get('/V'))}" for name, f in fields.items() if cell_text(f.get("/V"))]


@extractor(["application/pdf"])
def pdf(item: Item, options) -> Iterator[Segment | Item]:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # structure warnings are noise, never content
    with item.open() as fh:
        reader = _open(item, fh)
        found = False
        for out in _page_segments(item, fh, options.pdf_pages, reader):
            found = True  # text, or a page's error row: either way not a document without text
            yield out
        for seg in lines_to_segments(_form_lines(reader), field="form", prose=False):
            found = True
            yield seg
        # Metadata names authors, but alone it does not make a scanned PDF "read": it never sets `found`.
        yield from lines_to_segments(_property_lines(reader), field="properties", prose=False)
        pages = len(reader.pages)
        if pages > options.pdf_pages:
            found = True
            yield unread_child(item, f"pages/{options.pdf_pages + 1}-{pages}", "skipped",
                               f"pages {options.pdf_pages + 1}-{pages} not read (--pdf-pages {options.pdf_pages})")
        try:
            attachments = list(_attachments(item, reader))
        except Exception as e:  # a broken name tree or annotation: say so, keep the text
            attachments = [unread_child(item, "attachments", "error",
                                        f"attachments could not be listed: {describe_exception(e)}", kind="attachment")]
        found = found or bool(attachments)
        yield from attachments
        if not found:
            raise NoText("PDF without a text layer (scanned image?; OCR not enabled)")
