"""Render a Report through the renderer registry, as the CLI does."""
from __future__ import annotations

import io

from pdscan.plugins import renderers


def render(report, fmt: str, **options) -> str:
    buf = io.StringIO(newline="")
    renderers()[fmt].fn(report, buf, **options)
    return buf.getvalue()
