"""An mbox file given as a source: every message its own top-level item, read in one streaming pass."""
from __future__ import annotations

import os
from typing import Iterator

from ..extract.mbox import mbox_messages
from ..extract.sniff import sniff
from ..model import Item, ItemResult, open_readonly
from ..plugins import source
from ._export import export_item, head, read_export
from .files import local_path


def is_mbox(uri: str) -> bool:
    path = local_path(uri)
    return os.path.isfile(path) and sniff(head(path), os.path.basename(path)) == "application/mbox"


@source("mbox", claims=is_mbox, priority=10)
def scan_mbox(uri: str, options) -> Iterator[Item | ItemResult]:
    export = export_item(local_path(uri), "application/mbox")

    def messages() -> Iterator[Item]:
        with open_readonly(export.path) as fh:
            yield from mbox_messages(export, fh, options)

    yield from read_export(export, messages)
