"""`--format csv`: one row per finding (with its verdict when there is a register), for spreadsheets.

With a comparison, a `change` column says new or unchanged, and findings resolved since the previous
scan follow as rows of their own.
"""
from __future__ import annotations

import csv
from typing import TextIO

from ..plugins import renderer
from .build import FINDING_FIELDS, VERDICT_COLUMNS, Report, records
from .compare import ids

# Cells a spreadsheet would run as a formula; untrusted text starting with these is prefixed with '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


@renderer("csv")
def render_csv(report: Report, out: TextIO, **options) -> None:
    fields = FINDING_FIELDS + ("field",)
    if report.verdicts is not None:
        fields += VERDICT_COLUMNS
    rows = records(report.findings, fields)
    c = report.comparison
    if c is not None:
        fields += ("change",)
        new_ids = set(c.new["id"])
        changed = records(report.findings.assign(
            change=[("new" if i in new_ids else "unchanged") for i in ids(report.findings)]), fields)
        rows = changed + records(c.resolved.assign(change="resolved"), fields)
    writer = csv.writer(out)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([cell(row[f]) for f in fields])

