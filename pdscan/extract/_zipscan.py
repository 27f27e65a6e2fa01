"""Reading a damaged zip from its local file headers, in file order, when its central directory is
missing (a truncated copy) or points at the wrong offsets. Each member comes back with its data or
the reason it could not be read; nothing is ever written."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterator

LOCAL = struct.Struct("<4sHHHHHIIIHH")  # signature, version, flags, method, time, date, crc, sizes, name/extra lengths
SIGNATURE = b"PK\x03\x04"
DESCRIPTOR = b"PK\x07\x08"
STORED, DEFLATED = 0, 8
CHUNK = 64 * 1024


@dataclass
class Member:
    name: str
    packed: int
    data: bytes | None = None
    status: str | None = None  # why it was not read: unscannable or error
    reason: str | None = None


def _inflate(fh: BinaryIO, cap: int) -> tuple[bytes, int, bool]:
    """Inflate a raw deflate stream of unknown length: (data, bytes consumed, stream complete)."""
    start = fh.tell()
    inflater = zlib.decompressobj(-15)
    out: list[bytes] = []
    size = 0
    while not inflater.eof and size <= cap:
        chunk = fh.read(CHUNK)
        if not chunk:
            break
        piece = inflater.decompress(chunk, cap + 1 - size)
        out.append(piece)
        size += len(piece)
        if inflater.unconsumed_tail:  # over the cap: stop without expanding the rest
            break
    consumed = fh.tell() - start - len(inflater.unused_data) - len(inflater.unconsumed_tail)
    fh.seek(start + consumed)
    return b"".join(out), consumed, inflater.eof


def local_members(fh: BinaryIO, cap: int) -> Iterator[Member]:
    """Members found by walking local headers from the start; stops at the first thing that is not one.
    `cap` bounds the bytes expanded per member (a larger member comes back with data longer than cap)."""
    fh.seek(0)
    while True:
        head = fh.read(LOCAL.size)
        if len(head) < LOCAL.size or head[:4] != SIGNATURE:
            return
        _, _, flags, method, _, _, _, packed, _, name_len, extra_len = LOCAL.unpack(head)
        name = fh.read(name_len).decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        fh.seek(extra_len, 1)
        descriptor = bool(flags & 0x8)  # sizes follow the data (some writers also fill them in here)
        if flags & 0x1:
            yield Member(name, packed, status="unscannable", reason="password-protected zip member")
            if descriptor and not packed:
                return
            fh.seek(packed, 1)
            if descriptor:
                _skip_descriptor(fh)
            continue
        if method not in (STORED, DEFLATED) or (method == STORED and descriptor and not packed):
            yield Member(name, packed, status="error", reason=f"damaged zip: member cannot be delimited (method {method})")
            return
        if method == STORED:
            wanted = min(packed, cap + 1)
            raw = fh.read(wanted)
            if len(raw) < wanted:
                yield Member(name, packed, status="error", reason="truncated zip member")
                return
            fh.seek(packed - len(raw), 1)
            yield Member(name, packed, data=raw)
        elif not descriptor:
            raw = fh.read(packed)
            if len(raw) < packed:
                yield Member(name, packed, status="error", reason="truncated zip member")
                return
            yield Member(name, packed, data=zlib.decompressobj(-15).decompress(raw, cap + 1))
            continue
        else:
            data, consumed, complete = _inflate(fh, cap)
            if not complete and len(data) <= cap:
                yield Member(name, consumed, status="error", reason="truncated zip member")
                return
            yield Member(name, consumed, data=data)
            if not complete:
                return  # over the cap: the end of this member, so the next header, is unknown
        if descriptor:
            _skip_descriptor(fh)


def _skip_descriptor(fh: BinaryIO) -> None:
    """Past the data descriptor: optional signature, crc and two sizes (8 bytes each in zip64)."""
    if fh.read(4) != DESCRIPTOR:
        fh.seek(-4, 1)
    fh.seek(12, 1)
    following = fh.read(4)
    if following == SIGNATURE:
        fh.seek(-4, 1)
    elif len(following) == 4:
        fh.seek(4, 1)  # not a member next: assume the 8 further bytes of a zip64 descriptor
