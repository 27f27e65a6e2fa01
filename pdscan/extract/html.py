"""HTML and XHTML: the visible text only (no scripts, styles or markup), one line per block."""
from __future__ import annotations

from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import lines_to_segments

INVISIBLE = ("script", "style", "noscript", "template", "svg", "head > meta", "head > link")
# Elements that end a line of visible text; inline elements (a, span, b...) run on within the line.
BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "dt", "dd", "pre", "blockquote", "address", "hr", "form", "fieldset", "nav",
          "aside", "main", "figcaption", "caption", "option")
CELLS = ("td", "th")


def visible_lines(data: bytes | str) -> Iterator[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.select(",".join(INVISIBLE)):
        tag.decompose()
    if soup.title:
        soup.title.decompose()
    if title:
        yield title
    for tag in soup.find_all(BLOCKS):
        tag.append("\n")
    for tag in soup.find_all(CELLS):
        tag.append("\t")
    for line in soup.get_text().splitlines():
        line = "; ".join(" ".join(cell.split()) for cell in line.split("\t") if cell.strip())
        if line:
            yield line


@extractor(["text/html", "application/xhtml+xml"])
def html(item: Item, options) -> Iterator[Segment]:
    yield from lines_to_segments(visible_lines(item.read()), field="body")
