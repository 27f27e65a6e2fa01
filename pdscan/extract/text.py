"""Plain text, logs, Markdown: decoded with BOM/UTF-8 first, then the charset detector's guess."""
from __future__ import annotations

from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor


def decode(data: bytes) -> str:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return data.decode(best.encoding if best else "cp1252", errors="replace")


@extractor(["text/plain", "text/markdown", "text/x-log"])
def plain_text(item: Item, options) -> Iterator[Segment]:
    yield Segment(decode(item.read()), field="body")
