"""An Outlook .pst/.ost given as a source: every item of its folder tree a top-level item."""
from __future__ import annotations

import os
from typing import Iterator

from ..extract.pst import open_pst, password_note, pst_items
from ..model import Item, ItemResult
from ..plugins import source
from ._export import export_item, head, read_export
from .files import local_path

PST_MAGIC = b"!BDN"  # the same header starts .pst and .ost files


def is_pst(uri: str) -> bool:
    path = local_path(uri)
    return os.path.isfile(path) and head(path, 4) == PST_MAGIC


@source("pst", claims=is_pst, priority=10)
def scan_pst(uri: str, options) -> Iterator[Item | ItemResult]:
    export = export_item(local_path(uri), "application/vnd.ms-outlook-pst")
    state: dict = {}

    def items() -> Iterator[Item]:
        state["pff"] = pff = open_pst(export)
        try:
            yield from pst_items(export, pff, options)
        finally:
            state["note"] = password_note(pff)
            pff.close()

    yield from read_export(export, items, note=lambda: state.get("note"))
