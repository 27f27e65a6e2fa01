"""Plain text, logs, Markdown: decoded with BOM/UTF-8 first, then the charset detector's guess.

Text is decoded as a stream, so a large log is never held in memory whole.
"""
from __future__ import annotations

import codecs
import io
import re
from typing import Iterator, TextIO

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import lines_to_segments

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# The detector cannot tell Latin single-byte code pages apart on short samples (it says cp1250 for
# Norwegian and German cp1252 text); for those, Western European cp1252 is the right guess here.
LATIN_SINGLE_BYTE = {"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "iso8859_9", "iso8859_10",
                     "iso8859_13", "iso8859_4", "cp1254", "cp1257", "mac_roman", "mac_latin2", "cp850", "cp437"}
SAMPLE = 200_000
WORD_INNER = re.compile(r"([A-Za-z])([^\x00-\x7f])(?=[A-Za-z])")


def guess_encoding(head: bytes) -> str:
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is not None and best.encoding not in LATIN_SINGLE_BYTE:
        return best.encoding
    candidates = ["cp1252", "mac_roman"] + ([best.encoding] if best is not None else [])
    return max(candidates, key=lambda enc: _word_letters(head.decode(enc, errors="replace")))


def _word_letters(text: str) -> int:
    """How plausible a Latin decoding is: non-ASCII characters inside words should be letters of the
    word's case (`Lübeck` in Mac Roman read as cp1252 gives `LŸbeck`; Norwegian `ø` read as Mac Roman
    gives a macron)."""
    score = 0
    for m in WORD_INNER.finditer(text):
        before, c = m.group(1), m.group(2)
        score += 1 if c.isalpha() and not (c.isupper() and before.islower()) else -1
    return score


def decode(data: bytes) -> str:
    return data.decode(guess_encoding(data[:SAMPLE]), errors="replace")


def open_text(item: Item) -> TextIO:
    """The item's bytes as a decoded text stream (encoding guessed from the first bytes)."""
    return io.TextIOWrapper(item.open(), encoding=guess_encoding(item.head(SAMPLE)), errors="replace", newline=None)


@extractor(["text/plain", "text/markdown", "text/x-log"])
def plain_text(item: Item, options) -> Iterator[Segment]:
    with open_text(item) as fh:
        yield from lines_to_segments((line.rstrip("\n") for line in fh), field="body")
