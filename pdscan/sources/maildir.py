"""A Maildir tree given as a source, or found on a share: cur/new/tmp folders (any of them may be missing),
Maildir++ folders (`.Sent`, `.INBOX.Archive`), nested folders (`foo/bar`), flags in the file names (`:2,RS`,
or `!2,S` / `;2,S` where ':' is not allowed in a file name).

Each message is read where it lies (the worker opens the file); only its header block is read here, to
name and date it. Files outside cur/new/tmp are messages when their content says so (notmuch keeps some
there); the rest (Dovecot and Courier indexes, `maildirfolder`, stray documents) are scanned as ordinary
files, so nothing in the tree is left out: Dovecot's header cache, for one, holds names and addresses.
"""
from __future__ import annotations

import base64
import os
import re
from typing import Iterator

from ..extract.mail_items import HEADER_LIMIT, message_item
from ..extract.sniff import sniff
from ..model import Item, ItemResult
from ..plugins import source
from ._export import export_item, head, read_export
from .files import local_path, walk

MAILDIR_PARTS = ("cur", "new", "tmp")
MESSAGE_TYPES = ("message/rfc822", "application/mbox")  # a stray mbox-style From line still starts one message
# The info part of a delivered message's name: version 2, then the flags (Seen, Replied, Flagged, Trashed...).
INFO = re.compile(r"[:!;]2,([A-Za-z]*)$")
# A name as delivery agents write it: `<seconds>.<unique>.<host>`.
DELIVERY_NAME = re.compile(r"\d{9,}\.")
KMAIL_SUBFOLDERS = re.compile(r"\.(.+)\.directory")  # KMail keeps folder X's sub-folders in .X.directory/
LOOK = 20  # names looked at per folder to tell a Maildir from a folder that happens to hold `new/`


def _named_like_messages(folder: str) -> bool:
    with os.scandir(folder) as entries:
        for n, entry in enumerate(entries):
            if n >= LOOK:
                return False
            if (INFO.search(entry.name) or DELIVERY_NAME.match(entry.name)) and entry.is_file(follow_symlinks=False):
                return True
    return False


def is_maildir_folder(path: str) -> bool:
    """cur and new (an empty Maildir is still one), or just one of them holding messages by their names."""
    parts = [os.path.join(path, p) for p in ("cur", "new") if os.path.isdir(os.path.join(path, p))]
    return len(parts) == 2 or any(_named_like_messages(p) for p in parts)


def is_maildir(uri: str) -> bool:
    """A Maildir folder, a Maildir++ root whose own INBOX is gone but whose `.Folder`s are Maildirs, or KMail's
    mail folder (`inbox/` beside `.inbox.directory/`)."""
    path = local_path(uri)
    try:
        if not os.path.isdir(path):
            return False
        if is_maildir_folder(path):
            return True
        with os.scandir(path) as entries:
            dot_dirs = [e for e in entries if e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
        return any(is_maildir_folder(e.path) or ((m := KMAIL_SUBFOLDERS.fullmatch(e.name))
                                                 and is_maildir_folder(os.path.join(path, m.group(1))))
                   for e in dot_dirs)
    except OSError:  # an unreadable folder is the files connector's error row
        return False


def imap_utf7(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501: `S&APg-ppelpost`), as the mail client shows it."""
    def decode(m: re.Match) -> str:
        if not m.group(1):
            return "&"
        b64 = m.group(1).replace(",", "/")
        try:
            return base64.b64decode(b64 + "=" * (-len(b64) % 4)).decode("utf-16-be")
        except ValueError:  # not modified UTF-7 after all: the name as it is
            return m.group(0)

    return re.sub(r"&([A-Za-z0-9+,]*)-", decode, name)


def folder_path(dirs: list[str]) -> list[str]:
    """The mail folder of a file: Maildir++ `.INBOX.Archive` is INBOX/Archive, KMail's `.inbox.directory/work`
    is inbox/work; cur/new/tmp are no folder."""
    if dirs and dirs[-1] in MAILDIR_PARTS:
        dirs = dirs[:-1]
    dirs = [m.group(1) if (m := KMAIL_SUBFOLDERS.fullmatch(d)) else d for d in dirs]
    if dirs and dirs[0].startswith(".") and dirs[0].strip("."):
        dirs = [*dirs[0].lstrip(".").split("."), *dirs[1:]]
    return [imap_utf7(d) for d in dirs]


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
        folder = folder_path(dirs)
        info = INFO.search(filename)
        meta = {"file": filename, **({"flags": info.group(1)} if info else {})}
        yield message_item(export, folder, INFO.sub("", filename), block, seen.setdefault("/".join(folder), set()),
                           options, size=it.size, modified=it.modified, path=it.path, meta=meta)


@source("maildir", claims=is_maildir, priority=10)
def scan_maildir(uri: str, options) -> Iterator[Item | ItemResult]:
    export = export_item(local_path(uri), "inode/directory").with_(size=None)
    yield from read_export(export, lambda: _items(export, options))
