"""RTF: the text with control words removed (striprtf), decoded with the document's own code page."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import lines_to_segments

CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
# Picture and object data are hex dumps; removing them first keeps the parser fast and the text clean.
BINARY_GROUP = re.compile(r"\{\\\*?\\(?:pict|objdata|blipuid|themedata|colorschememapping|datastore)\b[^{}]*\}")


def rtf_text(data: bytes) -> str:
    """The text of an RTF document (a file, or the RTF body of an Outlook item), its blank lines dropped."""
    from striprtf.striprtf import rtf_to_text

    m = CODEPAGE.search(data[:4096])
    encoding = f"cp{int(m.group(1))}" if m else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    source = BINARY_GROUP.sub("", data.decode("latin-1"))
    text = rtf_to_text(source, encoding=encoding, errors="replace")
    return "\n".join(line for line in text.splitlines() if line.strip())


@extractor(["application/rtf", "text/rtf"])
def rtf(item: Item, options) -> Iterator[Segment]:
    yield from lines_to_segments(rtf_text(item.read()).splitlines(), field="body")
