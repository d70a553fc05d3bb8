"""The standing call nearest to what the couple asked for ("Sunday evenings").

A preference (a weekday, a part of the day on the anchor partner's clock, or both) narrows the
anchor's waking windows. When nothing inside the narrowed windows holds all year, saying "no"
helps nobody: London and New York cannot share a Sunday *evening* on default hours, but Sunday at
4:45 PM in New York is 9:45 PM in London. So the planner looks for the nearest slot that does
hold: on the asked weekday first, then on any day, nearest the asked part of the day.

>>> from datetime import datetime, timezone
>>> ana = Partner("Ana", "Europe/London", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-22:30")
>>> ben = Partner("Ben", "America/New_York", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-22:30")
>>> near = plan_call_near(ana, ben, anchor="Ben", preference=CallPreference(6, (17 * 60, 22 * 60)),
...                       cadence="weekly", minutes=45, start=datetime(2026, 11, 24, tzinfo=timezone.utc))
>>> near.exact, near.plan.segments[0].start.strftime("%a %H:%M")
(False, 'Sun 16:45')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .call_search import SearchSpace, SlotEval
from .call_split import Piece
from .calls import CallPlan, _validate, assemble_plan, plan_call
from .errors import NoCommonTime, PlanSpecError
from .partners import Partner
from .recurrence import Cadence
from .windows import DAY, WeeklyWindows, Window


@dataclass(frozen=True)
class CallPreference:
    """What the couple asked for, on the anchor partner's clock: ``weekday`` (0=Mon) and/or
    ``part`` of the day as (start, end) minutes after local midnight, end up to 1440."""

    weekday: int | None = None
    part: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.weekday is not None and (isinstance(self.weekday, bool) or self.weekday not in range(7)):
            raise PlanSpecError("weekday", self.weekday, "a weekday is 0 (Monday) to 6 (Sunday)")
        if self.part is not None:
            start, end = self.part
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= DAY):
                raise PlanSpecError("part", self.part, "a part of the day is (start, end) minutes, 0 <= start < end <= 1440")

    def narrow(self, windows: WeeklyWindows) -> WeeklyWindows | None:
        """``windows`` kept to the preference; None when nothing is left.

        >>> str(CallPreference(6, (17 * 60, 22 * 60)).narrow(WeeklyWindows.parse("Sat-Sun 09:00-23:00")))
        'Sun 17:00-22:00'
        """
        kept = []
        for window in windows.windows:
            if self.weekday is not None and window.weekday != self.weekday:
                continue
            start, end = window.start, window.end
            if self.part is not None:
                start, end = max(start, self.part[0]), min(end, self.part[1])
            if end > start:
                kept.append(Window(window.weekday, start, end))
        return WeeklyWindows(tuple(kept)) if kept else None

    def distance(self, weekday: int, minute: int, minutes: int) -> tuple[int, int]:
        """How far a call at ``minute`` on ``weekday`` lasting ``minutes`` is from the preference:
        minutes outside the part of the day, then days away from the weekday (0, 0 = as asked)."""
        off_part = 0
        if self.part is not None:
            off_part = max(0, self.part[0] - minute, minute + minutes - self.part[1])
        off_day = 0
        if self.weekday is not None:
            apart = abs(weekday - self.weekday)
            off_day = min(apart, 7 - apart)
        return off_part, off_day


@dataclass(frozen=True)
class NearestCall:
    """The plan, and whether it keeps to the preference as asked (``exact``) or is the nearest."""

    plan: CallPlan
    exact: bool


def plan_call_near(a: Partner, b: Partner, *, anchor: str | Partner, preference: CallPreference, cadence: str,
                   minutes: int, start: datetime, months: int = 12, busy: Any = None) -> NearestCall:
    """Plan a standing call as :func:`scheduling.plan_call` does, kept to ``preference``; when no
    time inside the preference holds all year, the nearest single weekly time that does (same
    weekday first, then any day), else the planner's own choice, split at the clock changes if it
    must be. Raises :class:`NoCommonTime` only when the partners share no time at all.
    """
    anchor_partner = _validate(a, b, anchor, minutes, months)
    rule = Cadence.parse(cadence)

    def within(windows: WeeklyWindows) -> tuple[Partner, Partner, Partner]:
        """Both partners (in order) with the anchor's windows replaced, and that anchor."""
        kept = Partner(anchor_partner.name, anchor_partner.zone, windows, anchor_partner.quiet)
        return ((kept, b) if anchor_partner is a else (a, kept)) + (kept,)

    def plan(windows: WeeklyWindows) -> CallPlan:
        first, second, _ = within(windows)
        return plan_call(first, second, cadence=cadence, minutes=minutes, anchor=anchor_partner.name,
                         start=start, months=months, busy=busy)

    narrowed = preference.narrow(anchor_partner.windows)
    failure: NoCommonTime | None = None
    if narrowed is not None:
        try:
            return NearestCall(plan(narrowed), exact=True)
        except NoCommonTime as exc:
            failure = exc  # nothing inside these windows, not even split at the clock changes
    days = ([preference.weekday] if preference.weekday is not None else []) + [None]
    for day in days:
        scope = CallPreference(day).narrow(anchor_partner.windows)
        if scope is None or (failure is not None and scope == narrowed):
            continue
        space = SearchSpace.build(*within(scope), minutes=minutes, start=start, months=months, busy=busy)
        ranked = space.search(rule, space.candidates(rule, [(d,) for d in range(7)]))
        if ranked:
            best = min(ranked, key=lambda ev: _nearness(preference, ev, minutes))
            # The plan is built from the very evaluation that held all year. (Planning again inside
            # a window of exactly the call's length would not do: across a spring-forward night a
            # 45-minute call spans an hour and 45 minutes of wall clock.)
            plan_ = assemble_plan(space, rule, [Piece(best, 0, len(best.times))], alternatives=(), split=False)
            return NearestCall(plan_, exact=False)
    if failure is not None and narrowed == anchor_partner.windows:
        raise failure
    return NearestCall(plan(anchor_partner.windows), exact=False)


def _nearness(preference: CallPreference, ev: SlotEval, minutes: int) -> tuple:
    off_part, off_day = preference.distance(ev.slot.weekdays[0], ev.slot.minute, minutes)
    # The nearest first; between equally near slots, the more comfortable one (the search's score).
    return off_part, off_day, -ev.score, ev.slot.weekdays, ev.slot.minute
