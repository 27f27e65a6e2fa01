"""`--format json`: the stable shape documented in the README, for programs."""
from __future__ import annotations

import json
from typing import TextIO

from ..plugins import renderer
from .build import Report


@renderer("json")
def render_json(report: Report, out: TextIO, **options) -> None:
    json.dump(report.as_dict(), out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")
