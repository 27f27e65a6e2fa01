"""Archives: zip, tar (plain or compressed) and single gzip/bzip2/xz files. Each member becomes a child
item read through the same extractors (nested archives included; the worker stops at --archive-depth).

Limits, each with a row for every member not read: --archive-members (members per archive),
--archive-ratio (expansion ratio of a member over 1 MiB: a possible zip bomb), --archive-total
(bytes expanded per top-level item, passed down to nested archives), --max-file-size (per member).
Encrypted zip members are unscannable rows; a damaged member is an error row, the rest still read.
A zip whose directory is missing or wrong (a truncated copy) is read from its local headers, and a
truncated tar keeps the members before the damage; the damage itself is an error row.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
import posixpath
import tarfile
import zipfile
import zlib
from datetime import datetime, timezone
from typing import BinaryIO, Callable, Iterator

from ..errors import ItemProblem
from ..model import Item
from ..plugins import extractor
from ..store.masking import describe_exception
from ._zipscan import SIGNATURE, local_members
from .mail_items import unique_label
from .unread import unread_child

RATIO_FLOOR = 1024 * 1024  # small members may compress extremely well without being a bomb
BUDGET = "archive_budget"  # meta key: bytes a nested archive may still expand
CHUNK = 1024 * 1024
DECOMPRESSORS: dict[str, Callable[[BinaryIO], BinaryIO]] = {
    "application/gzip": lambda fh: gzip.GzipFile(fileobj=fh),
    "application/x-bzip2": lambda fh: bz2.BZ2File(fh),
    "application/x-xz": lambda fh: lzma.LZMAFile(fh),
}
DAMAGE = (EOFError, OSError, zlib.error, lzma.LZMAError)  # what a truncated or corrupt stream raises
SUFFIXES = {"application/gzip": (".gz", ".tgz"), "application/x-bzip2": (".bz2", ".tbz2"),
            "application/x-xz": (".xz", ".txz")}


class _Limits:
    """Counts members and expanded bytes for one archive; says why a member is not read, or None."""

    def __init__(self, item: Item, options):
        self.options = options
        self.members = 0
        self.budget = item.meta.get(BUDGET, options.archive_total)

    def refuse(self, size: int, packed: int | None) -> tuple[str, str] | None:
        self.members += 1
        o = self.options
        if self.members > o.archive_members:
            return "skipped", f"archive has more than --archive-members {o.archive_members} members"
        if packed is not None and size > RATIO_FLOOR and size > o.archive_ratio * max(packed, 1):
            return "skipped", (f"possible zip bomb: expands {size / max(packed, 1):.0f}x "
                               f"(over --archive-ratio {o.archive_ratio:g})")
        if size > o.max_file_size:
            return "skipped", f"larger than --max-file-size ({size} > {o.max_file_size} bytes)"
        if size > self.budget:
            return "skipped", f"expanded total would pass --archive-total ({o.archive_total} bytes)"
        return None

    def take(self, size: int) -> dict:
        self.budget -= size
        return {BUDGET: self.budget}


def _when(date_time) -> datetime | None:
    try:
        return datetime(*date_time, tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


@extractor(["application/zip", "application/x-zip-compressed", "application/java-archive", "application/epub+zip"])
def zip_archive(item: Item, options) -> Iterator[Item]:
    limits = _Limits(item, options)
    with item.open() as fh:
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, EOFError) as e:
            yield from _salvage(item, fh, limits, f"damaged or truncated zip archive: {describe_exception(e)}")
            return
        with zf:
            members = [info for info in zf.infolist() if not info.is_dir()]
            if not _headers_where_listed(fh, members):
                yield from _salvage(item, fh, limits, "damaged zip archive: its directory points at the wrong places")
                return
            seen: set[str] = set()  # an archive may hold one name twice; each member keeps its own uri
            for n, info in enumerate(members):
                yield _zip_member(item, zf, info, limits, unique_label(info.filename, seen, n))


def _headers_where_listed(fh, members: list[zipfile.ZipInfo]) -> bool:
    for info in members:
        fh.seek(info.header_offset)
        if fh.read(4) != SIGNATURE:
            return False
    return True


def _zip_member(item: Item, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: _Limits, suffix: str) -> Item:
    name = posixpath.basename(info.filename) or info.filename
    kw = dict(name=name, size=info.file_size, modified=_when(info.date_time))
    if info.flag_bits & 0x1:
        return unread_child(item, suffix, "unscannable", "password-protected zip member", **kw)
    refused = limits.refuse(info.file_size, info.compress_size)
    if refused:
        return unread_child(item, suffix, *refused, **kw)
    try:
        with zf.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, RuntimeError, ValueError) as e:
        return unread_child(item, suffix, "error", f"damaged zip member: {_unquoted(e)}", **kw)
    return item.child(suffix, kind="member", payload=data, meta=limits.take(len(data)), **kw)


def _unquoted(e: Exception) -> str:
    """zipfile's messages quote header bytes (file content, when a name length is wrong): keep what precedes."""
    text = str(e).split("'", 1)[0].split('"', 1)[0].strip(" :")
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _salvage(item: Item, fh, limits: _Limits, problem: str) -> Iterator[Item]:
    """Members read from their local headers; the damage itself is a row. Nothing found: an error."""
    o = limits.options
    found = list(local_members(fh, cap=min(o.max_file_size, limits.budget)))
    if not found:
        raise ItemProblem(problem)
    yield unread_child(item, "(zip directory)", "error", f"{problem}; {len(found)} members read from their local headers",
                       kind="part")
    seen: set[str] = set()
    for n, m in enumerate(found):
        name, suffix = posixpath.basename(m.name) or m.name, unique_label(m.name, seen, n)
        if m.status:
            yield unread_child(item, suffix, m.status, m.reason, name=name)
            continue
        refused = limits.refuse(len(m.data), m.packed)
        if refused:
            yield unread_child(item, suffix, *refused, name=name, size=len(m.data))
            continue
        yield item.child(suffix, kind="member", name=name, size=len(m.data), payload=m.data,
                         meta=limits.take(len(m.data)))


