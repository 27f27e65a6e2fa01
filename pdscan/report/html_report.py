"""`--format html`: the self-contained compliance report for a DPO (no scripts, no network, one file)."""
from __future__ import annotations

from typing import TextIO

from ..plugins import renderer
from .build import VERDICTS, Report
from .summary import ACTION_TITLES, summarize
from .templates import html_environment


@renderer("html")
def render_html(report: Report, out: TextIO, limit: int = 1000, **options) -> None:
    """`limit` caps each table so the file stays usable on large estates; the drill-down lists everything."""
    s = summarize(report)
    out.write(html_environment().get_template("report.html.j2").render(
        run=report.run, register=report.register, show_data=report.show_data,
        previous=report.comparison.previous_run if report.comparison else None,
        has_verdicts=report.verdicts is not None, s=s, t=s.totals, titles=ACTION_TITLES,
        verdict_order=VERDICTS, limit=limit))
