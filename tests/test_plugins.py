"""Every module of a plugin package registers something (style-examples §1), so a new connector,
extractor or report format that forgot its decorator fails here instead of silently doing nothing.

A module that registers nothing is allowed only as a helper its siblings import (like
`pdscan/extract/sniff.py`); one that nobody imports and that registers nothing is dead or broken.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

from pdscan import plugins

PACKAGES = {"pdscan.sources": plugins.sources, "pdscan.extract": plugins.extractors,
            "pdscan.report": plugins.renderers}


def modules(package: str) -> list[str]:
    pkg = importlib.import_module(package)
    return [m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")]


def imported_siblings(package: str) -> set[str]:
    """Modules of `package` that its own modules (or its __init__) import with a relative import."""
    folder = Path(importlib.import_module(package).__file__).parent
    names: set[str] = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    names.add(node.module.split(".")[0])
                else:
                    names.update(a.name for a in node.names)
    return names


def registered_modules(registry: dict) -> set[str]:
    return {entry.module for entry in registry.values()}


CASES = [(package, name) for package in PACKAGES for name in modules(package)]


@pytest.mark.parametrize("package,name", CASES, ids=[f"{p}.{n}" for p, n in CASES])
def test_every_plugin_module_registers_something(package, name):
    registered = registered_modules(PACKAGES[package]())
    if f"{package}.{name}" in registered:
        return
    assert name in imported_siblings(package), (
        f"{package}.{name} registers nothing and no sibling imports it: add its decorator "
        f"(@source/@extractor/@renderer) or remove it")


def test_the_report_formats_are_registered_by_their_own_modules():
    assert {n: r.module for n, r in plugins.renderers().items()} == {
        "json": "pdscan.report.json_report", "csv": "pdscan.report.csv_report",
        "md": "pdscan.report.markdown_report", "html": "pdscan.report.html_report"}
