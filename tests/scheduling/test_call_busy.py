"""The planner and a partner's busy time: avoided when it can be, skipped and reported when not."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from scheduling import Partner, PlanSpecError, plan_call

from .plan_checks import NEW_YEAR, UTC, WIDE, check_plan, u  # noqa: F401


NARROW_A, NARROW_B = "Sun 18:00-19:30", "Sun 13:00-14:30"  # London / New York: only 18:00-19:00 London fits


def test_busy_occurrence_that_cannot_be_avoided_is_skipped_and_reported(oracle):
    ana, ben = Partner("Ana", "Europe/London", "Sun 18:00-19:00"), Partner("Ben", "Europe/Dublin", "Sun 18:00-19:00")
    busy = {"Ben": [(u(2025, 2, 9, 17, 30), u(2025, 2, 9, 20, 0), "wedding")]}
    plan = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR, busy=busy)
    (seg,) = plan.segments
    assert [(s.at, s.partner, s.reason) for s in plan.skipped] == [(u(2025, 2, 9, 18, 0), "Ben", "wedding")]
    assert seg.exdates == (datetime(2025, 2, 9, 18, 0, tzinfo=ana.tz),)
    assert u(2025, 2, 9, 18, 0) not in plan.occurrences() and len(plan.occurrences()) == 51
    assert "1 call(s) skipped" in " ".join(plan.notes)
    check_plan(plan, ana, ben, NEW_YEAR, oracle)


def test_weekly_busy_evening_moves_the_call_to_another_day():
    ana, ben = Partner("Ana", "Europe/Paris", WIDE), Partner("Ben", "Europe/Madrid", WIDE)
    free = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR)
    first = free.segments[0].start

    def ben_busy(start, end):  # Ben's standing commitment at that very time every week
        local = start.astimezone(ben.tz)
        return "choir" if local.weekday() == first.weekday() and 8 <= local.hour <= 23 else None
    plan = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR, busy={"Ben": ben_busy})
    assert plan.skipped == () and plan.segments[0].start.weekday() != first.weekday()


def test_busy_as_one_callable_and_as_objects_with_start_utc():
    ana, ben = Partner("Ana", "Europe/London", "Sun 18:00-19:00"), Partner("Ben", "Europe/Dublin", "Sun 18:00-19:00")

    class Interval:  # shaped like scheduling.ical.busy.BusyInterval
        def __init__(self, s, e):
            self.start_utc, self.end_utc = s, e
    plan = plan_call(ana, ben, cadence="monthly:1", minutes=60, anchor="Ana", start=NEW_YEAR,
                     busy={"Ana": [Interval(u(2025, 3, 2, 0), u(2025, 3, 3, 0))]})
    assert [s.at.date().isoformat() for s in plan.skipped] == ["2025-03-02"]
    calls = []
    plan = plan_call(ana, ben, cadence="monthly:1", minutes=60, anchor="Ana", start=NEW_YEAR,
                     busy=lambda who, s, e: calls.append(who) or (who == "Ben" and s.month == 4))
    assert [(s.at.date().isoformat(), s.partner) for s in plan.skipped] == [("2025-04-06", "Ben")]
    assert set(calls) == {"Ana", "Ben"}


def test_busy_for_an_unknown_partner_is_rejected():
    ana, ben = Partner("Ana", "Europe/London", WIDE), Partner("Ben", "Europe/Dublin", WIDE)
    with pytest.raises(PlanSpecError) as info:
        plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana", start=NEW_YEAR, busy={"Zoe": []})
    assert info.value.field == "busy"
