"""Hypothesis strategies that damage a real file the way broken copies, hostile senders and buggy writers do:
byte flips, truncation, inserted blocks, huge length fields; for ZIP containers (OOXML, ODF, plain zip) also
damage inside the package (a mutated member re-zipped, duplicated or overlapping entries, a central directory
with wrong sizes and offsets), since byte noise on a compressed file rarely reaches the XML parsers."""
from __future__ import annotations

import io
import struct
import zipfile
from typing import Callable

from hypothesis import strategies as st


class Mutation:
    """One damage with its arguments; its repr is what hypothesis prints for a failing example."""

    def __init__(self, fn: Callable, args: tuple):
        self.fn, self.args = fn, args

    def __call__(self, data: bytes) -> bytes:
        return self.fn(data, *self.args)

    def __repr__(self) -> str:
        args = ", ".join(repr(a) if not isinstance(a, bytes) or len(a) <= 32 else f"{a[:16]!r}*{len(a)}B"
                         for a in self.args)
        return f"{self.fn.__name__}({args})"

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis' printer, which would show whole blocks
        printer.text(repr(self))


def mutation(fn: Callable, *args: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(*args).map(lambda a: Mutation(fn, a))


POS = st.integers(0, 1 << 30)  # a position, taken modulo the data's length

# Values that length, count and offset fields overflow or underflow with.
HUGE = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0x10000, 0xFFFF, 0x7FFF, 0, 1]
# Blocks that stress parsers in particular ways: deep nesting, long runs, unterminated constructs.
BLOCKS = [b"<" * 4096, b"<a>" * 3000, b"{" * 3000, b"[" * 3000, b"\x00" * 4096, b"\xff" * 4096, b"A" * 70000,
          b"{\\rtf1" * 500, b"%PDF-1.7\n" * 100, b"PK\x03\x04" * 500, b"PK\x01\x02" * 500, b"\r\n" * 4000,
          b"=?utf-8?b?" * 500, b"--boundary\r\n" * 500, b"&#x10FFFF;&#0;" * 500, b"\\u-1234?" * 500,
          b"<!ENTITY x SYSTEM 'file:///etc/passwd'>&x;", b"<![CDATA[" * 500, b"From x Mon Jun  2 10:00:00 2025\n" * 200]


def _at(n: int, data: bytes) -> int:
    return n % (len(data) + 1)


def flip(data: bytes, pos: int, mask: int) -> bytes:
    if not data:
        return data
    i = pos % len(data)
    return data[:i] + bytes([data[i] ^ mask]) + data[i + 1:]


def truncate(data: bytes, pos: int) -> bytes:
    return data[:_at(pos, data)]


def insert(data: bytes, pos: int, block: bytes) -> bytes:
    i = _at(pos, data)
    return data[:i] + block + data[i:]


def overwrite(data: bytes, pos: int, block: bytes) -> bytes:
    i = _at(pos, data)
    return data[:i] + block + data[i + len(block):]


def length_field(data: bytes, pos: int, value: int, width: int, big_endian: bool) -> bytes:
    fmt = (">" if big_endian else "<") + {2: "H", 4: "I", 8: "Q"}[width]
    return overwrite(data, pos, struct.pack(fmt, value & ((1 << 8 * width) - 1)))


byte_mutation = st.one_of(
    mutation(flip, POS, st.integers(1, 255)),
    mutation(truncate, POS),
    mutation(insert, POS, st.binary(min_size=1, max_size=256)),
    mutation(insert, POS, st.sampled_from(BLOCKS)),
    mutation(overwrite, POS, st.binary(min_size=1, max_size=64)),
    mutation(length_field, POS, st.one_of(st.sampled_from(HUGE), st.integers(0, 0xFFFFFFFF)),
             st.sampled_from([2, 4, 8]), st.booleans()),
)
byte_mutations = st.lists(byte_mutation, min_size=1, max_size=4)


def apply(data: bytes, mutations) -> bytes:
    for m in mutations:
        data = m(data)
    return data


# --- inside ZIP packages -------------------------------------------------------------------------------

def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _zipped(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info, body in members:
            zf.writestr(info, body)
    return buf.getvalue()


def mutate_member(data: bytes, which: int, mutations) -> bytes:
    """One member's content damaged (its XML, for a package), then the package written again, valid as a zip."""
    members = _members(data)
    i = which % len(members)
    members[i] = (members[i][0], apply(members[i][1], mutations))
    return _zipped(members)


def duplicate_member(data: bytes, which: int, mutations) -> bytes:
    """A second entry under the same name (zipfile warns and keeps both), with different content."""
    members = _members(data)
    info, body = members[which % len(members)]
    return _zipped(members + [(info, apply(body, mutations))])


def overlapping_entries(data: bytes, which: int, target: int) -> bytes:
    """Two central-directory entries pointing at the same local header (the overlap behind "zip bombs
    without recursion"), made by rewriting one entry's header offset."""
    end = data.rfind(b"PK\x05\x06")
    start = struct.unpack_from("<I", data, end + 16)[0]
    entries, pos = [], start
    while data[pos:pos + 4] == b"PK\x01\x02":
        entries.append(pos)
        n, m, k = struct.unpack_from("<HHH", data, pos + 28)
        pos += 46 + n + m + k
    if len(entries) < 2:
        return data
    src, dst = entries[which % len(entries)], entries[target % len(entries)]
    offset = data[dst + 42:dst + 46]
    return data[:src + 42] + offset + data[src + 46:]


def central_directory_field(data: bytes, which: int, field_offset: int, value: int) -> bytes:
    """A central-directory entry with a wrong crc, size, name length or header offset."""
    end = data.rfind(b"PK\x05\x06")
    start = struct.unpack_from("<I", data, end + 16)[0]
    entries = [i for i in range(start, end) if data[i:i + 4] == b"PK\x01\x02"]
    if not entries:
        return data
    at = entries[which % len(entries)] + field_offset
    width = 2 if field_offset in (28, 30, 32) else 4
    return length_field(data, at, value, width, False)


CD_FIELDS = [16, 20, 24, 28, 30, 32, 42]  # crc, compressed size, size, name/extra/comment lengths, header offset

zip_mutation = st.one_of(
    mutation(mutate_member, st.integers(0, 1000), byte_mutations),
    mutation(duplicate_member, st.integers(0, 1000), byte_mutations),
    mutation(overlapping_entries, st.integers(0, 1000), st.integers(0, 1000)),
    mutation(central_directory_field, st.integers(0, 1000), st.sampled_from(CD_FIELDS),
             st.one_of(st.sampled_from(HUGE), st.integers(0, 0xFFFFFFFF))),
)
