"""What the mail connectors share: an export's first bytes and its item, and its own row after its messages."""
from __future__ import annotations

from typing import Callable, Iterator

from ..extract.mail_items import describe
from ..model import ERROR, OK, Item, ItemResult, open_readonly
from .files import file_item


def head(path: str, n: int = 8192) -> bytes:
    try:
        with open_readonly(path) as fh:
            return fh.read(n)
    except OSError:
        return b""


def export_item(path: str, media_type: str | None) -> Item:
    return file_item(path).with_(kind="mailbox", media_type=media_type)


def read_export(export: Item, messages: Callable[[], Iterator[Item | ItemResult]],
                note: Callable[[], str | None] = lambda: None) -> Iterator[Item | ItemResult]:
    """The export's messages, then the export's own row: ok, or the error that stopped the reading.

    A failure part-way (a truncated or corrupt export) ends the export with an error row that says how
    many messages were read; the messages before it stay in the scan.
    """
    count = 0
    try:
        for it in messages():
            count += isinstance(it, Item)
            yield it
    except Exception as e:  # a broken export is this export's error, never the scan's
        yield ItemResult(export, ERROR, f"read: {describe(e)} (after {count} messages)")
        return
    yield ItemResult(export, OK, note())
