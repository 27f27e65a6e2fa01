"""Jinja2 environments over the templates in reports/, each escaping for its output language.

Snippets, file names and messages come from untrusted documents, so every `{{ }}` is escaped by
default: HTML by Jinja's autoescape, Markdown by a finalizer that backslash-escapes its punctuation.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache

import jinja2
from markupsafe import Markup

from ..paths import data_dir
from .build import VERDICTS, Report
from .summary import ACTION_TITLES, relative, summarize

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


class MarkdownRaw(str):
    """Markdown a filter built on purpose; the finalizer leaves it as it is."""


def md_escape(value) -> str:
    if value is None:
        return ""
    if isinstance(value, MarkdownRaw):
        return value
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def md_code(value) -> MarkdownRaw:
    """An inline code span: shows untrusted text literally (no markup, no HTML) in any CommonMark reader."""
    text = " ".join(str(value if value is not None else "").split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MarkdownRaw(f"{fence}{pad}{text}{pad}{fence}") if text else MarkdownRaw("")


def when(value) -> str:
    """An ISO timestamp from run.json as a person reads it: minutes, in UTC."""
    if not value:
        return "unknown time"
    try:
        return datetime.fromisoformat(str(value)).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return str(value)


def number(value) -> str:
    return f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else str(value)


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["number"] = number
    env.filters["when"] = when
    env.filters["relative"] = relative
    return env


@lru_cache(maxsize=None)
def html_environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("reports"))), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    # The stylesheet is our own file, inlined so the report stays one self-contained file.
    env.filters["inline_asset"] = lambda name: Markup(env.loader.get_source(env, name)[0])
    return _common(env)


@lru_cache(maxsize=None)
def markdown_environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("reports"))), autoescape=False,
                             finalize=md_escape, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["code"] = md_code
    env.filters["raw"] = MarkdownRaw  # for macro output, which is Markdown the template itself wrote
    return _common(env)


# run.json keys the templates read, with what to show when a store (hand-built, older) lacks them.
RUN_DEFAULTS = {"sources": [], "started": "", "ended": "", "pdscan_version": "", "aborted": False}


def context(report: Report, limit: int) -> dict:
    """What the report templates see: the run, the summary (`s`, totals as `t`) and a row cap per table."""
    s = summarize(report)
    run = {**report.run, **{k: report.run.get(k) or v for k, v in RUN_DEFAULTS.items()}}
    return dict(run=run, register=report.register, show_data=report.show_data,
                previous=report.comparison.previous_run if report.comparison else None,
                has_verdicts=report.verdicts is not None, s=s, t=s.totals, titles=ACTION_TITLES,
                verdict_order=VERDICTS, limit=limit, people=people_affected(report),
                suggestions=suggested_entries(report))


def people_affected(report: Report) -> dict | None:
    """People affected per place and activity (pdscan.people), or None where the store holds no identifiers."""
    from ..people.affected import affected

    result = affected(report.findings, report.items, report.verdicts)
    return result if result["places"] else None


def suggested_entries(report: Report) -> str | None:
    """Draft register entries (pdscan.register.suggest) for the undocumented findings, when there are verdicts."""
    if report.verdicts is None:
        return None
    from ..register.suggest import drafts, render
    from ..store.parquet import Store

    ds = drafts(Store(path=None, run=report.run, items=report.items, findings=report.findings), report.verdicts)
    return render(ds, report.items) if ds else None
