"""A Thunderbird (or SeaMonkey, Postbox) profile or mail folder given as a source, or found on a share.

Mailboxes are mbox files without an extension next to their `.msf` index (`Mail/Local Folders/Inbox`,
`ImapMail/<server>/INBOX`); a mailbox's sub-folders live in `<name>.sbd/`. Each mailbox streams message by
message, named by its folder path with the `.sbd` left out (`#/Mail/Local Folders/Inbox/Archive/<id>`).
An `.msf` index only summarises its mailbox, whose messages are read in full: it gets a `skipped` row that
says so, instead of being read as a document. Every other file of a profile (address books, history,
settings) is scanned as an ordinary file.
"""
from __future__ import annotations

import os
import re
from typing import Iterator

from ..extract.mbox import mbox_messages
from ..extract.sniff import sniff
from ..model import SKIPPED, Item, ItemResult, open_readonly
from ..plugins import source
from ._export import export_item, head, read_export
from .files import local_path, walk

INDEX, SUBFOLDERS = ".msf", ".sbd"
PROFILE_MAIL = ("Mail", "ImapMail")  # beside prefs.js in a profile folder
# Thunderbird's per-message flags; 0x0008 is "expunged": deleted by the user, still in the file until compacted.
MOZILLA_STATUS = re.compile(rb"^X-Mozilla-Status: *([0-9A-Fa-f]{1,4})\r?$", re.M)
EXPUNGED = 0x0008
HEADERS_END = re.compile(rb"\r?\n\r?\n")


def is_thunderbird(uri: str) -> bool:
    """A profile folder (prefs.js beside Mail/ or ImapMail/) or a mail folder: a mailbox next to its .msf."""
    path = local_path(uri)
    try:
        if not os.path.isdir(path):
            return False
        if os.path.isfile(os.path.join(path, "prefs.js")) and any(os.path.isdir(os.path.join(path, d)) for d in PROFILE_MAIL):
            return True
        with os.scandir(path) as entries:
            names = {e.name for e in entries}
    except OSError:  # an unreadable folder is the files connector's error row
        return False
    return any(n.endswith(INDEX) and n[:-len(INDEX)] in names for n in names)


def _is_mailbox(it: Item) -> bool:
    return os.path.isfile(it.path + INDEX) or sniff(head(it.path), it.name) == "application/mbox"


def folder_path(rel: str) -> list[str]:
    return [p[:-len(SUBFOLDERS)] if p.endswith(SUBFOLDERS) else p for p in rel.split(os.sep)]


def expunged(raw: bytes | None) -> bool:
    """Deleted in Thunderbird but not yet compacted away: the data is still there, and a deletion check must say so."""
    if not raw:
        return False
    end = HEADERS_END.search(raw)
    status = MOZILLA_STATUS.search(raw, 0, end.start() if end else len(raw))
    return status is not None and bool(int(status.group(1), 16) & EXPUNGED)


def _mailbox(export: Item, it: Item, options) -> Iterator[Item | ItemResult]:
    folder = folder_path(os.path.relpath(it.path, export.path))

    def messages() -> Iterator[Item]:
        with open_readonly(it.path) as fh:
            for msg in mbox_messages(export, fh, options, folder):
                yield msg.with_(meta={**msg.meta, "deleted": True}) if expunged(msg.payload) else msg

    yield from read_export(it.with_(kind="mailbox", media_type="application/mbox"), messages)


def _items(export: Item, options) -> Iterator[Item | ItemResult]:
    for it in walk(export.path):
        if not isinstance(it, Item):
            yield it
        elif it.name.endswith(INDEX):
            mailbox = it.name[:-len(INDEX)]
            yield ItemResult(it.with_(kind="index", media_type="application/x-mork"), SKIPPED,
                             f"Thunderbird index of the mailbox '{mailbox}', whose messages are read instead")
        elif _is_mailbox(it):
            yield from _mailbox(export, it, options)
        else:
            yield it


@source("thunderbird", claims=is_thunderbird, priority=10)
def scan_thunderbird(uri: str, options) -> Iterator[Item | ItemResult]:
    export = export_item(local_path(uri), "inode/directory").with_(size=None)
    yield from read_export(export, lambda: _items(export, options))
