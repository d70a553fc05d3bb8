"""The standing-call planner: properties over every IANA zone pair, and the
clock-change cases that motivated it (each regression named after its bug)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scheduling import (CadenceError, CallSegment, NaiveDatetime, NoCommonTime, Partner, PlanSpecError,
                        WeeklyWindows, Window, offset_changes, plan_call)

from .plan_checks import CADENCES, NEW_YEAR, STARTS, UTC, WIDE, ZONES, check_plan, dateutil_occurrences, u  # noqa: F401


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone_a=ZONES, zone_b=ZONES, windows_a=st.from_type(WeeklyWindows), windows_b=st.from_type(WeeklyWindows),
       cadence=CADENCES, minutes=st.sampled_from([15, 30, 45, 60, 90]), anchor=st.sampled_from("AB"),
       start=STARTS)
def test_every_occurrence_is_inside_both_windows_or_no_common_time(oracle, zone_a, zone_b, windows_a, windows_b,
                                                                   cadence, minutes, anchor, start):
    a, b = Partner("A", zone_a, windows_a), Partner("B", zone_b, windows_b)
    try:
        plan = plan_call(a, b, cadence=cadence, minutes=minutes, anchor=anchor, start=start)
    except NoCommonTime as err:
        event("no common time")
        assert err.widenings and err.needed_minutes > 0 and err.partner in ("A", "B")
        return
    event(f"{len(plan.segments)} segment(s)")
    check_plan(plan, a, b, start, oracle)
    if len(plan.segments) == 1:
        assert plan.notes and "split at the clock changes" not in plan.notes[0]
    else:
        assert "split at the clock changes" in plan.notes[0] and plan.alternatives == ()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone_a=ZONES, zone_b=ZONES, windows_a=st.from_type(WeeklyWindows), windows_b=st.from_type(WeeklyWindows),
       minutes=st.sampled_from([30, 60]), start=STARTS)
def test_widening_named_by_no_common_time_makes_the_call_fit(zone_a, zone_b, windows_a, windows_b, minutes, start):
    a, b = Partner("A", zone_a, windows_a), Partner("B", zone_b, windows_b)
    try:
        plan_call(a, b, cadence="weekly", minutes=minutes, anchor="A", start=start)
        return
    except NoCommonTime as err:
        event("widened")
        widened = {w.partner: w for w in err.widenings}
    grown = [Partner(p.name, p.zone, p.windows.widened(tuple(w.weekdays), earlier=w.earlier_minutes,
                                                       later=w.later_minutes))
             if (w := widened.get(p.name)) else p for p in (a, b)]
    plan = plan_call(*grown, cadence="weekly", minutes=minutes, anchor="A", start=start)
    assert plan.segments


DST_ZONES = st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney", "America/Santiago",
                             "Australia/Lord_Howe", "Pacific/Chatham", "Africa/Casablanca", "America/Asuncion",
                             "Pacific/Auckland", "Europe/Helsinki", "America/Havana", "Asia/Kolkata"])


def window_around(zone: str, meet: datetime, before: int, length: int) -> WeeklyWindows:
    local = meet.astimezone(zoneinfo.ZoneInfo(zone)) - timedelta(minutes=before)
    start = local.hour * 60 + local.minute
    return WeeklyWindows((Window(local.weekday(), start, start + length),))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zone_a=DST_ZONES | ZONES, zone_b=DST_ZONES, start=STARTS, days=st.integers(1, 300),
       quarter=st.integers(0, 95), jitter=st.tuples(*[st.integers(0, 4)] * 2), lengths=st.tuples(*[st.integers(4, 10)] * 2),
       cadence=st.sampled_from(["weekly", "biweekly", "monthly:2"]), minutes=st.sampled_from([30, 45, 60]),
       anchor=st.sampled_from("AB"))
def test_windows_that_meet_once_hold_across_every_clock_change(oracle, zone_a, zone_b, start, days, quarter,
                                                               jitter, lengths, cadence, minutes, anchor):
    """Narrow windows built to overlap on one day of the year, so the DST offsets
    between the zones decide whether a plan holds, splits, or cannot exist."""
    meet = (start + timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    meet += timedelta(minutes=15 * quarter)
    a = Partner("A", zone_a, window_around(zone_a, meet, 15 * jitter[0], 15 * lengths[0]))
    b = Partner("B", zone_b, window_around(zone_b, meet, 15 * jitter[1], 15 * lengths[1]))
    try:
        plan = plan_call(a, b, cadence=cadence, minutes=minutes, anchor=anchor, start=start)
    except NoCommonTime as err:
        event("no common time")
        assert err.widenings
        return
    event("split" if len(plan.segments) > 1 else "single")
    check_plan(plan, a, b, start, oracle)


@pytest.mark.parametrize("zone_a, zone_b", [
    ("Europe/London", "Australia/Sydney"), ("America/New_York", "America/Santiago"),
    ("Australia/Lord_Howe", "Europe/London"), ("Pacific/Auckland", "America/Los_Angeles"),
    ("Asia/Kolkata", "Australia/Sydney"), ("Asia/Tokyo", "America/New_York"), ("Asia/Kathmandu", "Europe/Berlin"),
])
def test_wide_anchor_window_moves_with_the_narrow_partner(oracle, zone_a, zone_b):
    """B's one-hour window sits in the middle of A's five hours on 5 Jan 2025.
    Written in B's zone the call never moves; written in A's zone it moves at
    every change of the difference between the zones, and no week is lost."""
    meet = u(2025, 1, 5, 12, 0)
    a = Partner("A", zone_a, window_around(zone_a, meet, 120, 300))  # room for a 2-hour swing
    b = Partner("B", zone_b, window_around(zone_b, meet, 0, 60))
    by_b = plan_call(a, b, cadence="weekly", minutes=60, anchor="B", start=NEW_YEAR)
    by_a = plan_call(a, b, cadence="weekly", minutes=60, anchor="A", start=NEW_YEAR)
    assert len(by_b.segments) == 1 and by_b.occurrences() == by_a.occurrences()
    check_plan(by_a, a, b, NEW_YEAR, oracle)
    days = [o.astimezone(b.tz).date() for o in by_a.occurrences()]
    assert {(y - x).days for x, y in zip(days, days[1:])} == {7} and len(days) == 52
    changes = {c.at.date() for c in offset_changes(zone_a, zone_b, NEW_YEAR, u(2026, 1, 1))}
    assert len(by_a.segments) == 1 + len(changes)
    for seg in by_a.segments:  # within a segment, B's wall clock shows one time
        assert len({o.astimezone(b.tz).time() for o in seg.occurrences()}) == 1


def test_split_keeps_the_call_in_the_week_between_two_zones_clock_changes(oracle):
    """Regression: London springs forward on 30 March 2025, Lord Howe falls back on
    6 April. In that week only 22:00 Lord Howe time fits; the split once filled
    the week with a Sunday-morning slot that had no occurrence in it, silently
    dropping the 30 March call."""
    a = Partner("A", "Australia/Lord_Howe", "Sun 21:00-02:00")
    b = Partner("B", "Europe/London", "Sun 12:00-13:00")
    plan = plan_call(a, b, cadence="weekly", minutes=60, anchor="A", start=NEW_YEAR)
    check_plan(plan, a, b, NEW_YEAR, oracle)
    assert u(2025, 3, 30, 11, 0) in plan.occurrences()  # 22:00 LHDT, 12:00 BST
    assert [s.start.strftime("%H:%M") for s in plan.segments] == ["23:00", "22:00", "21:30", "22:00", "23:00"]


# --- the US/EU mismatch weeks -------------------------------------------------------------

LONDON_TWO_WINDOWS = "Sun 16:00-17:00, Sun 18:00-19:00"
NEW_YORK_ONE_TO_TWO = "Sun 12:00-14:00"


@pytest.mark.parametrize("anchor", ["Ana", "Ben"])
def test_us_eu_mismatch_weeks_split_the_series_into_five_segments(oracle, anchor):
    """London 5 h ahead of New York, except 9-29 March and 26 Oct-1 Nov 2025 (4 h).

    Ana's two windows only meet Ben's at 18:00 London normally and 16:00 London in
    the mismatch weeks, so whichever zone anchors the series, the time must move.
    """
    ana, ben = Partner("Ana", "Europe/London", LONDON_TWO_WINDOWS), Partner("Ben", "America/New_York",
                                                                             NEW_YORK_ONE_TO_TWO)
    plan = plan_call(ana, ben, cadence="weekly", minutes=60, anchor=anchor, start=NEW_YEAR)
    check_plan(plan, ana, ben, NEW_YEAR, oracle)
    london = [(s.start.astimezone(ana.tz).strftime("%H:%M"), s.start.date().isoformat(),
               s.until.date().isoformat()) for s in plan.segments]
    assert london == [("18:00", "2025-01-05", "2025-03-02"), ("16:00", "2025-03-09", "2025-03-23"),
                      ("18:00", "2025-03-30", "2025-10-19"), ("16:00", "2025-10-26", "2025-10-26"),
                      ("18:00", "2025-11-02", "2025-12-28")]
    assert len(plan.occurrences()) == 52  # not one Sunday lost to the split
    assert "5 parts" in plan.notes[0] and "on 26 Oct 2025" in plan.notes[4]


def test_anchoring_in_the_binding_zone_avoids_a_split(oracle):
    """Ben's window is the narrow one; written in New York time the call never moves."""
    ana = Partner("Ana", "Europe/London", "Sun 16:00-19:00")
    ben = Partner("Ben", "America/New_York", "Sun 12:00-13:00")
    by_ben = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ben", start=NEW_YEAR)
    assert len(by_ben.segments) == 1 and by_ben.segments[0].start.strftime("%a %H:%M") == "Sun 12:00"
    assert "Sun 16:00 from 9 Mar 2025 to 23 Mar 2025" in by_ben.notes[0]
    by_ana = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR)
    assert len(by_ana.segments) == 5
    for plan in (by_ben, by_ana):
        check_plan(plan, ana, ben, NEW_YEAR, oracle)
        assert by_ben.occurrences() == plan.occurrences()  # same real instants either way


