"""Shared by the OOXML and ODF extractors: opening their ZIP packages with a clear message when
damaged, reading XML parts by local names (so Strict OOXML, whose namespaces differ, reads the
same), document properties and authors, and embedded objects as child items."""
from __future__ import annotations

import posixpath
import re
import zipfile
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator

from ..errors import ItemProblem, Unscannable
from ..model import Item
from ._segments import lines_to_segments
from .mail_items import unique_label
from .sniff import OLE


@contextmanager
def open_package(item: Item) -> Iterator[zipfile.ZipFile]:
    """The item as a ZIP package; an OLE file under an OOXML name is an encrypted package."""
    with item.open() as fh:
        if fh.read(len(OLE)) == OLE:
            raise Unscannable("password-protected Office document (encrypted OOXML package)")
        fh.seek(0)
        with read_zip(fh, "Office package") as zf:
            yield zf


@contextmanager
def read_zip(fh, what: str) -> Iterator[zipfile.ZipFile]:
    """A ZipFile whose opening failure reads as what it is: a damaged or truncated file."""
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, EOFError) as e:
        raise ItemProblem(f"damaged or truncated {what}: {e}") from None
    with zf:
        yield zf


def parse_part(zf: zipfile.ZipFile, name: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=True)
    with zf.open(name) as fh:
        return etree.parse(fh, parser).getroot()


def local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def people(root) -> set[str]:
    """Names of the people a part records as authors: comment and revision authors (`w:author`),
    comment author lists (`<author>`, `<p:cmAuthor name>`), threaded-comment persons (`displayName`)."""
    found: set[str] = set()
    for el in root.iter():
        for key, value in el.attrib.items():
            if key.rsplit("}", 1)[-1] in ("author", "displayName") and value.strip():
                found.add(" ".join(value.split()))
        name = local(el)
        if name == "author" and (el.text or "").strip():
            found.add(" ".join(el.text.split()))
        if name in ("author", "cmAuthor") and (el.get("name") or "").strip():
            found.add(" ".join(el.get("name").split()))
    return found


def people_segments(names: set[str]) -> Iterator["Segment"]:
    return lines_to_segments((f"author: {n}" for n in sorted(names)), field="authors", prose=False)


def numbered(names: list[str], pattern: str) -> list[tuple[int, str]]:
    """Package parts matching `pattern` (one group: a number), in numeric order."""
    rx = re.compile(pattern)
    found = [(int(m.group(1) or 0), n) for n in names if (m := rx.fullmatch(n))]
    return sorted(found)


def embedded_children(item: Item, zf: zipfile.ZipFile, is_embedded: Callable[[str], bool],
                      options) -> Iterator[Item]:
    """Embedded files (a PDF in a Word file, a workbook in a slide) as child items, read through the
    same extractors; one over --max-file-size becomes a child the worker marks skipped."""
    seen: set[str] = set()  # a package may hold one part name twice; each keeps its own uri
    for n, info in enumerate(zf.infolist()):
        if info.is_dir() or not is_embedded(info.filename):
            continue
        suffix = unique_label(info.filename, seen, n)
        modified = datetime(*info.date_time, tzinfo=timezone.utc) if info.date_time[0] >= 1980 else None
        kw = dict(name=posixpath.basename(info.filename), size=info.file_size, modified=modified)
        if info.file_size > options.max_file_size:
            yield item.child(suffix, kind="embedded", **kw)
        else:
            yield item.child(suffix, kind="embedded", payload=zf.read(info), **kw)


# Document properties worth reading: authors, editors, company, titles, custom properties. Counters,
# application names and editing times are left out (never personal, only noise).
PROPERTY_PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml", "meta.xml")
PROPERTY_NOISE = {"Application", "AppVersion", "DocSecurity", "ScaleCrop", "LinksUpToDate", "SharedDoc",
                  "HyperlinksChanged", "TotalTime", "Pages", "Words", "Characters", "CharactersWithSpaces",
                  "Lines", "Paragraphs", "Slides", "Notes", "HiddenSlides", "MMClips", "PresentationFormat",
                  "Template", "revision", "generator", "editing-cycles", "editing-duration", "document-statistic",
                  "TitlesOfParts", "HeadingPairs", "vector", "lpstr", "variant", "i4"}


def property_segments(zf: zipfile.ZipFile) -> Iterator["Segment"]:
    return lines_to_segments(_property_lines(zf), field="properties", prose=False)


def _property_lines(zf: zipfile.ZipFile) -> Iterator[str]:
    names = set(zf.namelist())
    for part in PROPERTY_PARTS:
        if part not in names:
            continue
        for el in parse_part(zf, part).iter():
            name = local(el)
            if name in PROPERTY_NOISE or len(el) or not (el.text or "").strip():
                continue
            parent = el.getparent()
            label = (parent.get("name") if parent is not None and local(parent) == "property"
                     else el.get("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}name") or name)
            yield f"{label}: {' '.join(el.text.split())}"
