"""Names are bytes, not text: one lossless way to put any file, folder or member name into a uri.

A POSIX file name is any bytes but `/` and NUL; Python hands the bytes that are not UTF-8 over as lone
surrogates (U+DC80..U+DCFF, "surrogateescape"), and UTF-16 sources (SMB, PST, zip) can give lone surrogates
of their own. Neither can be written as UTF-8, so the store would refuse them. In a uri:

- a raw byte that is not UTF-8 is written `%XX` (its value),
- `%` itself, control characters (newline, tab, DEL, C1) and bidi controls (U+202E and kin, which make a
  report show a name other than the real one) are written `%XX` per UTF-8 byte,
- every other character stays as it is, so ordinary names read as before.

`uri_bytes` turns such a uri back into the exact bytes (`os.fsdecode` of them is the path to open), and
`display` shows a name for people with `\\xNN` for raw bytes and `\\u202e` for invisible controls.
"""
from __future__ import annotations

import os
import re
import unicodedata

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ESCAPED = re.compile(r"%([0-9A-Fa-f]{2})")


def _needs_quoting(ch: str) -> bool:
    return ch == "%" or ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs")


def quote_name(name: str, keep_percent: bool = False) -> str:
    """`name` (str, possibly with surrogates) in the uri form above. `keep_percent` leaves `%` alone, for
    names that come from a format that already escapes (message ids): not lossless for `%`, never unsafe."""
    if not any(_needs_quoting(ch) for ch in name):
        return name
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a raw byte that was not UTF-8
            out.append(f"%{code - 0xDC00:02X}")
        elif (ch == "%" and keep_percent) or not _needs_quoting(ch):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def uri_bytes(uri: str) -> bytes:
    """The exact bytes of a name or path written by `quote_name`."""
    data, pos = bytearray(), 0
    for m in _ESCAPED.finditer(uri):
        data += uri[pos:m.start()].encode("utf-8", "surrogateescape")
        data.append(int(m.group(1), 16))
        pos = m.end()
    data += uri[pos:].encode("utf-8", "surrogateescape")
    return bytes(data)


def uri_path(uri: str) -> str:
    """The OS path (str, surrogateescape) of a file uri written by `quote_name`."""
    return os.fsdecode(uri_bytes(uri))


def display(uri: str) -> str:
    """A name for people: raw bytes as \\xNN, controls and bidi marks as \\uNNNN, the rest as it is."""
    text = uri_bytes(uri).decode("utf-8", "backslashreplace")
    return "".join(ch.encode("unicode_escape").decode("ascii") if _needs_quoting(ch) and ch != "%" else ch
                   for ch in text)


def safe_text(value: str | None) -> str | None:
    """Any str made writable as UTF-8 (the store's last guard: a message that quotes an odd path)."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
