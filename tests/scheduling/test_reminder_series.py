"""reminder_series: reminders ring before every kept call and before nothing else."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings, strategies as st

from scheduling.call_pauses import paused_for_visits
from scheduling.reminder_series import ONE_OFF_LIMIT, ReminderSeries, covers_all, reminder_series

from .test_call_pauses import ZONES, visits, weekly

LONDON = ZoneInfo("Europe/London")
LEAD = timedelta(minutes=15)


def rung(series: list[ReminderSeries], until: datetime) -> list[datetime]:
    """Every time any of `series` rings, in order, repeats kept (a double ring is a bug)."""
    return sorted(t for s in series for t in s.times(until))


def saturdays(count: int, *, every: int = 7, first: date = date(2027, 1, 2)) -> list[datetime]:
    return [datetime.combine(first + timedelta(days=every * n), time(18, 45), LONDON) for n in range(count)]


def test_a_plain_weekly_call_is_one_open_ended_weekly_reminder():
    times = saturdays(52)
    assert reminder_series(times, set()) == [ReminderSeries(times[0], None, 7)]


def test_a_biweekly_call_repeats_every_two_weeks_not_every_week():
    times = saturdays(26, every=14)
    [series] = reminder_series(times, set())
    assert series.every_days == 14
    assert rung([series], times[-1]) == times


def test_a_visit_splits_the_reminder_around_it():
    times = saturdays(20)
    rests = {times[3], times[4]}
    series = reminder_series(times, rests)
    assert series == [ReminderSeries(times[0], times[2], 7), ReminderSeries(times[5], None, 7)]


def test_one_kept_call_between_two_visits_rings_once():
    times = saturdays(20)
    series = reminder_series(times, {times[2], times[4]})
    assert series[1] == ReminderSeries(times[3], times[3], None)


def test_a_visit_over_the_last_planned_call_leaves_no_open_ended_reminder():
    times = saturdays(10)
    series = reminder_series(times, {times[-1]})
    assert series == [ReminderSeries(times[0], times[-2], 7)]


def test_a_monthly_call_gets_one_offs_for_the_next_calls():
    first_saturdays = [datetime(2027, m, d, 18, 45, tzinfo=LONDON)
                       for m, d in ((1, 2), (2, 6), (3, 6), (4, 3), (5, 1), (6, 5), (7, 3), (8, 7), (9, 4), (10, 2))]
    series = reminder_series(first_saturdays, {first_saturdays[1]})
    assert all(s.every_days is None for s in series)
    assert [s.first for s in series] == [first_saturdays[0], *first_saturdays[2:2 + ONE_OFF_LIMIT - 1]]


def test_a_wall_time_that_moves_with_the_clocks_gets_a_weekly_reminder_per_stretch():
    times = saturdays(12)
    times[6:9] = [t + timedelta(hours=1) for t in times[6:9]]  # the other partner's clocks changed first
    assert reminder_series(times, set()) == [ReminderSeries(times[0], times[5], 7),
                                             ReminderSeries(times[6], times[8], 7),
                                             ReminderSeries(times[9], None, 7)]


def test_covers_all_tells_a_list_cut_at_the_limit():
    times = saturdays(30)
    rests = {times[n] for n in (3, 7, 11)}
    assert covers_all(reminder_series(times, rests), times, rests)
    cut = reminder_series(times, rests, limit=2)
    assert len(cut) == 2 and not covers_all(cut, times, rests)
    monthly = saturdays(12, every=28)
    assert not covers_all(reminder_series(monthly, set()), monthly, set())
    assert covers_all(reminder_series(monthly[:5], set()), monthly[:5], set())


def test_a_single_call_left_rings_once_and_nothing_left_sets_nothing():
    [only] = saturdays(1)
    assert reminder_series([only], set()) == [ReminderSeries(only, only, None)]
    assert reminder_series([], set()) == []
    assert reminder_series([only], {only}) == []


@st.composite
def wall_times(draw):
    """Upcoming reminder times: regular (7 or 14 days), or regular with a shifted stretch (clock
    changes), or a drawn irregular list; and a drawn subset of them to rest."""
    count = draw(st.integers(0, 40))
    every = draw(st.sampled_from((7, 14, 28)))
    times = saturdays(count, every=every)
    if count and draw(st.booleans()):
        cut = draw(st.integers(0, count - 1))
        times[cut:] = [t + timedelta(hours=draw(st.sampled_from((-1, 1)))) for t in times[cut:]]
    rests = {t for t in times if draw(st.integers(0, 4)) == 0}
    return times, rests


@settings(max_examples=300, deadline=None)
@given(wall_times(), st.integers(1, 12))
def test_reminders_ring_before_the_earliest_kept_calls_only_and_each_once(drawn, limit):
    times, rests = drawn
    series = reminder_series(times, rests, limit=limit)
    kept = [t for t in times if t not in rests]
    horizon = times[-1] if times else datetime(2027, 1, 1, tzinfo=LONDON)
    got = rung(series, horizon)
    assert got == kept[:len(got)]  # exactly the earliest kept calls, none twice, no rest
    assert len(series) <= limit
    if len(series) < limit:
        assert got == kept  # not cut: every kept call is covered
    assert covers_all(series, times, rests) == (got == kept)
    assert all(s.last is not None for s in series[:-1])  # only the last may run on
    if series and series[-1].last is None:
        assert times[-1] not in rests


@settings(max_examples=80, deadline=None)
@given(data=st.data(), anchor=st.sampled_from(ZONES), other=st.sampled_from(ZONES),
       first=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
       at=st.sampled_from((time(7, 30), time(12, 0), time(19, 0), time(21, 15))))
@example(data=None, anchor="Australia/Sydney", other="Europe/London", first=date(2027, 3, 6), at=time(19, 0))
def test_a_paused_call_seen_from_either_partners_clock(data, anchor, other, first, at):
    """The real pipeline: a weekly call anchored in one zone, paused for visits, reminded on the
    other partner's clock (both hemispheres, so their clocks change on other dates)."""
    spans = data.draw(visits(first)) if data is not None else [SimpleNamespace(start=first + timedelta(days=20),
                                                                              end=first + timedelta(days=30))]
    plan = weekly(anchor, first, at)
    kept_calls = set(paused_for_visits(plan, spans).occurrences())
    zone = ZoneInfo(other)
    times = [(o - LEAD).astimezone(zone) for o in plan.occurrences()]
    rests = {(o - LEAD).astimezone(zone) for o in plan.occurrences() if o not in kept_calls}
    series = reminder_series(times, rests, limit=100)
    got = rung(series, times[-1])
    assert [t.replace(tzinfo=None) for t in got] == [t.replace(tzinfo=None) for t in times if t not in rests]
