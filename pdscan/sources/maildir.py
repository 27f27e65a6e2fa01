"""A Maildir tree given as a source: cur/new/tmp folders, nested folders (`.Sent`, `foo/bar`), `:2,` flags.

Each message is read where it lies (the worker opens the file); only its header block is read here, to
name and date it. Files that are not messages (Dovecot indexes, `maildirfolder`, stray documents) are
scanned as ordinary files, so nothing in the tree is left out.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Iterator

from ..extract.email import HEADER_LIMIT, message_item
from ..extract.sniff import sniff
from ..model import ERROR, Item, ItemResult
from ..plugins import source
from ._export import export_item, export_path, head, read_export
from .files import file_item

MAILDIR_PARTS = ("cur", "new", "tmp")
MESSAGE_TYPES = ("message/rfc822", "application/mbox")  # a stray mbox-style From line still starts one message


def is_maildir(uri: str) -> bool:
    path = export_path(uri)
    return all(os.path.isdir(os.path.join(path, d)) for d in ("cur", "new"))


def _unique_name(filename: str) -> str:
    return filename.split(":2,", 1)[0]


def _walk(export: Item, root: str, folder: list[str], seen: dict[str, set[str]], options) -> Iterator[Item | ItemResult]:
    here = os.path.join(export.path, *root)
    try:
        entries = sorted(os.scandir(here), key=lambda e: e.name)
    except OSError as e:
        yield ItemResult(Item(uri=here, kind="folder", path=here), ERROR, f"list: {type(e).__name__}: {e.strerror or e}")
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                sub = folder if entry.name in MAILDIR_PARTS else [*folder, entry.name]
                yield from _walk(export, [*root, entry.name], sub, seen, options)
            elif entry.is_file(follow_symlinks=False):
                yield _entry_item(export, entry, root, folder, seen, options)
        except OSError as e:
            yield ItemResult(Item(uri=entry.path, kind="file", path=entry.path), ERROR, f"stat: {type(e).__name__}: {e.strerror or e}")


def _entry_item(export: Item, entry: os.DirEntry, root: list[str], folder: list[str], seen: dict[str, set[str]],
                options) -> Item:
    in_maildir = bool(root) and root[-1] in MAILDIR_PARTS
    block = head(entry.path, HEADER_LIMIT)
    if not in_maildir and sniff(block[:8192], entry.name) not in MESSAGE_TYPES:
        return file_item(entry.path, entry.stat(follow_symlinks=False))
    st = entry.stat(follow_symlinks=False)
    mtime = datetime.fromtimestamp(st.st_mtime, tz=timezone.utc)
    return message_item(export, folder, _unique_name(entry.name), block, seen.setdefault("/".join(folder), set()),
                        options, size=st.st_size, modified=mtime, path=entry.path, meta={"file": entry.name})


@source("maildir", claims=is_maildir, priority=10)
def scan_maildir(uri: str, options) -> Iterator[Item | ItemResult]:
    export = export_item(export_path(uri), "inode/directory").with_(size=None)
    yield from read_export(export, lambda: _walk(export, [], [], {}, options))
