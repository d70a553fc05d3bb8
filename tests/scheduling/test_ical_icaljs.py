"""Cross-check our feeds with ical.js, an independent parser (Thunderbird's).

ical.js reads TZIDs through the feed's own VTIMEZONEs, so these tests are the
ones that catch a wrong VTIMEZONE; recurring-ical-events (Python) resolves
TZIDs with zoneinfo and checks the RRULE/UNTIL/EXDATE side.

Needs ``npm ci`` (the session fixture runs it when node_modules is missing and
fails loudly when it cannot).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest
import recurring_ical_events
from icalendar import Calendar

from scheduling.ical import FeedEvent, make_uid, render_calendar
from tests.support.icaljs import icaljs_expand

UTC = timezone.utc
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
RANGE = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))
NOW = datetime(2024, 12, 20, tzinfo=UTC)
UNTIL = datetime(2025, 12, 31, 23, 59, tzinfo=UTC)
ZONES = ["America/Los_Angeles", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "Asia/Kathmandu",
         "Australia/Lord_Howe", "America/Sao_Paulo", "America/New_York"]


def weekly_expected(zone: str, first: date, at: time, *, every: int = 1,
                    skip: tuple[date, ...] = ()) -> list[datetime]:
    """Occurrences computed directly with zoneinfo: same wall time each week."""
    result, day = [], first
    while True:
        moment = datetime.combine(day, at, ZoneInfo(zone)).astimezone(UTC)
        if moment > UNTIL:
            return result
        if day not in skip:
            result.append(moment)
        day += timedelta(weeks=every)


def monthly_1st_3rd_sunday(zone: str, at: time) -> list[datetime]:
    """First and third Sunday of each month of 2025, at ``at`` local time."""
    result = []
    for month in range(1, 13):
        first_sunday = 1 + (6 - date(2025, month, 1).weekday()) % 7
        for day in (first_sunday, first_sunday + 14):
            result.append(datetime.combine(date(2025, month, day), at, ZoneInfo(zone)).astimezone(UTC))
    return result


def python_expand(ics: bytes) -> dict[str, list]:
    """{uid: starts} as recurring-ical-events expands the feed over RANGE."""
    result: dict[str, list] = {}
    for occ in recurring_ical_events.of(Calendar.from_ical(ics)).between(*RANGE):
        start = occ["DTSTART"].dt
        result.setdefault(str(occ["UID"]), []).append(
            start.astimezone(UTC) if isinstance(start, datetime) else start)
    return {uid: sorted(starts) for uid, starts in result.items()}


def call_events(zone: str) -> tuple[list[FeedEvent], dict[str, list[datetime]]]:
    """A weekly, a biweekly with an EXDATE and a monthly call in ``zone``, with expectations."""
    tz = ZoneInfo(zone)
    slug = zone.replace("/", "-").lower()
    evening, morning = time(19, 0), time(7, 30)
    skipped = date(2025, 7, 6)
    events = [
        FeedEvent(uid=make_uid("c1", f"weekly-{slug}"), summary="weekly",
                  start=datetime.combine(date(2025, 1, 5), evening, tz), duration=timedelta(hours=1),
                  rrule="FREQ=WEEKLY;BYDAY=SU", until=UNTIL),
        FeedEvent(uid=make_uid("c1", f"biweekly-{slug}"), summary="biweekly",
                  start=datetime.combine(date(2025, 1, 4), morning, tz), duration=timedelta(minutes=30),
                  rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", until=UNTIL,
                  exdates=(datetime.combine(skipped - timedelta(days=1), morning, tz),)),
        FeedEvent(uid=make_uid("c1", f"monthly-{slug}"), summary="monthly",
                  start=datetime.combine(date(2025, 1, 5), evening, tz), duration=timedelta(hours=1),
                  rrule="FREQ=MONTHLY;BYDAY=1SU,3SU", until=UNTIL),
    ]
    expected = {
        events[0].uid: weekly_expected(zone, date(2025, 1, 5), evening),
        events[1].uid: weekly_expected(zone, date(2025, 1, 4), morning, every=2,
                                       skip=(skipped - timedelta(days=1),)),
        events[2].uid: monthly_1st_3rd_sunday(zone, evening),
    }
    return events, expected


@pytest.mark.parametrize("zone", ZONES)
def test_icaljs_and_recurring_ical_events_agree_with_zoneinfo(icaljs_node, zone):
    events, expected = call_events(zone)
    ics = render_calendar(events, name="cross-check", now=NOW)
    assert icaljs_expand(icaljs_node, ics, *RANGE) == expected
    assert python_expand(ics) == expected


def test_all_zones_in_one_feed_through_icaljs(icaljs_node):
    """One weekly noon call in every zone zoneinfo knows, all in one feed."""
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    events, expected = [], {}
    for index, zone in enumerate(zones):
        first = date(2025, 1, 5) + timedelta(days=index % 7)
        uid = make_uid("all", f"z{index}")
        events.append(FeedEvent(uid=uid, summary=zone, start=datetime.combine(first, time(12), ZoneInfo(zone)),
                                duration=timedelta(hours=1), rrule="FREQ=WEEKLY", until=UNTIL))
        expected[uid] = weekly_expected(zone, first, time(12))
    got = icaljs_expand(icaljs_node, render_calendar(events, name="all", now=NOW), *RANGE)
    wrong = [e.summary for e in events if got[e.uid] != expected[e.uid]]
    assert not wrong, f"ical.js disagrees for {len(wrong)} zones: {wrong[:10]}"


def test_visits_are_whole_days_in_icaljs(icaljs_node):
    visit = FeedEvent(uid=make_uid("c1", "visit-20250303"), summary="visit",
                      start=date(2025, 3, 3), last_day=date(2025, 3, 9))
    ics = render_calendar([visit], name="x", now=NOW)
    assert icaljs_expand(icaljs_node, ics, *RANGE) == {visit.uid: [date(2025, 3, 3)]}
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.end - event.start == timedelta(days=7)  # 3rd..9th inclusive


def test_add_missing_timezones_multi_rdate_makes_icaljs_an_hour_off_in_summer(icaljs_node):
    """The bug our VTIMEZONE builder exists for.

    icalendar's add_missing_timezones() writes LA's transitions as one
    multi-value RDATE per observance (fixture frozen from icalendar 7.3).
    ical.js reads only the first value of each (1971), so for it the zone
    stays at -0800 after 1971: every summer occurrence is an hour late.
    The same event rendered by us agrees with zoneinfo all year.
    """
    fixture = (FIXTURES / "add_missing_timezones_multi_rdate_la.ics").read_bytes()
    expected = weekly_expected("America/Los_Angeles", date(2025, 1, 5), time(19))
    got = icaljs_expand(icaljs_node, fixture, *RANGE)["weekly-la@closer"]
    assert len(got) == len(expected)
    late = [e for g, e in zip(got, expected) if g - e == timedelta(hours=1)]
    same = [e for g, e in zip(got, expected) if g == e]
    assert len(late) + len(same) == len(expected)
    assert all(e.astimezone(ZoneInfo("America/Los_Angeles")).dst() for e in late)  # summer ones
    assert min(late) == datetime(2025, 3, 10, 2, tzinfo=UTC)  # from the first summer Sunday on
    assert len(same) == 18  # the winter ones

    ours = FeedEvent(uid="weekly-la@closer", summary="weekly",
                     start=datetime(2025, 1, 5, 19, tzinfo=ZoneInfo("America/Los_Angeles")),
                     duration=timedelta(hours=1), rrule="FREQ=WEEKLY;BYDAY=SU", until=UNTIL)
    ics = render_calendar([ours], name="x", now=NOW)
    assert icaljs_expand(icaljs_node, ics, *RANGE)["weekly-la@closer"] == expected


def test_missing_node_fails_loudly_with_npm_ci_hint(monkeypatch):
    from tests.support import icaljs

    monkeypatch.setattr(icaljs.shutil, "which", lambda name: None)
    with pytest.raises(icaljs.IcalJsMissing, match="npm ci"):
        icaljs.ensure_icaljs()


def test_failing_npm_ci_fails_loudly(monkeypatch, tmp_path):
    from tests.support import icaljs

    fake_npm = tmp_path / "npm"
    fake_npm.write_text("#!/bin/sh\necho 'registry unreachable' >&2\nexit 1\n")
    fake_npm.chmod(0o755)
    monkeypatch.setattr(icaljs, "ICALJS", tmp_path / "node_modules" / "ical.js" / "package.json")
    monkeypatch.setattr(icaljs.shutil, "which", lambda name: str(fake_npm) if name == "npm" else "/usr/bin/node")
    with pytest.raises(icaljs.IcalJsMissing, match="registry unreachable") as err:
        icaljs.ensure_icaljs()
    assert "npm ci" in str(err.value)


def test_icaljs_reads_gap_and_repeated_wall_times_unlike_rfc_5545(icaljs_node):
    """Pins a known ical.js divergence the planner has to live with.

    RFC 5545 3.3.5: a wall time in the spring-forward gap uses the offset
    before the gap, a repeated autumn wall time means its first occurrence
    (zoneinfo fold=0; recurring-ical-events agrees).  ical.js takes the offset
    after the change in both cases, so a call written at 2:30 AM on the night
    clocks go forward shows an hour early there, and one at 1:30 AM on the
    night they go back shows an hour late.  Standing calls should avoid the
    anchor zone's change hours.  If this test fails, ical.js now follows the RFC.
    """
    la = ZoneInfo("America/Los_Angeles")
    gap = FeedEvent(uid="gap@closer", summary="gap", start=datetime(2025, 3, 9, 2, 30, tzinfo=la),
                    duration=timedelta(minutes=30))
    fold = FeedEvent(uid="fold@closer", summary="fold", start=datetime(2025, 11, 2, 1, 30, tzinfo=la),
                     duration=timedelta(minutes=30))
    ics = render_calendar([gap, fold], name="x", now=NOW)
    rfc = {"gap@closer": [datetime(2025, 3, 9, 10, 30, tzinfo=UTC)],   # 02:30 PST = 03:30 PDT
           "fold@closer": [datetime(2025, 11, 2, 8, 30, tzinfo=UTC)]}  # first 01:30, PDT
    assert python_expand(ics) == rfc
    assert icaljs_expand(icaljs_node, ics, *RANGE) == {
        "gap@closer": [datetime(2025, 3, 9, 9, 30, tzinfo=UTC)],
        "fold@closer": [datetime(2025, 11, 2, 9, 30, tzinfo=UTC)]}


@pytest.mark.parametrize("zone, first, last", [
    ("America/New_York", date(2005, 1, 2), date(2009, 12, 27)),    # US rule change in 2007
    ("America/Sao_Paulo", date(2017, 1, 1), date(2020, 12, 27)),   # summer time abolished in 2019
    ("Africa/Casablanca", date(2024, 1, 7), date(2026, 12, 27)),   # Ramadan changes: no yearly rule
])
def test_rule_changes_and_irregular_zones_in_icaljs(icaljs_node, zone, first, last):
    """Observances that end (UNTIL in UTC) or stand alone read right in ical.js too."""
    tz = ZoneInfo(zone)
    until = datetime.combine(last, time(21), tz)
    event = FeedEvent(uid="long@closer", summary="long", start=datetime.combine(first, time(21), tz),
                      duration=timedelta(hours=1), rrule="FREQ=WEEKLY", until=until)
    ics = render_calendar([event], name="x", now=NOW)
    expected, day = [], first
    while day <= last:
        expected.append(datetime.combine(day, time(21), tz).astimezone(UTC))
        day += timedelta(weeks=1)
    span = (datetime.combine(first, time(0), UTC), datetime.combine(last + timedelta(days=2), time(0), UTC))
    assert icaljs_expand(icaljs_node, ics, *span)["long@closer"] == expected
