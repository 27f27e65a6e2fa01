"""mbox files: split at their From_ lines in one streaming pass, one message item each.

The same splitter serves the mbox connector (an mbox given as a source: every message its own top-level
item, so a 10 GB mailbox streams) and this extractor (an mbox found on a share or in an archive: messages
are child items, bounded like archive members).
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from ..model import Item, Segment
from ..plugins import extractor
from .mail_items import message_item, within_limits
from .sniff import MBOX_FROM_LINE


CONTENT_LENGTH = re.compile(rb"content-length:[ \t]*(\d+)[ \t]*\r?$", re.I)


def is_separator(line: bytes, after_blank: bool) -> bool:
    """A From_ line opens a message only with the `From sender date` shape, at the file's start or after a
    blank line: "From what I recall..." in a body, quoted or not, stays body text."""
    return after_blank and MBOX_FROM_LINE.match(line) is not None


class _Message:
    """The lines of one message while it is read: held up to `max_size`, counted past it.

    A Content-Length header (mboxcl, mboxcl2: writers that do not quote From lines) lets a From_ line inside
    its body stay body text; when the body then does not end where the header said, the header was wrong
    and the message is split again at those lines.
    """

    def __init__(self, max_size: int):
        self.max_size = max_size
        self.lines: list[bytes] = []
        self.size = 0
        self.held = True
        self.in_headers = True
        self.length: int | None = None
        self.body = 0
        self.suppressed: list[int] = []  # indexes in `lines` of From_ lines kept as body on Content-Length's word

    def within_length(self) -> bool:
        return self.length is not None and not self.in_headers and self.body < self.length

    def add(self, line: bytes, suppressed: bool = False) -> None:
        if self.in_headers:
            if not line.strip():
                self.in_headers = False
            elif (m := CONTENT_LENGTH.match(line)):
                self.length = int(m.group(1))
        else:
            self.body += len(line)
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]  # mboxrd/mboxo quoting
        self.size += len(line)
        if self.size > self.max_size:
            self.held, self.lines, self.suppressed = False, [], []
        elif self.held:
            if suppressed:
                self.suppressed.append(len(self.lines))
            self.lines.append(line)

    def has_text(self) -> bool:
        return any(p.strip() for p in self.lines) or (not self.held and self.size > 0)

    def finish(self) -> Iterator[tuple[bytes | None, int]]:
        if not self.held:
            yield None, self.size
            return
        ends = [*self.suppressed, len(self.lines)]
        if self.suppressed and self.length is not None and self.length <= self.body <= self.length + 2:
            ends = [len(self.lines)]  # the header was right: those From lines are body text
        start = 0
        for end in ends:
            yield _joined(self.lines[start:end])
            start = end + 1  # the From_ line itself belongs to no message


def _joined(parts: list[bytes]) -> tuple[bytes, int]:
    raw = b"".join(parts)
    # The blank line before the next From line separates messages; it is not part of this one.
    if raw.endswith(b"\r\n"):
        raw = raw[:-2]
    elif raw.endswith(b"\n"):
        raw = raw[:-1]
    return raw, len(raw)


def split_mbox(fh: BinaryIO, max_size: int) -> Iterator[tuple[bytes | None, int]]:
    """(message bytes, size) per message; bytes are None for a message larger than `max_size`.

    Reads mboxo, mboxrd (`>From ` escapes undone), mboxcl/cl2 (Content-Length), LF or CRLF line ends, with
    or without a final newline. Text before the first From_ line is kept in case it is a message after all.
    Only one message is held in memory at a time.
    """
    msg, started, after_blank = _Message(max_size), False, True
    for line in fh:
        if is_separator(line, after_blank):
            if msg.within_length():
                msg.add(line, suppressed=True)
            else:
                if started or msg.has_text():
                    yield from msg.finish()
                msg, started = _Message(max_size), True
        else:
            msg.add(line)
        after_blank = not line.strip()
    if started or msg.has_text():
        yield from msg.finish()


def mbox_messages(export: Item, fh: BinaryIO, options, folder: list[str] | None = None) -> Iterator[Item]:
    """The messages of one mbox as items of `export`, in `folder` (a Thunderbird profile's mailboxes)."""
    seen: set[str] = set()
    for n, (raw, size) in enumerate(split_mbox(fh, options.max_file_size), 1):
        yield message_item(export, folder or [], str(n), raw, seen, options, size=size, meta={"index": n})


@extractor(["application/mbox"])
def mbox(item: Item, options) -> Iterator[Segment | Item]:
    with item.open() as fh:
        yield from within_limits(item, mbox_messages(item, fh, options), options, "messages")
