"""Run extractors and the worker over small items, without the detection engine."""
from __future__ import annotations

from pathlib import Path

from pdscan.extract import extract, media_type_of
from pdscan.model import Item, Segment
from pdscan.options import ScanOptions
from pdscan.run import worker
from pdscan.sources.files import file_item


class NoDetector:
    """Extraction tests look at rows and text; findings are the engine's tests' business."""

    def detect(self, item, segments):
        return []


def item_for(path: Path | str) -> Item:
    it = file_item(str(path))
    return it.with_(media_type=media_type_of(it))


def payload_item(data: bytes, name: str) -> Item:
    it = Item(uri=f"mem://{name}", kind="file", name=name, payload=data, size=len(data))
    return it.with_(media_type=media_type_of(it))


def run(item: Item, options: ScanOptions | None = None) -> tuple[list[Segment], list[Item]]:
    out = list(extract(item, options or ScanOptions(workers=1)))
    return [o for o in out if isinstance(o, Segment)], [o for o in out if isinstance(o, Item)]


def text_of(item: Item, options: ScanOptions | None = None) -> str:
    return "\n".join(s.text for s in run(item, options)[0])


def rows(item: Item, options: ScanOptions | None = None) -> dict[str, tuple[str, str | None]]:
    """Every row the worker writes for the item and its children: uri -> (status, message)."""
    result = worker.scan_one(item, options or ScanOptions(workers=1), NoDetector())
    return {r.item.uri: (r.status, r.message) for r in result.items}
