"""TNEF (winmail.dat, application/ms-tnef): the body Outlook wrapped for non-Outlook readers, and its
attachments as child items."""
from __future__ import annotations

from typing import Iterator

from ..errors import MissingDependency
from ..model import Item, Segment
from ..plugins import extractor
from .email import body_segments, html_text
from .mail_items import attachment_item
from .rtf import rtf_text
from .text import decode


@extractor(["application/vnd.ms-tnef", "application/ms-tnef"])
def tnef(item: Item, options) -> Iterator[Segment | Item]:
    try:
        from tnefparse import TNEF
    except ImportError as e:
        raise MissingDependency('TNEF (winmail.dat) needs tnefparse: pip install "tnefparse>=1.4"') from e
    t = TNEF(item.read(), do_checksum=False)
    if t.body:
        text = t.body if isinstance(t.body, str) else decode(t.body)
    elif t.htmlbody:
        text = html_text(t.htmlbody)
    elif t.rtfbody:
        text = rtf_text(t.rtfbody)
    else:
        text = ""
    yield from body_segments(text)
    labels: set[str] = set()
    for n, att in enumerate(t.attachments, 1):
        name = att.long_filename() or att.name or None
        name = name.decode("latin-1") if isinstance(name, bytes) else name
        yield attachment_item(item, name, att.data if isinstance(att.data, bytes) else b"", labels, n, options)
