"""`--format html`: the self-contained compliance report for a DPO (no scripts, no network, one file)."""
from __future__ import annotations

from typing import TextIO

from ..plugins import renderer
from .build import Report
from .templates import context, html_environment


@renderer("html")
def render_html(report: Report, out: TextIO, limit: int = 1000, **options) -> None:
    """`limit` caps each table so the file stays usable on large estates; the drill-down lists everything."""
    html_environment().get_template("report.html.j2").stream(context(report, limit)).dump(out)
