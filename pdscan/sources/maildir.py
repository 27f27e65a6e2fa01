"""A Maildir tree given as a source: cur/new/tmp folders, nested folders (`.Sent`, `foo/bar`), `:2,` flags.

Each message is read where it lies (the worker opens the file); only its header block is read here, to
name and date it. Files outside cur/new/tmp are messages when their content says so (notmuch keeps some
there); the rest (Dovecot indexes, `maildirfolder`, stray documents) are scanned as ordinary files, so
nothing in the tree is left out.
"""
from __future__ import annotations

import os
from typing import Iterator

from ..extract.mail_items import HEADER_LIMIT, message_item
from ..extract.sniff import sniff
from ..model import Item, ItemResult
from ..plugins import source
from ._export import export_item, head, read_export
from .files import local_path, walk

MAILDIR_PARTS = ("cur", "new", "tmp")
MESSAGE_TYPES = ("message/rfc822", "application/mbox")  # a stray mbox-style From line still starts one message


def is_maildir(uri: str) -> bool:
    path = local_path(uri)
    return all(os.path.isdir(os.path.join(path, d)) for d in ("cur", "new"))


def _items(export: Item, options) -> Iterator[Item | ItemResult]:
    seen: dict[str, set[str]] = {}
    for it in walk(export.path):
        if not isinstance(it, Item):
            yield it
            continue
        *dirs, filename = os.path.relpath(it.path, export.path).split(os.sep)
        block = head(it.path, HEADER_LIMIT)
        if not (dirs and dirs[-1] in MAILDIR_PARTS) and sniff(block[:8192], filename) not in MESSAGE_TYPES:
            yield it
            continue
        folder = [d for d in dirs if d not in MAILDIR_PARTS]
        unique = filename.split(":2,", 1)[0]  # the name without its flags
        yield message_item(export, folder, unique, block, seen.setdefault("/".join(folder), set()), options,
                           size=it.size, modified=it.modified, path=it.path, meta={"file": filename})


@source("maildir", claims=is_maildir, priority=10)
def scan_maildir(uri: str, options) -> Iterator[Item | ItemResult]:
    export = export_item(local_path(uri), "inode/directory").with_(size=None)
    yield from read_export(export, lambda: _items(export, options))
