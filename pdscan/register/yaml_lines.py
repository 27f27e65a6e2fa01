"""YAML that remembers where every value was written, so errors can say `file:line: field`."""
from __future__ import annotations

from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `2025-06-12` stays a string, as JSON Schema expects."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """The document and a map from each value's path (keys and list indexes) to its 1-based line."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            raise YamlProblem(mark.line + 1 if mark else 1, f"YAML syntax: {e.problem or e.context}") from e
        if node is None:
            return None, {(): 1}
        lines: dict[Path_, int] = {}
        _walk(node, (), lines)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in seen:  # PyYAML would keep the last one silently; a register or detector pack must not
                raise YamlProblem(key.start_mark.line + 1,
                                  f"{format_path(path + (name,))}: duplicate key (first on line {seen[name]})")
            seen[name] = key.start_mark.line + 1
            _walk(value, path + (name,), lines)
            lines[path + (name,)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _walk(value, path + (i,), lines)


def format_path(path: Path_) -> str:
    """('activities', 3, 'retention') -> 'activities[3].retention'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def line_of(lines: dict[Path_, int], path: Path_) -> int:
    """The line of the deepest written part of `path` (a missing key reports its parent's line)."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)