def _tar_members(item: Item, fileobj: BinaryIO, options) -> Iterator[Item]:
    limits = _Limits(item, options)
    read = 0
    seen: set[str] = set()  # a tar appended to holds a name once per version
    try:
        # Stream mode reads members in order without seeking, so compressed tars are decompressed once.
        with tarfile.open(fileobj=fileobj, mode="r|*") as tf:
            for n, info in enumerate(tf):
                if not info.isfile():  # directories, links and devices carry no content of their own
                    continue
                kw = dict(name=posixpath.basename(info.name), size=info.size,
                          modified=datetime.fromtimestamp(info.mtime, tz=timezone.utc) if info.mtime else None)
                suffix = unique_label(info.name, seen, n)
                refused = limits.refuse(info.size, None)
                if refused:
                    yield unread_child(item, suffix, *refused, **kw)
                    continue
                member = tf.extractfile(info)
                data = member.read() if member is not None else b""
                read += 1
                yield item.child(suffix, kind="member", payload=data, meta=limits.take(len(data)), **kw)
    except (tarfile.TarError, *DAMAGE) as e:
        if not read:
            raise ItemProblem(f"damaged or truncated tar archive: {describe_exception(e)}") from None
        # A truncated copy: the members before the damage were read; the rest is this row.
        yield unread_child(item, "(rest of archive)", "error",
                           f"damaged or truncated tar archive after {read} members: {describe_exception(e)}", kind="part")


@extractor(["application/x-tar", "application/x-gtar"])
def tar_archive(item: Item, options) -> Iterator[Item]:
    with item.open() as fh:
        yield from _tar_members(item, fh, options)


def _inner_name(item: Item) -> str:
    name = item.name or "content"
    for suffix in SUFFIXES.get(item.media_type or "", ()):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] + (".tar" if suffix.startswith(".t") else "")
    return name + ".out"


@extractor(list(DECOMPRESSORS))
def compressed(item: Item, options) -> Iterator[Item]:
    """A single compressed stream: a tar inside is read as a tar; anything else is one child item."""
    try:
        with item.open() as fh, DECOMPRESSORS[item.media_type](fh) as stream:
            head = stream.read(512)
    except DAMAGE as e:
        raise ItemProblem(f"damaged or truncated compressed file: {describe_exception(e)}") from None
    if head[257:262] == b"ustar":
        with item.open() as fh, DECOMPRESSORS[item.media_type](fh) as stream:
            yield from _tar_members(item, stream, options)
        return
    limits = _Limits(item, options)
    packed = item.size if item.size is not None else len(item.payload or b"")
    cap = min(options.max_file_size, limits.budget, max(RATIO_FLOOR, int(options.archive_ratio * max(packed, 1))))
    try:
        with item.open() as fh, DECOMPRESSORS[item.media_type](fh) as stream:
            chunks, total = [], 0
            while total <= cap:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except DAMAGE as e:
        raise ItemProblem(f"damaged or truncated compressed file: {describe_exception(e)}") from None
    name = _inner_name(item)
    if total > cap:
        reason = limits.refuse(total, packed) or ("skipped", f"expands past {cap} bytes (archive limits)")
        yield unread_child(item, name, *reason, name=name)
        return
    data = b"".join(chunks)
    yield item.child(name, kind="member", name=name, size=len(data), payload=data, meta=limits.take(len(data)))
