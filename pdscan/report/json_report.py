"""`--format json`: the stable shape documented in the README, for programs.

Lists hold one record per line: readable, diff-friendly, streamed, and written by json's C encoder
(an indented dump goes through the pure-Python encoder, several times slower on large stores).
"""
from __future__ import annotations

import json
from typing import TextIO

from ..plugins import renderer
from .build import Report


def _dumps(value, **kw) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, **kw)


def _records(rows: list, indent: str, out: TextIO) -> None:
    out.write("[")
    for i, row in enumerate(rows):
        out.write(("\n" if i == 0 else ",\n") + f"{indent}  {_dumps(row)}")
    out.write(f"\n{indent}]" if rows else "]")


def _separator(i: int, n: int) -> str:
    return ",\n" if i < n - 1 else "\n"


@renderer("json")
def render_json(report: Report, out: TextIO, **options) -> None:
    data = report.as_dict()
    out.write("{\n")
    for i, (key, value) in enumerate(data.items()):
        out.write(f"  {_dumps(key)}: ")
        if key == "run":
            out.write(_dumps(value, indent=2).replace("\n", "\n  "))
        elif key == "comparison":
            out.write("{\n")
            for j, (name, rows) in enumerate(value.items()):
                out.write(f"    {_dumps(name)}: ")
                _records(rows, "    ", out)
                out.write(_separator(j, len(value)))
            out.write("  }")
        else:
            _records(value, "  ", out)
        out.write(_separator(i, len(data)))
    out.write("}\n")
