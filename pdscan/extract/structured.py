"""JSON (also JSON Lines) and XML: every value as a `key: value` line, so the key gives context.

An object's scalar members share one line (`name: Kari; email: kari@example.no`), like a table row.
XML is parsed as a stream without fetching DTDs or expanding external entities.
"""
from __future__ import annotations

import json
from typing import Any, Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import cell_text, lines_to_segments
from .text import decode, plain_text


def json_lines(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        scalars = [f"{k}: {cell_text(v)}" for k, v in value.items()
                   if not isinstance(v, (dict, list)) and cell_text(v)]
        if scalars:
            yield "; ".join(scalars)
        for k, v in value.items():
            if isinstance(v, (dict, list)):
                yield from json_lines(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from json_lines(v, key)
    elif cell_text(value):
        yield f"{key}: {cell_text(value)}" if key else cell_text(value)


def _documents(text: str) -> Iterator[Any]:
    try:
        yield json.loads(text)
        return
    except json.JSONDecodeError:
        pass
    # JSON Lines: one document per line; a line that is not JSON makes the whole file plain text.
    docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    yield from docs


@extractor(["application/json", "application/x-ndjson", "application/ld+json"])
def json_document(item: Item, options) -> Iterator[Segment]:
    text = decode(item.read())
    try:
        docs = list(_documents(text))
    except json.JSONDecodeError:
        yield from plain_text(item, options)
        return
    yield from lines_to_segments((line for doc in docs for line in json_lines(doc)), field="body", prose=False)


def xml_lines(item: Item) -> Iterator[str]:
    from lxml import etree

    with item.open() as fh:
        for _, el in etree.iterparse(fh, events=("end",), resolve_entities=False, no_network=True,
                                     load_dtd=False, huge_tree=True, recover=False):
            if not isinstance(el.tag, str):  # comments and processing instructions
                continue
            tag = etree.QName(el).localname
            parts = [f"{etree.QName(a).localname}: {v.strip()}" for a, v in el.attrib.items() if v.strip()]
            text = (el.text or "").strip()
            if text and len(el) == 0:
                parts.insert(0, f"{tag}: {' '.join(text.split())}")
            elif text:
                parts.insert(0, " ".join(text.split()))
            tail = " ".join((el.tail or "").split())
            if parts:
                yield "; ".join(parts)
            if tail:
                yield tail
            el.clear(keep_tail=False)
            parent = el.getparent()  # None for the root, whose siblings (a leading comment) are not children
            while parent is not None and el.getprevious() is not None:  # drop finished siblings: memory stays flat
                del parent[0]


@extractor(["application/xml", "text/xml"])
def xml_document(item: Item, options) -> Iterator[Segment]:
    from lxml import etree

    try:
        segments = list(lines_to_segments(xml_lines(item), field="body", prose=False))
    except etree.XMLSyntaxError:
        # Text that merely starts with "<" (or broken XML): read it as text rather than lose it.
        segments = list(plain_text(item, options))
    yield from segments
