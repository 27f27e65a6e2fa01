"""Local files and directories (a mounted share is a directory)."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Iterator

from ..errors import UsageError
from ..model import ERROR, SKIPPED, Item, ItemResult
from ..names import quote_name
from ..plugins import claimant, source


def local_path(uri: str) -> str:
    """A path or `file://` uri as an absolute path."""
    return os.path.abspath(uri[len("file://"):] if uri.startswith("file://") else uri)


def file_item(path: str, st: os.stat_result | None = None) -> Item:
    st = st or os.stat(path)
    return Item(
        uri=quote_name(path), kind="file", path=path, name=quote_name(os.path.basename(path)), size=st.st_size,
        modified=datetime.fromtimestamp(st.st_mtime, tz=timezone.utc),
        timestamps={"created": datetime.fromtimestamp(st.st_ctime, tz=timezone.utc)},
    )


def walk(root: str, options=None) -> Iterator[Item | ItemResult]:
    """Depth-first, sorted for reproducible runs; unreadable folders are error rows, not crashes.

    With `options`, a folder that a connector claims by its content (someone's Maildir, MH folders or
    Thunderbird profile on a share) is read by that connector, message by message and once, not file by file.
    """
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as e:
        yield ItemResult(Item(uri=quote_name(root), kind="folder", path=root), ERROR, f"list: {type(e).__name__}: {e.strerror or e}")
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                owner = claimant(entry.path) if options is not None else None
                yield from owner.fn(entry.path, options) if owner else walk(entry.path, options)
            elif entry.is_file(follow_symlinks=False):
                yield file_item(entry.path, entry.stat(follow_symlinks=False))
            else:
                # Symlinks and special files (sockets, fifos, devices) are not followed: they may point outside
                # the share or block forever on read. Listed, so the report shows what was left unread.
                kind = "symlink" if entry.is_symlink() else "special file"
                yield ItemResult(Item(uri=quote_name(entry.path), kind="file", path=entry.path), SKIPPED,
                                 f"{kind}: not followed")
        except OSError as e:
            yield ItemResult(Item(uri=quote_name(entry.path), kind="file", path=entry.path), ERROR, f"stat: {type(e).__name__}: {e.strerror or e}")


@source("files", schemes=("file",))
def scan_files(uri: str, options) -> Iterator[Item | ItemResult]:
    path = local_path(uri)
    if os.path.isdir(path):
        yield from walk(path, options)
    elif os.path.isfile(path):
        yield file_item(path)
    else:
        raise UsageError(f"source not found: {path}")
