"""Excel workbooks (.xlsx, .xlsm; Strict OOXML too): every sheet's cells as labelled rows, streamed;
sheet headers and footers, cell comments and their authors, drawing text (text boxes, shapes),
document properties; embedded objects become child items."""
from __future__ import annotations

import html
import posixpath
import re
import warnings
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._office import (embedded_children, local, numbered, open_package, parse_part, people, people_segments,
                      property_segments)
from ._segments import lines_to_segments, table_segments

# Header and footer text carries codes: &L/&C/&R sections, &P page, &D date, &"font", &12 size, && an ampersand.
HF_SECTION = re.compile(r"&[LCR]")
HF_CODE = re.compile(r'&(?:"[^"]*"|\d+|[A-Za-z])')
HF_PART = re.compile(rb"<(?:\w+:)?(odd|even|first)(Header|Footer)\b[^>]*>([^<]*)</")  # text holds no raw "<": linear
HF_START, HF_END = re.compile(rb"<(?:\w+:)?headerFooter\b"), re.compile(rb"</(?:\w+:)?headerFooter>")
SIDE_PARTS = [(r"xl/comments(\d*)\.xml", "comment"), (r"xl/drawings/drawing(\d+)\.xml", "drawing"),
              (r"xl/threadedComments/threadedComment(\d*)\.xml", "comment")]


def _openpyxl_sheets(zf) -> Iterator[tuple[str, Iterator]]:
    import openpyxl

    # openpyxl reads rows from the zip lazily in read-only mode; data_only gives cached values, not formulas.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns about odd but harmless workbook properties
        wb = openpyxl.load_workbook(zf.fp, read_only=True, data_only=True, keep_links=False)
    try:
        for ws in wb.worksheets:
            # Stored dimensions can claim a million rows by 16,384 columns; read the cells actually there.
            ws.reset_dimensions()
            yield ws.title, ws.iter_rows(values_only=True)
    finally:
        wb.close()


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n - 1


def _xml_sheets(zf, names: list[str]) -> Iterator[tuple[str, Iterator]]:
    """The package XML read directly: for Strict OOXML, which openpyxl does not read (no number
    formats, so dates stay serial numbers)."""
    from lxml import etree

    strings = []
    if "xl/sharedStrings.xml" in names:
        strings = ["".join(t.text or "" for t in si.iter() if local(t) == "t")
                   for si in parse_part(zf, "xl/sharedStrings.xml") if local(si) == "si"]
    targets = {r.get("Id"): r.get("Target") for r in parse_part(zf, "xl/_rels/workbook.xml.rels")}

    def rows(part: str) -> Iterator[list]:
        with zf.open(part) as fh:
            for _, row in etree.iterparse(fh, events=("end",), tag="{*}row", resolve_entities=False, no_network=True):
                cells: list = []
                for c in row:
                    if local(c) != "c":
                        continue
                    col = _column(c.get("r", "")) if c.get("r") else len(cells)
                    kind = c.get("t")
                    if kind == "inlineStr":
                        value = "".join(t.text or "" for t in c.iter() if local(t) == "t")
                    else:
                        v = next((x.text for x in c if local(x) == "v"), None)
                        value = strings[int(v)] if kind == "s" and v is not None and v.isdigit() and int(v) < len(strings) else v
                    cells.extend([None] * (col - len(cells)))
                    cells.append(value)
                yield cells
                row.clear()

    for sheet in parse_part(zf, "xl/workbook.xml").iter():
        if local(sheet) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid)
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if part in names:
                yield sheet.get("name", part), rows(part)


def _side_text(zf, names: list[str]) -> Iterator[Segment]:
    authors: set[str] = set()
    for pattern, field in SIDE_PARTS:
        for _, name in numbered(names, pattern):
            root = parse_part(zf, name)
            authors |= people(root)
            paras = ["".join(t.text or "" for t in p.iter() if local(t) == "t")
                     for p in root.iter() if local(p) in ("p", "comment", "threadedComment")]
            yield from lines_to_segments([p for p in paras if p.strip()], field=field)
    for _, name in numbered(names, r"xl/persons/person(\d*)\.xml"):
        authors |= people(parse_part(zf, name))
    yield from people_segments(authors)


def _header_footer(zf, part: str) -> list[tuple[str, str]]:
    """(header|footer, text) of one sheet. The element sits at the end of the sheet part, so the part is
    scanned as bytes for it (memory stays flat) instead of being parsed a second time."""
    tail = b""
    with zf.open(part) as fh:
        while chunk := fh.read(1 << 20):
            tail = tail[-64:] + chunk
            start = HF_START.search(tail)
            if start:
                tail = tail[start.start():]
                while not HF_END.search(tail) and (chunk := fh.read(1 << 16)):
                    tail += chunk
                break
        else:
            return []
    out = []
    for _, kind, raw in HF_PART.findall(tail):
        sections = HF_SECTION.split(html.unescape(raw.decode("utf-8", errors="replace")).replace("&&", "\0"))
        text = "; ".join(" ".join(HF_CODE.sub(" ", x).split()) for x in sections if HF_CODE.sub("", x).strip())
        text = text.replace("\0", "&")
        if text:
            out.append((kind.decode().lower(), text))
    return out


@extractor(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-excel.sheet.macroEnabled.12",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template"])
def xlsx(item: Item, options) -> Iterator[Segment | Item]:
    with open_package(item) as zf:
        names = zf.namelist()
        strict = b"purl.oclc.org/ooxml" in zf.read("xl/workbook.xml")[:2000] if "xl/workbook.xml" in names else False
        for title, rows in (_xml_sheets(zf, names) if strict else _openpyxl_sheets(zf)):
            yield from table_segments(rows, field=f"sheet:{title}")
        for field in ("header", "footer"):
            lines = [text for _, part in numbered(names, r"xl/worksheets/sheet(\d+)\.xml")
                     for kind, text in _header_footer(zf, part) if kind == field]
            yield from lines_to_segments(dict.fromkeys(lines), field=field)
        yield from _side_text(zf, names)
        yield from property_segments(zf)
        yield from embedded_children(item, zf, lambda n: n.startswith("xl/embeddings/"), options)
