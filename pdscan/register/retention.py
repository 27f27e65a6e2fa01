"""Retention arithmetic: given a rule, an item's timestamps and `now`, is the data still allowed?

Day granularity in UTC. A period P ends on start + P (calendar arithmetic); data is overdue from the
day after that: 30 days from modified on 1 March -> deadline 31 March -> overdue (by 1 day) on 1 April.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from .model import COVERED, NEEDS_REVIEW, OVERDUE, Retention


@dataclass(frozen=True)
class Outcome:
    verdict: str
    detail: str
    overdue_days: int | None = None
    rows_overdue: int | None = None


def to_date(value: Any) -> date | None:
    """A stored timestamp (ISO string, datetime, pandas Timestamp) as a UTC calendar date."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if hasattr(value, "to_pydatetime"):
        if value != value:  # NaT
            return None
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return (value.astimezone(timezone.utc) if value.tzinfo else value).date()
    return value if isinstance(value, date) else None


def judge(rule: Retention, timestamp: Any, now: date, uri: str = "", scanned: date | None = None) -> Outcome:
    """Apply one rule. `timestamp` is the value of the rule's start (`row_date`: the row-age dict)."""
    if rule.kind == "none_stated":
        said = f" (declared: '{rule.as_declared}')" if rule.as_declared else ""
        return Outcome(NEEDS_REVIEW, f"no fixed retention period{said}: review whether the data is still needed")
    if rule.kind == "event":
        return _after_event(rule, uri, now)
    if rule.start == "row_date" and isinstance(timestamp, dict):  # duration or review, per row
        return _rows(rule, timestamp, now, scanned or now)
    start = to_date(timestamp)
    if start is None:
        return Outcome(NEEDS_REVIEW, f"{rule.describe()}, but no '{rule.start}' timestamp is recorded for this item")
    return _deadline(rule, start, f"{rule.start} {start.isoformat()}", now)


def _deadline(rule: Retention, start: date, since: str, now: date) -> Outcome:
    due = rule.period.add_to(start)
    late = (now - due).days
    if rule.kind == "review":
        if late > 0:
            return Outcome(NEEDS_REVIEW, f"review every {rule.period} from {since}: review was due {due.isoformat()}, "
                                         f"{late} days ago")
        return Outcome(COVERED, f"review every {rule.period} from {since}: next review due {due.isoformat()}")
    if late > 0:
        return Outcome(OVERDUE, f"{late} days overdue: {rule.period} from {since} ended {due.isoformat()}",
                       overdue_days=late)
    return Outcome(COVERED, f"within {rule.period} from {since}: may be kept until {due.isoformat()}")


def event_end(rule: Retention, uri: str) -> tuple[date | None, str]:
    """The event's end date for this uri, and where it came from (for the detail)."""
    ev = rule.after
    if ev.path:
        m = re.search(ev.path, uri)
        if not m:
            return None, f"the uri does not match {ev.path!r}"
        try:
            return date.fromisoformat(m.group("date")), "from the path"
        except ValueError:
            return None, f"'{m.group('date')}' in the path is not a date"
    m = re.search(ev.key, uri)
    if not m:
        return None, f"the uri does not match {ev.key!r}"
    key = m.group("key")
    if key not in ev.calendar:
        return None, f"'{key}' is not in {ev.calendar_file}"
    end = ev.calendar[key]
    return end, (f"'{key}' in {ev.calendar_file}" if end else RUNNING)


# A calendar row with no end date: the event (a recruitment) is still running.
RUNNING = "running"


def _after_event(rule: Retention, uri: str, now: date) -> Outcome:
    end, source = event_end(rule, uri)
    if source == RUNNING:
        return Outcome(COVERED, f"{rule.describe()}: it has not ended (no end date in {rule.after.calendar_file})")
    if end is None:
        return Outcome(NEEDS_REVIEW, f"{rule.describe()}, but the date is not known ({source})")
    if end >= now:
        return Outcome(COVERED, f"{rule.describe()}: it ends {end.isoformat()} ({source}); keep until then")
    return _deadline(rule, end, f"{rule.after.event} {end.isoformat()} ({source})", now)


# Bucket labels such as "<30d", "30d-1y", "1-2y", ">5y": ages in days, approximate for months and years.
_UNIT_DAYS = {"d": 1.0, "w": 7.0, "m": 30.44, "y": 365.25}
_BOUND = re.compile(r"(\d+(?:\.\d+)?)\s*([dwmy])?", re.IGNORECASE)


def bucket_bounds(label: str) -> tuple[float, float | None]:
    """Age range in days [low, high) of a row-age bucket label; high None = open-ended."""
    nums = _BOUND.findall(label)
    if not nums:
        raise ValueError(f"row-age bucket '{label}' has no bounds")
    unit = next((u for _, u in reversed(nums) if u), "d").lower()
    days = [float(n) * _UNIT_DAYS[(u or unit).lower()] for n, u in nums]
    if label.strip().startswith("<"):
        return 0.0, days[0]
    if label.strip().startswith(">"):
        return days[0], None
    return days[0], days[1] if len(days) > 1 else None


def _buckets(dist: dict) -> list[tuple[float, float | None, int]]:
    raw = dist.get("age_buckets") or {}
    if isinstance(raw, dict):
        return [(*bucket_bounds(label), int(n)) for label, n in raw.items()]
    return [(float(b.get("min_days") or 0), b.get("max_days"), int(b.get("rows") or 0)) for b in raw]


def _rows(rule: Retention, dist: dict, now: date, scanned: date) -> Outcome:
    """A database column: the rule applies per row; the row-age distribution says how many are past it."""
    oldest, newest = to_date(dist.get("oldest")), to_date(dist.get("newest"))
    col = dist.get("row_date_column") or dist.get("column") or "row date"
    if oldest is None:
        why = f": {dist['error']}" if dist.get("error") else ""
        return Outcome(NEEDS_REVIEW, f"{rule.describe()}, but the row dates of {col} are not known{why}")
    cutoff = rule.period.back_from(now)
    total = dist.get("rows")
    scanned = to_date(dist.get("as_of")) or scanned  # the ages were measured then
    if oldest >= cutoff:
        return Outcome(COVERED, f"every row is within {rule.period} from {col} (oldest {oldest.isoformat()})",
                       rows_overdue=0)
    late = (cutoff - oldest).days
    limit = (now - cutoff).days
    shift = (now - scanned).days  # rows have aged since the scan measured them
    certain = possible = 0
    for low, high, n in _buckets(dist):
        if low + shift > limit:
            certain += n
        elif high is None or high + shift > limit:
            possible += n
    if newest is not None and newest < cutoff:
        certain, possible = int(total or certain + possible), 0
    counted = f"{certain} of {total} rows" if total is not None else f"{certain} rows"
    more = f" (and up to {possible} more in the age bucket that spans the limit)" if possible else ""
    if rule.kind == "review":
        return Outcome(NEEDS_REVIEW, f"review every {rule.period} from {col}: {counted} are due for review{more}; "
                                     f"the oldest ({oldest.isoformat()}) was due {late} days ago", rows_overdue=certain)
    return Outcome(OVERDUE, f"{counted} older than {rule.period} from {col}{more}; the oldest by {late} days "
                            f"({oldest.isoformat()})", overdue_days=late, rows_overdue=certain)