def test_no_common_time_names_partner_days_and_minutes():
    ana = Partner("Ana", "Europe/London", "Sun 18:00-19:00")
    ben = Partner("Ben", "America/New_York", "Sun 13:00-14:00")
    with pytest.raises(NoCommonTime) as info:
        plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR)
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.partner, err.days, err.needed_minutes) == ("Ben", (6,), 60)
    assert err.widenings[0].later_minutes == 60 and err.widenings[0].earlier_minutes == 0
    assert (err.weekday, err.minute, err.anchor_zone) == (6, 18 * 60, "Europe/London")
    assert "Ben's Sun window: end 60 min later" in str(err)


def test_no_common_time_when_windows_never_meet():
    with pytest.raises(NoCommonTime) as info:
        plan_call(Partner("Ana", "Asia/Tokyo", "daily 08:00-09:00"), Partner("Ben", "Asia/Tokyo", "daily 10:00-11:00"),
                  cadence="weekly", minutes=30, anchor="Ana", start=NEW_YEAR)
    # The gap is 60 minutes, but a 30-minute call needs 90 more minutes of one
    # window (or 45 + 45 of both); asking one partner only is preferred.
    assert info.value.needed_minutes == 90 and info.value.total_minutes == 90
    assert len(info.value.widenings) == 1


