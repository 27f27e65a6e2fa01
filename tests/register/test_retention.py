"""Every retention kind and its day boundaries."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from pdscan.register.model import EventDate, Retention
from pdscan.register.periods import parse_period
from pdscan.register.retention import bucket_bounds, judge, to_date

NOW = date(2026, 6, 1)


def rule(kind="duration", period="P30D", start="modified", **kw):
    return Retention(kind=kind, period=parse_period(period) if period else None, start=start, **kw)


@pytest.mark.parametrize("text, ymd", [("P30D", (0, 0, 30)), ("P2W", (0, 0, 14)), ("P24M", (0, 24, 0)),
                                       ("P5Y", (5, 0, 0)), ("P1Y6M", (1, 6, 0)), ("P0D", (0, 0, 0))])
def test_parse_period(text, ymd):
    p = parse_period(text)
    assert (p.years, p.months, p.days) == ymd and str(p) == text


@pytest.mark.parametrize("text", ["P", "30D", "P30X", "PT1H", "P1.5Y", "p30d", ""])
def test_parse_period_rejects(text):
    with pytest.raises(ValueError, match="is not an ISO 8601 duration"):
        parse_period(text)


@pytest.mark.parametrize("age, verdict, overdue", [(29, "covered", None), (30, "covered", None), (31, "overdue", 1),
                                                   (400, "overdue", 370)])
def test_thirty_days_from_modified_boundaries(age, verdict, overdue):
    out = judge(rule(), datetime(2026, 6, 1, 8, tzinfo=timezone.utc) - timedelta(days=age), NOW)
    assert (out.verdict, out.overdue_days) == (verdict, overdue)


def test_months_are_calendar_months():
    # 31 January + P1M ends 28 February (2026 is not a leap year); 1 March is the first day overdue
    r = rule(period="P1M")
    assert judge(r, "2026-01-31T10:00:00+00:00", date(2026, 2, 28)).verdict == "covered"
    out = judge(r, "2026-01-31T10:00:00+00:00", date(2026, 3, 1))
    assert (out.verdict, out.overdue_days) == ("overdue", 1)
    assert "ended 2026-02-28" in out.detail


def test_twenty_four_months_from_sent():
    r = rule(period="P24M", start="sent")
    assert judge(r, "2024-06-01T23:59:00+00:00", NOW).verdict == "covered"
    assert judge(r, "2024-05-31T00:00:00+00:00", NOW).overdue_days == 1


def test_timestamps_are_utc_dates():
    # 23:30 on 1 May in Oslo (+02:00) is 21:30 UTC the same day
    assert to_date("2026-05-01T23:30:00+02:00") == date(2026, 5, 1)
    assert to_date("2026-05-01T00:30:00+02:00") == date(2026, 4, 30)
    assert to_date(None) is None and to_date("not a date") is None


def test_missing_timestamp_needs_review():
    out = judge(rule(start="sent"), None, NOW)
    assert out.verdict == "needs_review" and "no 'sent' timestamp" in out.detail


def test_none_stated_needs_review_and_quotes_the_notice():
    out = judge(Retention(kind="none_stated", as_declared="as long as necessary"), None, NOW)
    assert out.verdict == "needs_review" and "'as long as necessary'" in out.detail


@pytest.mark.parametrize("modified, verdict", [("2025-06-01", "covered"), ("2025-05-31", "needs_review")])
def test_review_cycle(modified, verdict):
    out = judge(rule(kind="review", period="P12M"), modified + "T12:00:00+00:00", NOW)
    assert out.verdict == verdict and out.overdue_days is None
    assert ("review was due 2026-05-31, 1 days ago" in out.detail) == (verdict == "needs_review")


PATH_EVENT = EventDate(event="end of the event", path=r"events/(?P<date>\d{4}-\d{2}-\d{2})-")


@pytest.mark.parametrize("folder, verdict, overdue", [
    ("2026-06-02-summer", "covered", None),  # not ended yet
    ("2026-06-01-summer", "covered", None),  # ends today
    ("2026-05-31-summer", "overdue", 1),  # "deleted immediately after the event": the next day is late
    ("2025-06-12-summer", "overdue", 354),
])
def test_after_event_from_the_path(folder, verdict, overdue):
    r = rule(kind="event", period="P0D", start=None, after=PATH_EVENT)
    out = judge(r, None, NOW, uri=f"/share/events/{folder}/participants.xlsx")
    assert (out.verdict, out.overdue_days) == (verdict, overdue)


def test_after_event_with_a_grace_period():
    r = rule(kind="event", period="P7D", start=None, after=PATH_EVENT)
    assert judge(r, None, NOW, uri="/s/events/2026-05-25-x/a.csv").verdict == "covered"
    assert judge(r, None, NOW, uri="/s/events/2026-05-24-x/a.csv").overdue_days == 1


def test_after_event_without_a_date_needs_review():
    r = rule(kind="event", period="P0D", start=None, after=PATH_EVENT)
    out = judge(r, None, NOW, uri="/s/events/summer/a.csv")
    assert out.verdict == "needs_review" and "date is not known" in out.detail
    out = judge(r, None, NOW, uri="/s/events/2026-13-45-x/a.csv")
    assert out.verdict == "needs_review" and "not a date" in out.detail


def test_after_event_from_a_calendar():
    ev = EventDate(event="end of the recruitment", key=r"recruitment/(?P<key>[^/]+)/", calendar_file="cal.csv",
                   calendar={"2024-dev": date(2024, 4, 30), "2026-open": None})
    r = rule(kind="event", period="P0D", start=None, after=ev)
    done = judge(r, None, NOW, uri="/s/hr/recruitment/2024-dev/cv.docx")
    assert done.verdict == "overdue" and done.overdue_days == (NOW - date(2024, 4, 30)).days
    assert "'2024-dev' in cal.csv" in done.detail
    running = judge(r, None, NOW, uri="/s/hr/recruitment/2026-open/cv.docx")
    assert running.verdict == "covered" and "has not ended (no end date in cal.csv)" in running.detail
    assert "not in cal.csv" in judge(r, None, NOW, uri="/s/hr/recruitment/unknown/cv.docx").detail


@pytest.mark.parametrize("label, bounds", [("<30d", (0, 30)), ("30d-1y", (30, 365.25)), ("1-2y", (365.25, 730.5)),
                                           (">5y", (1826.25, None))])
def test_bucket_bounds(label, bounds):
    assert bucket_bounds(label) == bounds


ROWS = {"row_date_column": "created_at", "oldest": "2020-01-10T00:00:00+00:00", "newest": "2026-05-20T00:00:00+00:00",
        "rows": 100, "age_buckets": {"<30d": 10, "30d-1y": 20, "1-2y": 30, "2-5y": 25, ">5y": 15}}


def test_rows_past_retention_from_the_age_distribution():
    out = judge(rule(period="P12M", start="row_date"), ROWS, NOW, scanned=NOW)
    # 1-2y, 2-5y and >5y are past twelve months; the 30d-1y bucket straddles the limit
    assert (out.verdict, out.rows_overdue) == ("overdue", 70)
    assert "70 of 100 rows" in out.detail and "up to 20 more" in out.detail
    assert out.overdue_days == (date(2025, 6, 1) - date(2020, 1, 10)).days


def test_rows_age_after_the_scan():
    # scanned 340 days before now: the 30d-1y bucket is now entirely past a twelve-month limit
    dist = dict(ROWS, newest="2025-06-20T00:00:00+00:00")
    out = judge(rule(period="P12M", start="row_date"), dist, NOW, scanned=NOW - timedelta(days=340))
    assert out.rows_overdue == 90 and "up to 10 more" in out.detail


def test_rows_all_within_or_all_past():
    within = dict(ROWS, oldest="2026-05-01T00:00:00+00:00")
    assert judge(rule(period="P12M", start="row_date"), within, NOW).rows_overdue == 0
    past = dict(ROWS, newest="2020-02-01T00:00:00+00:00")
    assert judge(rule(period="P12M", start="row_date"), past, NOW).rows_overdue == 100
    assert judge(rule(start="row_date"), {"rows": 3, "oldest": None}, NOW).verdict == "needs_review"


def test_review_cycle_per_row():
    out = judge(rule(kind="review", period="P12M", start="row_date"), ROWS, NOW, scanned=NOW)
    assert (out.verdict, out.rows_overdue, out.overdue_days) == ("needs_review", 70, None)
    assert "70 of 100 rows are due for review" in out.detail
