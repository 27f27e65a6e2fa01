"""OpenDocument text, spreadsheets and presentations (.odt, .ods, .odp, also .odg and templates):
paragraphs, tables (cells labelled with their header), notes, comments, headers and footers, text in
embedded ODF objects, document properties; embedded binary objects become child items. Encrypted
packages are unscannable."""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import Unscannable
from ..model import Item, Segment
from ..plugins import extractor
from ._office import embedded_children, local, parse_part, property_segments, read_zip
from ._segments import lines_to_segments, table_segments

ODF_TYPES = [f"application/vnd.oasis.opendocument.{kind}{suffix}"
             for kind in ("text", "spreadsheet", "presentation", "graphics") for suffix in ("", "-template")]
PARAGRAPHS = {"p", "h"}
# Containers met inside a paragraph whose text stands on its own (footnote bodies, comments, frames).
NESTED = {"note-body", "annotation", "frame", "text-box"}
SKIP = {"note-citation", "bookmark", "bookmark-start", "bookmark-end", "sequence-decls", "forms", "date"}
MAX_REPEAT = 100  # a repeated cell or row with content is written at most this often
OBJECT_FILE = re.compile(r"Object \d+")


def _paragraph(p, nested: list) -> str:
    out: list[str] = []

    def walk(el) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            name = local(child)
            if name in NESTED:
                nested.append(child)
            elif name == "s":
                out.append(" " * int(child.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1") or 1))
            elif name == "tab":
                out.append("\t")
            elif name == "line-break":
                out.append("\n")
            elif name not in SKIP:
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(p)
    return "".join(out)


def _repeat(el, attr: str) -> int:
    for k, v in el.attrib.items():
        if k.endswith("}" + attr):
            return max(1, int(v)) if v.isdigit() else 1
    return 1


def _cell_text(cell) -> str:
    return " ".join(t for kind, t in blocks(cell) if kind == "p" and t.strip())


def _rows(table) -> Iterator[list[str]]:
    for row in table.iter():
        if local(row) != "table-row":
            continue
        cells: list[str] = []
        pending = 0  # empty cells kept only when content follows them (sheets repeat empties to column 1024)
        for cell in row:
            if local(cell) not in ("table-cell", "covered-table-cell"):
                continue
            text, rep = _cell_text(cell), _repeat(cell, "number-columns-repeated")
            if not text:
                pending += rep
                continue
            cells.extend([""] * pending)
            pending = 0
            cells.extend([text] * min(rep, MAX_REPEAT))
        if cells:
            for _ in range(min(_repeat(row, "number-rows-repeated"), MAX_REPEAT)):
                yield cells


def blocks(el) -> Iterator[tuple[str, object]]:
    """("p", text) and ("table", (name, rows)) in document order."""
    for child in el:
        name = local(child)
        if name in PARAGRAPHS:
            nested: list = []
            text = _paragraph(child, nested)
            if text.strip():
                yield "p", text
            for box in nested:
                yield from blocks(box)
        elif name == "table":
            yield "table", (child.get("{urn:oasis:names:tc:opendocument:xmlns:table:1.0}name") or "", _rows(child))
        elif name in ("creator",):  # a comment's author
            if child.text and child.text.strip():
                yield "p", child.text
        elif name not in SKIP:
            yield from blocks(child)


def part_segments(root, field: str, sheets: bool) -> Iterator[Segment]:
    prose: list[str] = []
    for kind, value in blocks(root):
        if kind == "p":
            prose.append(value)
            continue
        yield from lines_to_segments(prose, field=field)
        prose = []
        name, rows = value
        yield from table_segments(rows, field=f"sheet:{name}" if sheets and name else "table")
    yield from lines_to_segments(prose, field=field)


def _check_not_encrypted(zf) -> None:
    names = zf.namelist()
    if "META-INF/manifest.xml" in names:
        manifest = zf.read("META-INF/manifest.xml")
        if b"encryption-data" in manifest or b"encrypted-package" in manifest:
            raise Unscannable("password-protected OpenDocument file (encrypted package)")
    if "encrypted-package" in names:
        raise Unscannable("password-protected OpenDocument file (encrypted package)")


@extractor(ODF_TYPES)
def odf(item: Item, options) -> Iterator[Segment | Item]:
    with item.open() as fh, read_zip(fh, "OpenDocument package") as zf:
        _check_not_encrypted(zf)
        names = zf.namelist()
        sheets = "spreadsheet" in (item.media_type or "")
        if "content.xml" in names:
            yield from part_segments(parse_part(zf, "content.xml"), "body", sheets)
        if "styles.xml" in names:
            masters = [el for el in parse_part(zf, "styles.xml").iter() if local(el) == "master-styles"]
            for master in masters:
                for el in master.iter():
                    if local(el) in ("header", "footer", "header-left", "footer-left", "header-first", "footer-first"):
                        yield from part_segments(el, local(el).split("-")[0], sheets=False)
        for name in sorted(n for n in names if re.fullmatch(r"Object \d+/content\.xml", n)):
            yield from part_segments(parse_part(zf, name), "object", sheets=False)
        yield from property_segments(zf)
        yield from embedded_children(item, zf, lambda n: bool(OBJECT_FILE.fullmatch(n)), options)
