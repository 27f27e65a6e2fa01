"""ISO 8601 periods in calendar units (P30D, P2W, P24M, P5Y) and the date arithmetic retention needs.

Months and years are calendar months and years: P1M from 31 January ends on the last day of February,
as a person reading "one month" expects, not after 30 days.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

_PERIOD = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0  # weeks are folded into days
    text: str = "P0D"

    def add_to(self, d: date) -> date:
        return d + self._delta()

    def back_from(self, d: date) -> date:
        return d - self._delta()

    def _delta(self) -> relativedelta:
        return relativedelta(years=self.years, months=self.months, days=self.days)

    def __str__(self) -> str:
        return self.text


def parse_period(text: str) -> Period:
    """`P24M` -> Period(months=24). Raises ValueError for anything else (time parts included)."""
    m = _PERIOD.match(text or "")
    if not m:
        raise ValueError(f"'{text}' is not an ISO 8601 duration")
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    return Period(years=y, months=mo, days=w * 7 + d, text=text)
