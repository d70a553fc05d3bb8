"""Property: any zone, any weekly local time -> the feed expands to the expected instants.

Expected occurrences are computed directly with zoneinfo (same wall time
every week; RFC 5545 reads a wall time in a spring-forward gap with the
offset before the gap and a repeated wall time as its first occurrence,
which is what zoneinfo's fold=0 does).  The feed is expanded with
recurring-ical-events.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

import recurring_ical_events
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from scheduling.ical import FeedEvent, make_uid, render_calendar

UTC = timezone.utc
ZONES = sorted(available_timezones())
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NOW = datetime(2024, 6, 1, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(zone=st.sampled_from(ZONES),
       first=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
       # fold=0: the oracle reads wall times as RFC 5545 does (see the docstring); st.times() also
       # draws fold=1, which on a clock-change day names the other instant.
       at=st.times().map(lambda t: t.replace(second=0, microsecond=0, fold=0)),
       weeks=st.integers(min_value=1, max_value=70),
       minutes=st.sampled_from([15, 30, 60, 90]),
       skip=st.integers(min_value=0, max_value=69))
# Wall times that fall in the spring-forward gap and in the repeated autumn hour.
@example(zone="America/Los_Angeles", first=date(2025, 3, 2), at=time(2, 30), weeks=2, minutes=30, skip=69)
@example(zone="America/Los_Angeles", first=date(2025, 10, 26), at=time(1, 30), weeks=2, minutes=30, skip=69)
@example(zone="Australia/Lord_Howe", first=date(2025, 9, 28), at=time(2, 15), weeks=2, minutes=30, skip=69)
@example(zone="Australia/Lord_Howe", first=date(2025, 3, 30), at=time(1, 45), weeks=2, minutes=30, skip=0)
@example(zone="Antarctica/Macquarie", first=date(2024, 5, 12), at=time(2, 0), weeks=22, minutes=15, skip=0)
def test_weekly_call_expands_to_zoneinfo_instants(zone, first, at, weeks, minutes, skip):
    tz = ZoneInfo(zone)
    days = [first + timedelta(weeks=i) for i in range(weeks)]
    starts = [datetime.combine(d, at, tz) for d in days]
    until = starts[-1].astimezone(UTC) + timedelta(minutes=1)
    exdates = (starts[skip],) if skip < weeks else ()
    event = FeedEvent(uid=make_uid("prop", "call"), summary="call", start=starts[0],
                      duration=timedelta(minutes=minutes), rrule=f"FREQ=WEEKLY;BYDAY={WEEKDAYS[first.weekday()]}",
                      until=until, exdates=exdates)
    ics = render_calendar([event], name="prop", now=NOW)

    cal = Calendar.from_ical(ics)
    assert cal.get_missing_tzids() == set()
    got = sorted(occ["DTSTART"].dt.astimezone(UTC) for occ in recurring_ical_events.of(cal).between(
        datetime.combine(first - timedelta(days=2), time(0), UTC),
        datetime.combine(days[-1] + timedelta(days=2), time(0), UTC)))
    expected = [s.astimezone(UTC) for i, s in enumerate(starts) if i != skip]
    assert got == expected
