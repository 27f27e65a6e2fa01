"""MH mail folders given as a source, or found on a share (nmh, Claws Mail, Sylpheed, Python's mailbox.MH):
one message per numbered file (`1`, `2`, ...) beside `.mh_sequences`, sub-folders as directories.

Messages removed with nmh's `rmm` (`,12`, `#12`) are still on disk, so they are still messages, marked
deleted. The sequences a message is in (`unseen`, `flagged`...) go to its meta. Every other file of the tree
(Claws' header caches among them) is scanned as an ordinary file.
"""
from __future__ import annotations

import os
import re
from typing import Iterator

from ..extract.mail_items import HEADER_LIMIT, message_item
from ..extract.sniff import sniff
from ..model import Item, ItemResult, open_readonly
from ..plugins import source
from ._export import export_item, head, read_export
from .files import local_path, walk
from .maildir import MESSAGE_TYPES

MESSAGE_NAME = re.compile(r"([,#]?)(\d+)")
SEQUENCES = ".mh_sequences"
RANGE = re.compile(r"(\d+)(?:-(\d+))?")
# Files only MH-style clients leave in a folder they own.
MARKERS = (SEQUENCES, ".claws_mark", ".claws_cache", ".sylpheed_mark", ".sylpheed_cache")


def _is_message(name: str, block: bytes) -> bool:
    return MESSAGE_NAME.fullmatch(name) is not None and sniff(block[:8192], name) in MESSAGE_TYPES


def is_mh(uri: str) -> bool:
    """A folder with an MH client's marker file, or whose first numbered file is mail (copied without them)."""
    path = local_path(uri)
    try:
        if not os.path.isdir(path):
            return False
        if any(os.path.isfile(os.path.join(path, m)) for m in MARKERS):
            return True
        with os.scandir(path) as entries:
            first = next((e for e in entries if MESSAGE_NAME.fullmatch(e.name) and e.is_file(follow_symlinks=False)), None)
        return first is not None and _is_message(first.name, head(first.path))
    except OSError:  # an unreadable folder is the files connector's error row
        return False


def sequences(folder: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """`.mh_sequences` as (name, ranges): `unseen: 1-3 7` is ("unseen", [(1, 3), (7, 7)])."""
    try:
        with open_readonly(os.path.join(folder, SEQUENCES)) as fh:
            lines = fh.read(HEADER_LIMIT).decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        name, sep, numbers = line.partition(":")
        if sep and name.strip():
            spans = (RANGE.fullmatch(r) for r in numbers.split())
            out.append((name.strip(), [(int(m[1]), int(m[2] or m[1])) for m in spans if m]))
    return out


def _items(export: Item, options) -> Iterator[Item | ItemResult]:
    seen: dict[str, set[str]] = {}
    folders: dict[str, list] = {}
    for it in walk(export.path):
        if not isinstance(it, Item):
            yield it
            continue
        *dirs, filename = os.path.relpath(it.path, export.path).split(os.sep)
        block = head(it.path, HEADER_LIMIT)
        if not _is_message(filename, block):
            yield it
            continue
        mark, number = MESSAGE_NAME.fullmatch(filename).groups()
        folder = os.path.dirname(it.path)
        if folder not in folders:
            folders[folder] = sequences(folder)
        meta: dict = {"file": filename}
        if mark:
            meta["deleted"] = True
        else:
            in_seq = [name for name, ranges in folders[folder] if any(lo <= int(number) <= hi for lo, hi in ranges)]
            if in_seq:
                meta["sequences"] = in_seq
        yield message_item(export, dirs, filename, block, seen.setdefault("/".join(dirs), set()),
                           options, size=it.size, modified=it.modified, path=it.path, meta=meta)


@source("mh", claims=is_mh, priority=10)
def scan_mh(uri: str, options) -> Iterator[Item | ItemResult]:
    export = export_item(local_path(uri), "inode/directory").with_(size=None)
    yield from read_export(export, lambda: _items(export, options))
