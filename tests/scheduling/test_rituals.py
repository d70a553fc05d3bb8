"""Ritual calendar: every ritual inside both windows, clear of the call and of
each other, and the six plan weeks each in their own week."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta, timezone

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling import CallSegment, Partner, RitualSeries, plan_call, plan_rituals

UTC = timezone.utc
NOW = datetime(2025, 1, 1, tzinfo=UTC)
EVENINGS = "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00"


def spans(items, minutes=None):
    for item in items:
        length = minutes or int(item.duration.total_seconds() // 60)
        for o in item.occurrences():
            yield o.astimezone(UTC), o.astimezone(UTC) + timedelta(minutes=length), item


def assert_no_overlap(items):
    ordered = sorted(spans(items), key=lambda s: s[0])
    for (s1, e1, i1), (s2, e2, i2) in zip(ordered, ordered[1:]):
        assert e1 <= s2, (i1.title, s1, i2.title, s2)


def assert_inside(oracle, items, a, b):
    for start, end, _ in spans(items):
        minutes = int((end - start).total_seconds() // 60)
        assert oracle.span_in_windows(a.windows, a.zone, start, minutes)
        assert oracle.span_in_windows(b.windows, b.zone, start, minutes)


def test_london_new_york_rituals(oracle):
    ana, ben = Partner("Ana", "Europe/London", EVENINGS), Partner("Ben", "America/New_York", EVENINGS)
    call = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NOW)
    cal = plan_rituals(ana, ben, anchor="Ana", start=NOW, call=call, plan_start=date(2025, 1, 6))
    kinds = [r.kind for r in cal.items]
    assert kinds == ["nightly", "soft-check-in", "mini-adventure"] + ["plan-week"] * 6
    assert all(isinstance(r, RitualSeries) and isinstance(r, CallSegment) for r in cal.items)
    # London evenings are New York afternoons: only the weekend has a shared evening.
    nightly = cal.items[0]
    assert nightly.rrule == "FREQ=WEEKLY;BYDAY=SA,SU" and nightly.duration == timedelta(minutes=10)
    assert cal.notes == ("No 10 minutes in both windows for the nightly check-in on: Mon, Tue, Wed, Thu, Fri.",)
    assert_inside(oracle, cal.items, ana, ben)
    assert_no_overlap([*cal.items, *call.segments])


def test_nightly_is_daily_when_one_time_fits_every_day(oracle):
    ana, ben = Partner("Ana", "Europe/Berlin", "daily 07:00-23:00"), Partner("Ben", "Asia/Tokyo", "daily 07:00-23:30")
    cal = plan_rituals(ana, ben, anchor="Ben", start=NOW)
    nightly = [r for r in cal.items if r.kind == "nightly"]
    assert [r.rrule for r in nightly] == ["FREQ=DAILY"] and cal.notes == ()
    occ = nightly[0].occurrences()
    assert len(occ) == 365 and occ == [o for o in rrulestr(
        f"{nightly[0].rrule};UNTIL={nightly[0].until:%Y%m%dT%H%M%SZ}", dtstart=nightly[0].start)]
    # Evening for Tokyo (which anchors it), still inside Berlin's day.
    assert 19 <= nightly[0].start.hour < 23
    assert_inside(oracle, cal.items, ana, ben)


def test_plan_weeks_one_per_week_from_plan_start():
    ana, ben = Partner("Ana", "Asia/Kolkata", "daily 06:00-23:00"), Partner("Ben", "Asia/Kathmandu", "daily 06:00-23:00")
    start = date(2025, 2, 12)  # a Wednesday
    weeks = [r for r in plan_rituals(ana, ben, anchor="Ana", start=NOW, plan_start=start).items if r.kind == "plan-week"]
    assert [r.title.split(":")[0] for r in weeks] == [f"Week {k}" for k in range(1, 7)]
    assert weeks[0].title == "Week 1: Assessment and gentle grounding" and weeks[0].description
    for k, r in enumerate(weeks):
        assert r.until == r.start and r.occurrences() == [r.start]
        assert start + timedelta(weeks=k) <= r.start.date() < start + timedelta(weeks=k + 1)


def test_plan_weeks_already_over_are_left_out():
    ana, ben = Partner("Ana", "UTC", "daily 08:00-20:00"), Partner("Ben", "Europe/Lisbon", "daily 08:00-20:00")
    now = datetime(2025, 3, 20, 12, tzinfo=UTC)
    weeks = [r for r in plan_rituals(ana, ben, anchor="Ana", start=now, plan_start=date(2025, 3, 1)).items
             if r.kind == "plan-week"]
    assert [r.title[:6] for r in weeks] == ["Week 3", "Week 4", "Week 5", "Week 6"]
    assert all(r.start > now for r in weeks)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone_a=st.sampled_from(sorted(zoneinfo.available_timezones())),
       zone_b=st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]),
       start=st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)))
def test_rituals_stay_inside_both_windows_for_any_zone_pair(oracle, zone_a, zone_b, start):
    a, b = Partner("A", zone_a, "daily 06:00-23:30"), Partner("B", zone_b, "daily 06:00-23:30")
    cal = plan_rituals(a, b, anchor="A", start=start, months=3)
    assert_inside(oracle, cal.items, a, b)
    assert_no_overlap(cal.items)
    assert all(o.astimezone(UTC) > start for r in cal.items for o in r.occurrences())
    if not cal.notes:
        assert {r.kind for r in cal.items} == {"nightly", "soft-check-in", "mini-adventure", "plan-week"}
