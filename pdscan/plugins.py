"""Self-registering extension points: a connector, extractor or report format is one new module.

Modules under pdscan/sources, pdscan/extract and pdscan/report are imported on first use and register
themselves with the decorators below; no central list names them.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any, Callable

_LOADED: set[str] = set()


def load_package(package: str) -> None:
    """Import every module of a plugin package once, so their decorators run."""
    if package in _LOADED:
        return
    _LOADED.add(package)
    pkg = importlib.import_module(package)
    for mod in pkgutil.iter_modules(pkg.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{package}.{mod.name}")


@dataclass(frozen=True)
class Source:
    """A connector: `fn(uri, options) -> Iterator[Item]` for URIs it claims by scheme or by `claims(uri)`."""

    name: str
    fn: Callable
    schemes: tuple[str, ...] = ()
    claims: Callable[[str], bool] | None = None
    priority: int = 0  # higher wins when several claim a URI
    module: str = ""


@dataclass(frozen=True)
class Extractor:
    """Turns an Item into Segments and child Items: `fn(item, limits) -> Iterator[Segment | Item]`."""

    name: str
    fn: Callable
    media_types: tuple[str, ...]
    module: str = ""


@dataclass(frozen=True)
class Renderer:
    name: str
    fn: Callable  # fn(report: pdscan.report.Report, out: TextIO | BinaryIO, **options)
    binary: bool = False
    module: str = ""


SOURCES: dict[str, Source] = {}
EXTRACTORS: dict[str, Extractor] = {}  # by media type
RENDERERS: dict[str, Renderer] = {}


def source(name: str, schemes: tuple[str, ...] = (), claims: Callable[[str], bool] | None = None, priority: int = 0):
    def deco(fn: Callable) -> Callable:
        SOURCES[name] = Source(name, fn, tuple(schemes), claims, priority, fn.__module__)
        return fn

    return deco


def extractor(media_types: list[str] | tuple[str, ...], name: str | None = None):
    def deco(fn: Callable) -> Callable:
        ex = Extractor(name or fn.__name__, fn, tuple(media_types), fn.__module__)
        for mt in media_types:
            EXTRACTORS[mt] = ex
        return fn

    return deco


def renderer(name: str, binary: bool = False):
    def deco(fn: Callable) -> Callable:
        RENDERERS[name] = Renderer(name, fn, binary, fn.__module__)
        return fn

    return deco


def sources() -> dict[str, Source]:
    load_package("pdscan.sources")
    return SOURCES


def extractors() -> dict[str, Extractor]:
    load_package("pdscan.extract")
    return EXTRACTORS


def renderers() -> dict[str, Renderer]:
    load_package("pdscan.report")
    return RENDERERS


def source_for(uri: str) -> Source:
    """The connector for a source URI: scheme first, then content claims (mbox, pst, maildir...)."""
    srcs = sources()
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme and scheme != "file":
        for s in sorted(srcs.values(), key=lambda s: -s.priority):
            if scheme in s.schemes or any(scheme.startswith(f"{x}+") for x in s.schemes):
                return s
        raise LookupError(f"no connector for scheme '{scheme}://'; known: {', '.join(sorted({x for s in srcs.values() for x in s.schemes}))}")
    return claimant(uri) or srcs["files"]


def claimant(uri: str) -> Source | None:
    """The highest-priority connector that claims a local path by its content (an mbox, a Maildir...), if any."""
    for s in sorted(sources().values(), key=lambda s: -s.priority):
        if s.claims is not None and s.claims(uri):
            return s
    return None


