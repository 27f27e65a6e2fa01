"""`--format md`: a readable summary for a terminal, a ticket or a wiki page."""
from __future__ import annotations

from typing import TextIO

from ..plugins import renderer
from .build import Report
from .templates import context, markdown_environment


@renderer("md")
def render_markdown(report: Report, out: TextIO, limit: int = 50, **options) -> None:
    """`limit` caps each table; the CSV and JSON formats always list everything."""
    markdown_environment().get_template("report.md.j2").stream(context(report, limit)).dump(out)
