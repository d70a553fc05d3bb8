"""partner_feed on the real planner's output: what the domain plans is what
calendars show.  Expected instants come from the domain's own
``occurrences()``; ical.js and recurring-ical-events must both agree."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from scheduling.calls import plan_call
from scheduling.feeds import feed_events, partner_feed
from scheduling.partners import Partner
from scheduling.rituals import plan_rituals
from scheduling.visits import Visit
from tests.support.icaljs import icaljs_expand

UTC = timezone.utc
START = datetime(2025, 1, 1, tzinfo=UTC)
WINDOW = (datetime(2024, 12, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC))
COUPLES = [
    (Partner("Ana", "Europe/London", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00"),
     Partner("Ben", "America/Los_Angeles", "Mon-Fri 07:00-22:00, Sat-Sun 08:00-23:00"), "weekly"),
    (Partner("Mia", "Australia/Sydney", "daily 06:30-23:00"),
     Partner("Leo", "Europe/Berlin", "daily 07:00-23:30"), "biweekly"),
    (Partner("Ravi", "Asia/Kathmandu", "daily 06:00-23:00"),
     Partner("Lu", "Australia/Lord_Howe", "daily 07:00-23:00"), "monthly:2"),
]


def assert_vtimezones_cover(cal: Calendar, expected: dict[str, list[datetime]]) -> None:
    """Each VTIMEZONE, read by dateutil, gives zoneinfo's offset at every
    occurrence of every event in that TZID and every 6 hours between the first
    and the last of them."""
    by_zone: dict[str, list[datetime]] = {}
    for event in cal.walk("VEVENT"):
        by_zone.setdefault(event["DTSTART"].params["TZID"], []).extend(expected[str(event["UID"])])
    for vtz in cal.walk("VTIMEZONE"):
        key = str(vtz["TZID"])
        tz, zone, moments = vtz.to_tz(lookup_tzid=False), ZoneInfo(key), sorted(by_zone[key])
        probe, grid = moments[0], []
        while probe <= moments[-1]:
            grid.append(probe)
            probe += timedelta(hours=6)
        wrong = [m for m in moments + grid if m.astimezone(tz).utcoffset() != m.astimezone(zone).utcoffset()]
        assert not wrong, f"{key}: VTIMEZONE wrong at {wrong[:3]}"


def expected_by_uid(couple_id, me, other, plan, rituals):
    """{uid: UTC starts} straight from the domain objects, in feed order."""
    series = list(plan.segments) + list(rituals.items)
    events = feed_events(couple_id, me, other, plan=plan, rituals=rituals.items)
    assert len(events) == len(series)
    return {e.uid: sorted(o.astimezone(UTC) for o in s.occurrences()) for e, s in zip(events, series)}


@pytest.mark.parametrize("a, b, cadence", COUPLES, ids=[c[2] for c in COUPLES])
def test_feed_of_planned_call_and_rituals_matches_the_domain(icaljs_node, a, b, cadence):
    plan = plan_call(a, b, cadence=cadence, minutes=60, anchor=b.name, start=START)
    rituals = plan_rituals(a, b, anchor=a.name, start=START, call=plan)
    ics = partner_feed("c7", a, b, plan=plan, rituals=rituals.items, video_url="https://meet.example/x", now=START)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cal = Calendar.from_ical(ics)
    assert all(not c.errors for c in cal.walk())
    assert cal.get_missing_tzids() == set()
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {a.zone, b.zone}

    expected = expected_by_uid("c7", a, b, plan, rituals)
    assert sum(len(v) for v in expected.values()) > 50
    assert_vtimezones_cover(cal, expected)
    assert icaljs_expand(icaljs_node, ics, *WINDOW) == expected

    python: dict[str, list] = {}
    for occ in recurring_ical_events.of(cal).between(*WINDOW):
        python.setdefault(str(occ["UID"]), []).append(occ["DTSTART"].dt.astimezone(UTC))
    assert {uid: sorted(v) for uid, v in python.items()} == expected


def test_plan_weeks_are_single_events_and_calls_name_the_other_partner():
    a, b, _ = COUPLES[0]
    plan = plan_call(a, b, cadence="weekly", minutes=60, anchor=b.name, start=START)
    rituals = plan_rituals(a, b, anchor=a.name, start=START, call=plan)
    cal = Calendar.from_ical(partner_feed("c7", a, b, plan=plan, rituals=rituals.items, now=START))
    weeks = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("ritual-plan-week")]
    assert [str(e["SUMMARY"]).split(":")[0] for e in weeks] == [f"Week {n}" for n in range(1, 7)]
    assert all("RRULE" not in e for e in weeks)
    call = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("call-0."))
    assert str(call["SUMMARY"]) == "Call with Ben"
    assert str(call["DESCRIPTION"]).splitlines()[0].endswith("for Ben")


def test_real_visits_with_naive_arrival_in_arrival_zone(icaljs_node):
    a, b, _ = COUPLES[0]
    visits = [Visit(datetime(2025, 4, 18).date(), datetime(2025, 4, 27).date(), "Ana", where="Los Angeles",
                    arrival=datetime(2025, 4, 18, 14, 40), arrival_zone="America/Los_Angeles"),
              Visit(datetime(2025, 12, 20).date(), datetime(2026, 1, 2).date(), "Ben", where="London")]
    ics = partner_feed("c7", b, a, plan=None, visits=visits, now=START)
    cal = Calendar.from_ical(ics)
    first, second = cal.walk("VEVENT")
    assert (str(first["SUMMARY"]), str(first["DESCRIPTION"])) == ("Ana visits you in Los Angeles",
                                                                  "Arrives Fri Apr 18, 2:40 PM")
    assert (str(second["SUMMARY"]), second.start, second.end) == (
        "You visit Ana in London", datetime(2025, 12, 20).date(), datetime(2026, 1, 3).date())
    assert icaljs_expand(icaljs_node, ics, *WINDOW) == {
        "visit-20250418.c7@closer": [datetime(2025, 4, 18).date()],
        "visit-20251220.c7@closer": [datetime(2025, 12, 20).date()]}
