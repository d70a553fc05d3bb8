"""AMAZON.DATE values as the days of a visit: days, weeks and weekends count; vaguer words do not."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from skill.alexa.spoken_dates import days_meant, visit_days

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize("value, expected", [
    ("2027-03-04", (date(2027, 3, 4), date(2027, 3, 4))),
    ("2026-W49", (date(2026, 11, 30), date(2026, 12, 6))),      # Monday to Sunday
    ("2026-W49-WE", (date(2026, 12, 5), date(2026, 12, 6))),    # Saturday and Sunday
    ("2020-W53", (date(2020, 12, 28), date(2021, 1, 3))),       # a 53-week year, across New Year
    ("2027-W53", None),                                         # 2027 has 52 weeks
    ("2027-02-30", None),
    ("2027-03", None), ("2027", None), ("202X", None), ("2027-SU", None), ("PRESENT_REF", None),
    ("", None), (None, None), ("march fourth", None),
])
def test_what_each_kind_of_value_stands_for(value, expected):
    assert days_meant(value) == expected


@given(days)
def test_a_day_is_itself(day):
    assert days_meant(day.isoformat()) == (day, day)


@given(days, st.booleans())
def test_a_week_runs_monday_to_sunday_and_its_weekend_is_its_last_two_days(day, weekend):
    year, week, _ = day.isocalendar()
    first, last = days_meant(f"{year}-W{week:02d}" + ("-WE" if weekend else ""))
    assert first <= day <= last or weekend
    assert last.weekday() == 6 and (last - first).days == (1 if weekend else 6)


@pytest.mark.parametrize("start, end, expected", [
    ("2027-03-04", "2027-03-11", (date(2027, 3, 4), date(2027, 3, 11))),
    ("2026-W49-WE", None, (date(2026, 12, 5), date(2026, 12, 6))),   # "this weekend" says it all
    ("2026-W49", None, (date(2026, 11, 30), date(2026, 12, 6))),
    ("2026-12-01", "2026-W50", (date(2026, 12, 1), date(2026, 12, 13))),  # "until next week": its Sunday
    ("2027-03-04", None, (date(2027, 3, 4), None)),                  # one day: the end is asked
    (None, "2027-03-11", (None, date(2027, 3, 11))),
    ("2027-03", "2027-03-11", (None, date(2027, 3, 11))),            # "in March": which day is asked
    (None, None, (None, None)),
])
def test_the_visit_is_built_from_both_slots(start, end, expected):
    assert visit_days(start, end) == expected


@given(days, st.integers(min_value=0, max_value=60))
def test_two_days_make_that_visit(start, length):
    end = start + timedelta(days=length)
    assert visit_days(start.isoformat(), end.isoformat()) == (start, end)


@pytest.mark.parametrize("start, end, expected", [
    # Said on Tuesday 24 November 2026: Alexa reads a day alone as the next such day from today.
    ("2026-12-20", "2026-11-27", date(2026, 12, 27)),   # "from December 20th to the 27th"
    ("2027-01-04", "2026-12-10", date(2027, 1, 10)),    # "from January 4th to the 10th"
    ("2027-01-30", "2026-12-02", date(2027, 2, 2)),     # "from January 30th to the 2nd"
    ("2027-03-10", "2027-03-04", date(2027, 3, 4)),     # "March 10th to March 4th": a real mistake, refused later
    ("2027-03-10", "2027-02-02", date(2027, 2, 2)),     # "March 10th to February 2nd", said in full: kept
])
def test_an_end_said_as_a_day_alone_follows_the_start(start, end, expected):
    assert visit_days(start, end, date(2026, 11, 24)) == (date.fromisoformat(start), expected)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 300), st.integers(1, 28))
def test_an_adjusted_end_is_never_before_the_start_nor_a_month_past_it(today, lead, day):
    start = today + timedelta(days=lead)
    alexa_end = next(today + timedelta(days=n) for n in range(40) if (today + timedelta(days=n)).day == day)
    got_start, got_end = visit_days(start.isoformat(), alexa_end.isoformat(), today)
    assert got_start == start
    assert got_end == alexa_end or (got_end.day == day and start <= got_end <= start + timedelta(days=31))
