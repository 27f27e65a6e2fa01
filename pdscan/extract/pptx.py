"""PowerPoint (.pptx, .pptm, .ppsx): slide text and tables in slide order, speaker notes, comments
and their authors, document properties; embedded objects become child items."""
from __future__ import annotations

from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._office import (embedded_children, local, numbered, open_package, parse_part, people, people_segments,
                      property_segments)
from ._segments import lines_to_segments, table_segments

# Package parts with text, in reading order: (pattern with the slide number as group 1, field prefix).
PARTS = [(r"ppt/slides/slide(\d+)\.xml", "slide"), (r"ppt/notesSlides/notesSlide(\d+)\.xml", "notes"),
         (r"ppt/comments/(?:modernComment_\w+|comment)(\d*)\.xml", "comment")]


def _paragraph(p) -> str:
    return "".join(("\n" if local(el) == "br" else el.text or "") for el in p.iter() if local(el) in ("t", "br"))


def _shapes(el, field: str) -> Iterator[Segment]:
    prose: list[str] = []
    for child in el.iter():
        name = local(child)
        if name == "tbl":
            rows = [[" ".join(_paragraph(p) for p in tc.iter() if local(p) == "p") for tc in tr if local(tc) == "tc"]
                    for tr in child if local(tr) == "tr"]
            yield from table_segments(rows, field=f"{field}:table")
        elif name in ("p", "text") and not any(local(a) == "tbl" for a in child.iterancestors()):
            text = _paragraph(child) if name == "p" else (child.text or "")
            if text.strip():
                prose.append(text)
    yield from lines_to_segments(prose, field=field)


@extractor(["application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
            "application/vnd.openxmlformats-officedocument.presentationml.slideshow"])
def pptx(item: Item, options) -> Iterator[Segment | Item]:
    with open_package(item) as zf:
        names = zf.namelist()
        for pattern, prefix in PARTS:
            for number, name in numbered(names, pattern):
                yield from _shapes(parse_part(zf, name), f"{prefix}:{number}" if number else prefix)
        authors: set[str] = set()
        for name in ("ppt/commentAuthors.xml", "ppt/authors.xml"):
            if name in names:
                authors |= people(parse_part(zf, name))
        yield from people_segments(authors)
        yield from property_segments(zf)
        yield from embedded_children(item, zf, lambda n: n.startswith("ppt/embeddings/"), options)
