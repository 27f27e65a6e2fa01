"""Where an item lives, and whether a location selector names that place.

Uri shapes (as the connectors write them):
  /abs/share/sales/offer.docx                  a file; `#` opens a container:
  /abs/share/old.zip#cv/anna.pdf               an archive member
  /abs/mail/export.mbox#/Inbox/<message-id>    a message (its attachments extend the uri)
  postgresql://host/db/schema.table.column     a database column (mysql://, mariadb:// alike)
  sqlite:///abs/crm.db#table.column            a SQLite column

Globs: `*` and `?` stay inside one path part, `**` spans parts, `[abc]` and `{a,b}` as in the shell.
Matching ignores case (shares from Windows servers do too). A glob that does not start with `/` or a
scheme is relative to the register's `root`, or else to each scanned source folder, so the same register
works wherever an estate is mounted; one that starts with `**` (`**/sales/**`) matches anywhere.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Selector

DB_SCHEMES = ("postgresql", "postgres", "mysql", "mariadb", "sqlite")


@lru_cache(maxsize=1024)
def glob_regex(glob: str) -> re.Pattern:
    out, i, depth = [], 0, 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = glob.find("]", i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = glob[i + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end
        elif c == "{":
            out.append("(?:")
            depth += 1
        elif c == "}" and depth:
            out.append(")")
            depth -= 1
        elif c == "," and depth:
            out.append("|")
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=4096)
def specificity(sel: Selector) -> int:
    """How much of the place a selector names: its literal letters and digits. `**` names nothing."""
    return sum(sum(ch.isalnum() for ch in value) for _, value in sel.fields)


def is_absolute(glob: str) -> bool:
    return glob.startswith("/") or "://" in glob


@dataclass
class Place:
    """An item's address, in the forms selectors match against."""

    uri: str
    roots: tuple[str, ...] = ()
    path: str | None = None  # file-like uri with containers opened: a.zip#x/y -> a.zip/x/y
    message: str | None = None  # uri of the enclosing mail message, if any
    folder: str | None = None  # the message's folder inside its export ("" at the top)
    parties: frozenset = field(default_factory=frozenset)  # keyed hashes of its mail parties
    db: tuple[str, str, str] | None = None  # (base url, table, column)
    rel_path: tuple[str, ...] = ()  # path below each root (set by place_for)

    @property
    def export(self) -> str | None:
        return self.message.split("#", 1)[0] if self.message else None

    def relative(self, path: str | None) -> tuple[str, ...]:
        """`path` below each root it lies in (relative globs match these)."""
        if path is None:
            return ()
        low = path.lower()
        return tuple(path[len(r) + 1:] for r in (r.rstrip("/") for r in self.roots) if low.startswith(r.lower() + "/"))


def place_for(uri: str, roots: tuple[str, ...], message: str | None = None, folder: str | None = None,
              parties=frozenset()) -> Place:
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme.split("+")[0] in DB_SCHEMES:
        return Place(uri=uri, roots=roots, db=split_db_uri(uri))
    path = uri.replace("#/", "/").replace("#", "/")
    if message is not None and folder is None:  # older stores: the folder is the uri between '#' and the label
        inner = message.split("#", 1)[1].strip("/") if "#" in message else ""
        folder = inner.rsplit("/", 1)[0] if "/" in inner else ""
    place = Place(uri=uri, roots=roots, path=path, message=message, folder=folder, parties=frozenset(parties))
    place.rel_path = place.relative(path)
    return place


def split_db_uri(uri: str) -> tuple[str, str, str]:
    """`postgresql://h/db/public.customer.email` -> ('postgresql://h/db', 'public.customer', 'email').

    A column read in parts has a `#rows=a-b` (sqlite: `/rows=a-b`) suffix, which is not part of the place.
    """
    if uri.lower().startswith("sqlite"):
        base, sep, last = uri.partition("#")
        last = last.split("/", 1)[0]
    else:
        base, sep, last = uri.split("#", 1)[0].rpartition("/")
    if not sep:
        return uri, "", ""
    table, _, column = last.rpartition(".")
    return base, table, column


def path_matches(glob: str, path: str | None, relative: tuple[str, ...]) -> bool:
    """`relative`: the same path below each scanned root, for globs that are not absolute."""
    if path is None:
        return False
    rx = glob_regex(glob)
    if is_absolute(glob):
        return bool(rx.fullmatch(path))
    if glob.startswith("**") and rx.fullmatch(path.lstrip("/")):  # "anywhere", whatever was scanned
        return True
    return any(rx.fullmatch(rel) for rel in relative)


def selector_matches(sel: Selector, place: Place, address_hash=None) -> bool:
    """True when every field of the selector names this place. `address_hash(addr)` hashes mail addresses."""
    f = dict(sel.fields)
    if sel.kind == "path":
        return path_matches(f["path"], place.path, place.rel_path)
    if sel.kind == "mail":
        if place.message is None:
            return False
        if "export" in f and not path_matches(f["export"], place.export, place.relative(place.export)):
            return False
        if "folder" in f and not glob_regex(f["folder"].strip("/")).fullmatch(place.folder or ""):
            return False
        if "address" in f and (address_hash is None or address_hash(f["address"]) not in place.parties):
            return False
        return True
    if sel.kind == "database":
        if place.db is None:
            return False
        base, table, column = place.db
        if "url" in f and not glob_regex(f["url"]).fullmatch(base):
            return False
        if "table" in f:
            rx = glob_regex(f["table"])
            bare = table.split(".", 1)[1] if "." in table else table
            if not (rx.fullmatch(table) or rx.fullmatch(bare)):
                return False
        if "column" in f and not glob_regex(f["column"]).fullmatch(column):
            return False
        return True
    return False


def source_roots(sources: list[str], uris: list[str]) -> tuple[str, ...]:
    """The scanned folders, absolute. A relative source is found in the item uris, since the scan's
    working directory is not the report's."""
    roots = []
    for s in sources:
        if "://" in s and not s.startswith("file://"):
            roots.append(re.sub(r"://[^/@]*@", "://", s).rstrip("/"))  # item uris carry no user name
            continue
        p = os.path.normpath(s[len("file://"):] if s.startswith("file://") else s)
        if os.path.isabs(p):
            roots.append(p)
            continue
        needle = "/" + p.strip("./") + "/"
        hit = next((u for u in uris if needle in u), None)
        roots.append(hit[:hit.index(needle) + len(needle) - 1] if hit else os.path.abspath(p))
    return tuple(dict.fromkeys(roots))
