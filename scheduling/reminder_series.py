"""Reminders before a standing call, as few repeating ones as the call and its rests allow.

A reminder service (Alexa's, a phone's) repeats a reminder on one wall clock: "every Saturday at
18:45", optionally between a first and a last date. It knows nothing of the call's series, so
a plain weekly reminder rings on the weeks a biweekly call is off, on the weeks a call rests for
a visit, and at the wrong hour when the other partner's clocks change on another date. This
module turns the call's upcoming reminder times on one partner's wall clock into reminders that
ring before every call that is kept and before nothing else:

- calls one or two weeks apart become repeating reminders, one per run of kept calls at the same
  wall time: a rest for a visit ends a run, and so does a clock change that moves this partner's
  wall time (the other partner's clocks changed on another date); the last run is open-ended;
- anything else (a monthly call) becomes one-off reminders for the next few calls.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Collection, Sequence

__all__ = ["ReminderSeries", "reminder_series", "covers_all", "ONE_OFF_LIMIT"]

ONE_OFF_LIMIT = 8  # one-offs (or runs) set at once: enough for two months of weekly calls
_REPEATABLE_STEPS = (7, 14)  # what a weekly rule with INTERVAL=1 or 2 can say


@dataclass(frozen=True)
class ReminderSeries:
    """One reminder: at `first` (wall time, zone-aware), then every `every_days` days up to and
    including `last` (None: without end). `every_days` None means it rings once."""

    first: datetime
    last: datetime | None
    every_days: int | None

    def times(self, until: datetime) -> list[datetime]:
        """The wall times it rings at, up to `until` (for checking; services expand it themselves)."""
        if self.every_days is None:
            return [self.first] if self.first <= until else []
        out, at = [], self.first.replace(tzinfo=None)
        end = min(x for x in (self.last, until) if x is not None).replace(tzinfo=None)
        while at <= end:
            out.append(at.replace(tzinfo=self.first.tzinfo))
            at += timedelta(days=self.every_days)
        return out


def _step_days(times: Sequence[datetime]) -> int | None:
    """The one step in calendar days between consecutive `times` when a weekly rule can repeat
    it (7 or 14 days apart every time; the wall time may move), else None."""
    if len(times) < 2:
        return None  # one call left: nothing to repeat
    steps = {(b.date() - a.date()).days for a, b in zip(times, times[1:])}
    return steps.pop() if len(steps) == 1 and next(iter(steps)) in _REPEATABLE_STEPS else None


def _clock(at: datetime) -> tuple[int, object]:
    """What a weekly rule fixes: the weekday and the wall time."""
    return at.weekday(), at.time()


def reminder_series(times: Sequence[datetime], rests: Collection[datetime], *,
                    limit: int = ONE_OFF_LIMIT) -> list[ReminderSeries]:
    """Reminders for a call's upcoming reminder `times` (sorted, zone-aware, on the wall clock of
    the partner they ring for, up to the end of the planned series) that ring at every time not in
    `rests` and at no time in `rests`.

    At most `limit` reminders; the ones kept are the earliest, so a cut list still covers the
    coming calls exactly and simply stops early (`covers_all` tells; the caller says so).

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> london = ZoneInfo("Europe/London")
    >>> sat = [datetime(2027, 1, d, 18, 45, tzinfo=london) for d in (2, 9, 16, 23, 30)]
    >>> [(s.first.day, s.last and s.last.day, s.every_days) for s in reminder_series(sat, {sat[2]})]
    [(2, 9, 7), (23, None, 7)]
    """
    kept = [t for t in times if t not in rests]
    step = _step_days(times)
    if step is None:
        return [ReminderSeries(t, t, None) for t in kept[:limit]]
    runs: list[list[datetime]] = [[]]
    for t in times:
        if t in rests:
            if runs[-1]:
                runs.append([])
        else:
            if runs[-1] and _clock(runs[-1][-1]) != _clock(t):
                runs.append([])  # the wall time moved: a new weekly rule from here
            runs[-1].append(t)
    runs = [run for run in runs if run]
    reaches_end = bool(times) and times[-1] not in rests
    series = []
    for index, run in enumerate(runs[:limit]):
        open_ended = reaches_end and index == len(runs) - 1
        if len(run) == 1 and not open_ended:
            series.append(ReminderSeries(run[0], run[0], None))
        else:
            series.append(ReminderSeries(run[0], None if open_ended else run[-1], step))
    return series


def covers_all(series: Sequence[ReminderSeries], times: Sequence[datetime], rests: Collection[datetime]) -> bool:
    """True when `series` rings before every kept time of `times` (it was not cut at the limit)."""
    kept = [t for t in times if t not in rests]
    if not kept:
        return True
    if not series:
        return False
    final = series[-1]
    return final.last is None or final.last >= kept[-1]
