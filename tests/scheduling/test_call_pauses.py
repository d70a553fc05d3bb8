"""paused_for_visits: the standing call rests on the days the two are together, and only then."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings, strategies as st

from scheduling import CallPlan, CallSegment
from scheduling.call_pauses import paused_for_visits

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Both hemispheres: Sydney and Santiago change clocks opposite to London and New York.
ZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "America/Santiago", "Asia/Kolkata")


def weekly(zone: str, first: date, at: time, exdates=()) -> CallPlan:
    tz = ZoneInfo(zone)
    start = datetime.combine(first, at, tz)
    segment = CallSegment(zone, start, start + timedelta(days=364), f"FREQ=WEEKLY;BYDAY={DAYS[first.weekday()]}",
                          timedelta(minutes=45), tuple(exdates))
    return CallPlan((segment,), 45, "weekly", "Ana", (), (), ())


@st.composite
def visits(draw, around: date):
    """Up to four visits of 1 to 20 days in the plan's year, not overlapping."""
    spans, cursor = [], around - timedelta(days=10)
    for _ in range(draw(st.integers(0, 4))):
        start = cursor + timedelta(days=draw(st.integers(0, 90)))
        end = start + timedelta(days=draw(st.integers(0, 19)))
        spans.append(SimpleNamespace(start=start, end=end))
        cursor = end + timedelta(days=1)
    return spans


@settings(max_examples=120, deadline=None)
@given(data=st.data(), zone=st.sampled_from(ZONES),
       first=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
       at=st.times().map(lambda t: t.replace(second=0, microsecond=0)))
@example(data=None, zone="Australia/Sydney", first=date(2027, 4, 4), at=time(2, 30))  # the day clocks go back
def test_no_call_falls_on_a_visit_day_and_every_other_call_is_kept(data, zone, first, at):
    plan = weekly(zone, first, at)
    together = data.draw(visits(first)) if data is not None else [SimpleNamespace(start=first, end=first)]
    paused = paused_for_visits(plan, together)
    tz = ZoneInfo(zone)

    def on_a_visit(at_: datetime) -> bool:
        return any(v.start <= at_.astimezone(tz).date() <= v.end for v in together)

    before, after = plan.occurrences(), paused.occurrences()
    assert not any(on_a_visit(o) for o in after)
    assert after == [o for o in before if not on_a_visit(o)]
    assert paused.segments[0].rrule == plan.segments[0].rrule and paused.segments[0].start == plan.segments[0].start
    assert paused_for_visits(paused, together) == paused  # pausing again changes nothing


def test_exdates_already_there_stay_and_are_not_repeated():
    tz = ZoneInfo("Europe/London")
    skipped = datetime(2027, 1, 10, 19, tzinfo=tz)
    plan = weekly("Europe/London", date(2027, 1, 3), time(19), exdates=(skipped,))
    paused = paused_for_visits(plan, [SimpleNamespace(start=date(2027, 1, 9), end=date(2027, 1, 17)),
                                      SimpleNamespace(start=date(2027, 3, 1), end=date(2027, 3, 1))])
    assert paused.segments[0].exdates == (skipped, datetime(2027, 1, 17, 19, tzinfo=tz))
    assert paused_for_visits(plan, []) is plan
