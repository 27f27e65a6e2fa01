"""mbox files: split on `From ` lines in one streaming pass, one message item each.

The same splitter serves the mbox connector (an mbox given as a source: every message its own top-level
item, so a 10 GB mailbox streams) and this extractor (an mbox found on a share or in an archive: messages
are child items, bounded like archive members).
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

from ..model import Item, Segment
from ..plugins import extractor
from .mail_items import message_item, within_limits


def split_mbox(fh: BinaryIO, max_size: int) -> Iterator[tuple[bytes | None, int]]:
    """(message bytes, size) per message; bytes are None for a message larger than `max_size`.

    Like Python's `mailbox.mbox`, any line starting with `From ` opens a message; mboxrd's `>From `
    escapes are undone. Only one message is held in memory at a time.
    """
    parts: list[bytes] | None = None
    size = 0
    started = False
    for line in fh:
        if line.startswith(b"From "):
            if started or (parts and any(p.strip() for p in parts)):
                yield _message(parts, size)
            parts, size, started = [], 0, True
            continue
        if parts is None:  # text before the first From line: kept in case it is a message after all
            parts = []
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]
        size += len(line)
        if size <= max_size:
            parts.append(line)
        elif parts:
            parts = []  # too large: keep counting, stop holding
    if started or (parts and any(p.strip() for p in parts)):
        yield _message(parts, size)


def _message(parts: list[bytes] | None, size: int) -> tuple[bytes | None, int]:
    if not parts and size:
        return None, size
    raw = b"".join(parts or [])
    # The blank line before the next From line separates messages; it is not part of this one.
    if raw.endswith(b"\r\n"):
        raw = raw[:-2]
    elif raw.endswith(b"\n"):
        raw = raw[:-1]
    return raw, len(raw)


def mbox_messages(export: Item, fh: BinaryIO, options) -> Iterator[Item]:
    seen: set[str] = set()
    for n, (raw, size) in enumerate(split_mbox(fh, options.max_file_size), 1):
        yield message_item(export, [], str(n), raw, seen, options, size=size, meta={"index": n})


@extractor(["application/mbox"])
def mbox(item: Item, options) -> Iterator[Segment | Item]:
    with item.open() as fh:
        yield from within_limits(item, mbox_messages(item, fh, options), options, "messages")
