"""A SQLite database found among files (on a share, in an archive, attached to a mail): its columns become
child items, read exactly as `pdscan scan sqlite:///FILE` reads them (sampling, hints, row ages).

A file on disk is opened read-only in place (mode=ro: no journal, no mtime change); bytes that came from a
container or a share are deserialised into memory, so nothing is written anywhere.
"""
from __future__ import annotations

import sqlite3
from typing import Iterator

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from ..errors import ItemProblem
from ..model import Item, ItemResult
from ..plugins import extractor
from ..sources._db_session import open_engine, sqlite_query_only
from ..sources._db_url import DbTarget, readonly_sqlite_url
from ..sources.database import scan_engine


def _engine(item: Item, target: DbTarget):
    if item.payload is None and item.path is not None:
        return open_engine(target)
    con = sqlite3.connect(":memory:", check_same_thread=False)
    con.deserialize(item.read())
    return sqlite_query_only(create_engine("sqlite://", creator=lambda: con, poolclass=StaticPool))


@extractor(["application/vnd.sqlite3"])
def sqlite_database(item: Item, options) -> Iterator[Item]:
    url = readonly_sqlite_url(item.path) if item.path else None
    target = DbTarget("sqlite", url, item.uri, item.name or "")
    for out in scan_engine(_engine(item, target), target, options, parent=item):
        if isinstance(out, ItemResult):  # an unreadable file or table: the file's own status says why
            raise ItemProblem(f"{out.item.kind} {out.item.uri.removeprefix(item.uri)}: {out.message}")
        yield out
