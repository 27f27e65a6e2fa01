"""`--format md`: a readable summary for a terminal, a ticket or a wiki page."""
from __future__ import annotations

from typing import TextIO

from ..plugins import renderer
from .build import Report
from .summary import ACTION_TITLES, summarize
from .templates import markdown_environment


@renderer("md")
def render_markdown(report: Report, out: TextIO, limit: int = 50, **options) -> None:
    """`limit` caps each table; the CSV and JSON formats always list everything."""
    s = summarize(report)
    out.write(markdown_environment().get_template("report.md.j2").render(
        run=report.run, register=report.register, show_data=report.show_data,
        previous=report.comparison.previous_run if report.comparison else None,
        has_verdicts=report.verdicts is not None, s=s, t=s.totals, titles=ACTION_TITLES, limit=limit))
