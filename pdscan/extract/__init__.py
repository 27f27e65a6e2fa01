"""Extractors: one module per format family, each registering itself with `@extractor(media_types=...)`.

`extract(item, options)` dispatches on the item's media type (sniffed from content by
`media_type_of`); an extractor yields Segments (text with its place) and child Items (attachments,
archive members, embedded objects).
"""
from __future__ import annotations

from typing import Iterator

from ..errors import Skipped
from ..model import Item, Segment
from ..plugins import extractors
from .sniff import sniff_item
from .unread import raise_unread


def media_type_of(item: Item) -> str:
    return item.media_type or sniff_item(item)


def extract(item: Item, options) -> Iterator[Segment | Item]:
    """`item.media_type` must be set (the pipeline sniffs first and records it)."""
    table = extractors()
    raise_unread(item)
    mt = item.media_type or "application/octet-stream"
    ex = table.get(mt) or table.get(mt.split("/")[0] + "/*")
    if ex is None:
        raise Skipped(f"no extractor for {mt}")
    yield from ex.fn(item, options)
