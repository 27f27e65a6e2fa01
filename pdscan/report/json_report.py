"""`--format json`: the stable shape documented in the README, for programs.

Lists hold one record per line: readable, diff-friendly, and written by json's C encoder (an indented
dump goes through the pure-Python encoder, several times slower on large stores).
"""
from __future__ import annotations

import json
from typing import TextIO

from ..plugins import renderer
from .build import Report


def _dumps(value, **kw) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, **kw)


def _records(rows: list, indent: str) -> str:
    if not rows:
        return "[]"
    return "[\n" + ",\n".join(f"{indent}  {_dumps(r)}" for r in rows) + f"\n{indent}]"


def _members(pairs: list[tuple[str, str]], indent: str) -> str:
    return "{\n" + ",\n".join(f"{indent}  {_dumps(k)}: {v}" for k, v in pairs) + f"\n{indent}}}"


@renderer("json")
def render_json(report: Report, out: TextIO, **options) -> None:
    top = []
    for key, value in report.as_dict().items():
        if key == "run":
            text = _dumps(value, indent=2).replace("\n", "\n  ")
        elif key == "comparison":
            text = _members([(k, _records(v, "    ")) for k, v in value.items()], "  ")
        else:
            text = _records(value, "  ")
        top.append((key, text))
    out.write(_members(top, "") + "\n")
