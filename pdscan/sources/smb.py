"""SMB shares without mounting (smbprotocol): `smb://[user@]host[:port]/share[/path]`, crawled like a folder.

The password comes from the URI or PDSCAN_SMB_PASSWORD (the user from PDSCAN_SMB_USER when the URI has
none); neither is ever part of an item uri or a message. Files are read in the source process and sent to
the workers as payload bytes, so items stay picklable; files over --max-file-size are not read at all
(the worker reports them as skipped). Files are opened for reading only, sharing read, write and delete
with other clients, so the scan never locks anyone out.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator
from urllib.parse import unquote, urlsplit

from ..errors import UsageError
from ..model import ERROR, Item, ItemResult
from ..plugins import source
from ..store.masking import mask_credentials
from ._errors import error_line

READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class SmbTarget:
    host: str
    port: int
    share: str
    path: str  # inside the share, "/"-separated, no leading slash
    user: str | None
    password: str | None

    @property
    def display(self) -> str:
        port = f":{self.port}" if self.port != 445 else ""
        return f"smb://{self.host}{port}/{self.share}"

    def unc(self, rel: str = "") -> str:
        parts = [p for p in f"{self.path}/{rel}".split("/") if p]
        return "\\\\" + "\\".join([self.host, self.share, *parts])

    def uri(self, rel: str = "") -> str:
        parts = [p for p in f"{self.path}/{rel}".split("/") if p]
        return "/".join([self.display, *parts])


def parse(uri: str) -> SmbTarget:
    u = urlsplit(uri)
    parts = [unquote(p) for p in u.path.split("/") if p]
    if not u.hostname or not parts:
        raise UsageError("an SMB source needs a host and a share: smb://user@host[:port]/share[/path]")
    try:
        port = u.port or 445
    except ValueError:
        raise UsageError(f"bad port in {mask_credentials(uri)}") from None
    user = unquote(u.username) if u.username else os.environ.get("PDSCAN_SMB_USER")
    if user and ";" in user:  # smb://DOMAIN;user@host, the SMB URI convention
        domain, name = user.split(";", 1)
        user = f"{domain}\\{name}"
    password = unquote(u.password) if u.password is not None else os.environ.get("PDSCAN_SMB_PASSWORD")
    return SmbTarget(u.hostname, port, parts[0], "/".join(parts[1:]), user, password)


def _utc(ts: float | datetime) -> datetime:
    if isinstance(ts, datetime):
        return ts.replace(tzinfo=timezone.utc) if ts.tzinfo is None else ts.astimezone(timezone.utc)
    return datetime.fromtimestamp(ts, tz=timezone.utc)


@source("smb", schemes=("smb",))
def scan_smb(uri: str, options) -> Iterator[Item | ItemResult]:
    import smbclient

    target = parse(uri)
    cache: dict = {}  # our own connections, closed when the crawl ends
    conn = {"port": target.port, "connection_cache": cache}
    try:
        smbclient.register_session(target.host, username=target.user, password=target.password,
                                   connection_timeout=30, **conn)
        st = smbclient.stat(target.unc(), **conn)
    except Exception as e:  # smbprotocol raises its own and OS errors; either way, one row and stop
        yield ItemResult(Item(uri=target.uri(), kind="share"), ERROR, f"connect: {error_line(e, target.password)}")
        smbclient.reset_connection_cache(connection_cache=cache)
        return
    try:
        if smbclient.path.isdir(target.unc(), **conn):
            yield from _walk(smbclient, target, "", conn, options)
        else:
            yield _file(smbclient, target, "", (st.st_size, st.st_mtime, st.st_ctime), conn, options)
    finally:
        smbclient.reset_connection_cache(connection_cache=cache)


def _walk(smbclient, target: SmbTarget, rel: str, conn: dict, options) -> Iterator[Item | ItemResult]:
    """Depth-first and sorted, like the local crawl; links are not followed."""
    try:
        entries = sorted(smbclient.scandir(target.unc(rel), **conn), key=lambda e: e.name)
    except Exception as e:
        yield ItemResult(Item(uri=target.uri(rel), kind="folder"), ERROR, f"list: {error_line(e, target.password)}")
        return
    for entry in entries:
        child = f"{rel}/{entry.name}" if rel else entry.name
        try:
            if entry.is_symlink():
                continue
            if entry.is_dir():
                yield from _walk(smbclient, target, child, conn, options)
            elif entry.is_file():
                info = entry.smb_info  # from the listing itself: no extra round trip per file
                yield _file(smbclient, target, child, (info.end_of_file, info.last_write_time, info.creation_time), conn, options)
        except Exception as e:
            yield ItemResult(Item(uri=target.uri(child), kind="file", name=entry.name), ERROR,
                             f"stat: {error_line(e, target.password)}")


def _file(smbclient, target: SmbTarget, rel: str, stat: tuple, conn: dict, options) -> Item | ItemResult:
    size, modified, created = stat
    uri = target.uri(rel)
    item = Item(uri=uri, kind="file", name=uri.rsplit("/", 1)[-1], size=size, modified=_utc(modified),
                timestamps={"created": _utc(created)})
    if size > options.max_file_size:
        return item  # the worker reports it as skipped without it ever being read
    try:
        with smbclient.open_file(target.unc(rel), mode="rb", share_access="rwd", **conn) as fh:
            chunks, total = [], 0
            while total < size and (chunk := fh.read(READ_CHUNK)):
                chunks.append(chunk)
                total += len(chunk)
        return item.with_(payload=b"".join(chunks))
    except Exception as e:
        return ItemResult(item, ERROR, f"read: {error_line(e, target.password)}")
