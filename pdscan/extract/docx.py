"""Word (.docx, .docm, .dotx; Strict OOXML too): body, tables, text boxes, headers and footers,
footnotes, endnotes, comments, comment and revision authors and document properties, read from the
package XML; embedded objects become child items."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._office import embedded_children, local, open_package, parse_part, people, people_segments, property_segments
from ._segments import lines_to_segments, table_segments

# Package part name -> segment field. The main document part is found by name; the rest by kind.
PARTS = [
    (re.compile(r"word/document\d*\.xml"), "body"),
    (re.compile(r"word/header\d*\.xml"), "header"),
    (re.compile(r"word/footer\d*\.xml"), "footer"),
    (re.compile(r"word/footnotes\.xml"), "footnote"),
    (re.compile(r"word/endnotes\.xml"), "endnote"),
    (re.compile(r"word/comments\w*\.xml"), "comment"),
]
# Inside a run: text, deleted text (still in the file), tabs and breaks.
RUN_TEXT = {"t": None, "delText": None, "tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
# Not content: alternate renderings (mc:Fallback repeats mc:Choice), field codes, drawing properties.
SKIP = {"Fallback", "instrText", "delInstrText", "rPr", "pPr", "sectPr", "tblPr", "trPr", "tcPr", "docPr"}


def _paragraph(p, boxes: list) -> str:
    """The text of one paragraph; text boxes met inside it are collected for separate paragraphs."""
    out: list[str] = []

    def walk(el) -> None:
        for child in el:
            name = local(child)
            if name in SKIP:
                continue
            if name == "txbxContent":
                boxes.append(child)
                continue
            if name in RUN_TEXT:
                out.append(child.text or "" if RUN_TEXT[name] is None else RUN_TEXT[name])
            else:
                walk(child)

    walk(p)
    return "".join(out)


def blocks(el) -> Iterator[tuple[str, object]]:
    """("p", text) for paragraphs and ("table", rows) for tables, in document order."""
    for child in el:
        name = local(child)
        if name in SKIP:
            continue
        if name == "p":
            boxes: list = []
            text = _paragraph(child, boxes)
            if text.strip():
                yield "p", text
            for box in boxes:
                yield from blocks(box)
        elif name == "tbl":
            yield "table", [[_cell_text(tc) for tc in tr if local(tc) in ("tc", "sdt")] for tr in child if local(tr) == "tr"]
        else:
            yield from blocks(child)


def _cell_text(tc) -> str:
    parts = []
    for kind, value in blocks(tc):
        parts.append(value if kind == "p" else " ".join("; ".join(r) for r in value))
    return " ".join(p.strip() for p in parts if p.strip())


def part_segments(root, field: str) -> Iterator[Segment]:
    prose: list[str] = []
    for kind, value in blocks(root):
        if kind == "p":
            prose.append(value)
            continue
        yield from lines_to_segments(prose, field=field)
        prose = []
        yield from table_segments(value, field="table" if field == "body" else f"{field}:table")
    yield from lines_to_segments(prose, field=field)


@extractor(["application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-word.document.macroEnabled.12",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template"])
def docx(item: Item, options) -> Iterator[Segment | Item]:
    with open_package(item) as zf:
        names = zf.namelist()
        authors: set[str] = set()
        for rx, field in PARTS:
            for name in sorted(n for n in names if rx.fullmatch(n)):
                root = parse_part(zf, name)
                authors |= people(root)
                yield from part_segments(root, field)
        yield from people_segments(authors)
        yield from property_segments(zf)
        yield from embedded_children(item, zf, lambda n: n.startswith("word/embeddings/"), options)
