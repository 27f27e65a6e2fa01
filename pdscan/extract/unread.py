"""Items pdscan does not read, each ending as a row with its reason instead of silently passing as clean:
images (no OCR), empty files, formats without a reader here, encrypted Office packages, and the
placeholders that containers yield for members they could not or would not read."""
from __future__ import annotations

import mimetypes
from typing import Iterator

from ..errors import ItemProblem, NoText, Skipped, Unscannable
from ..model import Item
from ..plugins import extractor

PROBLEMS = {cls.status: cls for cls in (Skipped, Unscannable, NoText)} | {"error": ItemProblem}
NO_READER = {
    "application/x-7z-compressed": "7-Zip archive: no 7z reader is installed (extract it and scan the folder)",
    "application/vnd.rar": "RAR archive: no RAR reader is installed (extract it and scan the folder)",
    "application/x-rar-compressed": "RAR archive: no RAR reader is installed (extract it and scan the folder)",
    "application/x-msaccess": "Microsoft Access database: not readable here (export the tables and scan them)",
}


def unread_child(item: Item, suffix: str, status: str, reason: str, **kw) -> Item:
    """A child row for content a container could not or would not read (status: skipped, unscannable,
    no_text or error), so nothing inside a container disappears without a trace. Its media type is
    guessed from the name only: the content is not at hand."""
    media_type = mimetypes.guess_type(kw.get("name") or suffix)[0] or "application/octet-stream"
    return item.child(suffix, kind=kw.pop("kind", "member"), media_type=media_type,
                      meta={"unread": status, "reason": reason}, **kw)


def raise_unread(item: Item) -> None:
    """Called before dispatch: a placeholder from `unread_child` ends as its recorded status."""
    if "unread" in item.meta:
        raise PROBLEMS.get(item.meta["unread"], ItemProblem)(item.meta.get("reason", "not read"))


@extractor(["image/*"])
def image(item: Item, options) -> Iterator:
    raise NoText("image without a text layer (OCR not enabled)")
    yield  # pragma: no cover - makes this a generator like every extractor


@extractor(["application/x-empty"])
def empty(item: Item, options) -> Iterator:
    raise NoText("empty file")
    yield  # pragma: no cover


@extractor(list(NO_READER))
def no_reader(item: Item, options) -> Iterator:
    raise Unscannable(NO_READER[item.media_type])
    yield  # pragma: no cover


@extractor(["application/x-ooxml-encrypted"])
def encrypted_office(item: Item, options) -> Iterator:
    raise Unscannable("password-protected Office document (encrypted OOXML package)")
    yield  # pragma: no cover