# --- gap and fold hours ----------------------------------------------------------------------

def test_call_at_0230_on_spring_forward_night_happens_at_0330():
    seg = CallSegment("America/New_York", datetime(2025, 3, 2, 2, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
                      u(2025, 3, 16, 6, 30), "FREQ=WEEKLY;BYDAY=SU", timedelta(minutes=30))
    got = [o.astimezone(UTC) for o in seg.occurrences()]
    assert got == [u(2025, 3, 2, 7, 30), u(2025, 3, 9, 7, 30), u(2025, 3, 16, 6, 30)]
    assert got == [o.astimezone(UTC) for o in dateutil_occurrences(seg)]


def test_call_at_0130_on_fall_back_night_is_the_first_0130():
    seg = CallSegment("America/New_York", datetime(2025, 10, 26, 1, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
                      u(2025, 11, 9, 6, 30), "FREQ=WEEKLY;BYDAY=SU", timedelta(minutes=30))
    got = [o.astimezone(UTC) for o in seg.occurrences()]
    assert got == [u(2025, 10, 26, 5, 30), u(2025, 11, 2, 5, 30), u(2025, 11, 9, 6, 30)]


def test_planner_never_puts_a_gap_hour_call_outside_the_window(oracle):
    """Ny window Sun 02:00-04:00 is one real hour on 9 March 2025; 02:45 would run
    03:45-04:15 EDT that night, so only slots that still fit are offered."""
    ny = Partner("Ny", "America/New_York", "Sun 02:00-04:00")
    anywhere = Partner("Utc", "UTC", "daily 00:00-24:00")
    plan = plan_call(ny, anywhere, cadence="weekly", minutes=30, anchor="Ny", start=NEW_YEAR)
    check_plan(plan, ny, anywhere, NEW_YEAR, oracle)
    slot = plan.segments[0].start.strftime("%H:%M")
    assert slot in {"02:15", "03:15"}  # the only slots with 15 minutes' margin even on 9 March
    assert all(o.time().strftime("%H:%M") != "02:45" for o in plan.alternatives)


# --- cadences ------------------------------------------------------------------------------------



def test_biweekly_is_every_fourteen_days():
    plan = plan_call(Partner("A", "Europe/Paris", WIDE), Partner("B", "America/Chicago", WIDE),
                     cadence="biweekly", minutes=60, anchor="A", start=NEW_YEAR)
    (seg,) = plan.segments
    assert seg.rrule.startswith("FREQ=WEEKLY;INTERVAL=2;BYDAY=")
    local = seg.occurrences()
    assert {(b.date() - a.date()).days for a, b in zip(local, local[1:])} == {14}
    assert 26 <= len(local) <= 27


def test_monthly_two_is_first_and_third_weekday():
    plan = plan_call(Partner("A", "Europe/Paris", WIDE), Partner("B", "America/Chicago", WIDE),
                     cadence="monthly:2", minutes=60, anchor="A", start=NEW_YEAR)
    (seg,) = plan.segments
    day = seg.rrule[-2:]
    assert seg.rrule == f"FREQ=MONTHLY;BYDAY=1{day},3{day}"
    local = seg.occurrences()
    assert len(local) == 24 and {(o.day - 1) // 7 for o in local} == {0, 2}


def test_biweekly_split_keeps_the_fortnightly_rhythm(oracle):
    ana, ben = Partner("Ana", "Europe/London", LONDON_TWO_WINDOWS), Partner("Ben", "America/New_York",
                                                                             NEW_YORK_ONE_TO_TWO)
    plan = plan_call(ana, ben, cadence="biweekly", minutes=60, anchor="Ana", start=NEW_YEAR)
    check_plan(plan, ana, ben, NEW_YEAR, oracle)
    days = [o.date() for o in plan.occurrences()]
    assert {(b - a).days for a, b in zip(days, days[1:])} == {14}


# --- ranking, alternatives, stability --------------------------------------------------------

def test_best_slot_is_fair_to_both_partners():
    """London evenings 18:00-22:30, New York weekend days: the best weekday call
    keeps both partners away from their window edges, not one at 22:00 sharp."""
    ana = Partner("Ana", "Europe/London", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00")
    ben = Partner("Ben", "America/New_York", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00")
    plan = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR)
    best = plan.segments[0].start
    assert best.weekday() in (5, 6) and best.strftime("%H:%M") == "18:00"  # 13:00 in New York
    assert plan.alternatives and all(o.score <= plan.alternatives[0].score for o in plan.alternatives)
    slots = {(o.weekday, o.time) for o in plan.alternatives}
    assert len(slots) == len(plan.alternatives) and (best.weekday(), best.time()) not in slots
    assert all(m >= 0 for o in plan.alternatives for _, m in o.margins)


def test_replanning_later_in_the_week_keeps_the_same_slot():
    ana = Partner("Ana", "Asia/Kolkata", "daily 07:00-09:00, Sat-Sun 07:00-22:00")
    ben = Partner("Ben", "America/Los_Angeles", "daily 18:00-22:00, Sat-Sun 09:00-22:00")
    slots = set()
    for day in range(7):
        start = NEW_YEAR + timedelta(days=day, hours=5)
        seg = plan_call(ana, ben, cadence="weekly", minutes=45, anchor="Ben", start=start).segments[0]
        slots.add(seg.start.strftime("%a %H:%M"))
    assert len(slots) == 1


def test_next_occurrence():
    ana, ben = Partner("Ana", "Europe/London", "Sun 18:00-19:00"), Partner("Ben", "Europe/Dublin", "Sun 18:00-19:00")
    plan = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR)
    assert plan.next_occurrence(u(2025, 1, 5, 18, 0)) == u(2025, 1, 5, 18, 0)
    assert plan.next_occurrence(u(2025, 1, 5, 18, 1)) == u(2025, 1, 12, 18, 0)
    assert plan.next_occurrence(u(2026, 6, 1)) is None


@pytest.mark.parametrize("kwargs, error, field", [
    (dict(minutes=0), PlanSpecError, "minutes"),
    (dict(months=0), PlanSpecError, "months"),
    (dict(anchor="Zoe"), PlanSpecError, "anchor"),
    (dict(cadence="daily"), PlanSpecError, "cadence"),
    (dict(cadence="monthly:5"), CadenceError, None),
    (dict(start=datetime(2025, 1, 1)), NaiveDatetime, None),
])
def test_bad_parameters(kwargs, error, field):
    args = dict(cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR) | kwargs
    with pytest.raises(error) as info:
        plan_call(Partner("Ana", "Europe/London", WIDE), Partner("Ben", "Europe/Dublin", WIDE), **args)
    if field:
        assert info.value.field == field


def test_split_says_which_week_goes_without_a_call(oracle):
    """Jerusalem springs forward on Friday 28 March 2025, London on Sunday 30:
    for that one Saturday the two windows do not meet at all. The plan skips
    that week (no occurrence may leave a window) and says so in the notes."""
    ana = Partner("Ana", "Europe/London", "Sat 18:00-19:00")
    ben = Partner("Ben", "Asia/Jerusalem", "Sat 20:00-21:00")
    plan = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR)
    check_plan(plan, ana, ben, NEW_YEAR, oracle)
    assert u(2025, 3, 29, 18, 0) not in plan.occurrences() and len(plan.occurrences()) == 51
    assert "No time fits both of you between 22 Mar 2025 and 5 Apr 2025: no call in between." in plan.notes
