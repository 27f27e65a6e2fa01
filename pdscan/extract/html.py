"""HTML and XHTML: the visible text only (no scripts, styles or markup), one line per block; table
rows as lines with each cell labelled by its column header, like spreadsheets."""
from __future__ import annotations

import warnings
from typing import Iterator

from ..model import Item, Segment
from ..plugins import extractor
from ._segments import lines_to_segments, table_lines

INVISIBLE = ("script", "style", "noscript", "template", "svg", "head > meta", "head > link")
# Elements that end a line of visible text; inline elements (a, span, b...) run on within the line.
BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "dt", "dd", "pre", "blockquote", "address", "hr", "form", "fieldset", "nav",
          "aside", "main", "figcaption", "caption", "option")
CELLS = ("td", "th")


def visible_lines(data: bytes | str) -> Iterator[str]:
    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        # bs4 warns on stderr when markup looks like a file name or URL: noise for a scan of a share.
        warnings.simplefilter("ignore")
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
    # Innermost tables first. A data table (one line per cell) becomes labelled rows; a layout table
    # (cells holding paragraphs or tables) is left as the blocks it holds.
    for table in reversed(soup.find_all("table")):
        rows = [[cell.get_text() for cell in tr.find_all(CELLS)] for tr in table.find_all("tr")]
        if any("\n" in cell.strip() for row in rows for cell in row):
            for cell in table.find_all(CELLS):
                cell.append("\n")
            continue
        table.replace_with("\n" + "\n".join(table_lines(rows)) + "\n")
    for line in soup.get_text().splitlines():
        line = " ".join(line.split())
        if line:
            yield line


@extractor(["text/html", "application/xhtml+xml"])
def html(item: Item, options) -> Iterator[Segment]:
    yield from lines_to_segments(visible_lines(item.read()), field="body")
