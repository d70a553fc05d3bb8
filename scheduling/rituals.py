"""The couple's ritual calendar: nightly check-in, weekly soft check-in, monthly
mini-adventure and the six weeks of the reconnection plan.

Each ritual is placed with the call planner's slot search, so every occurrence
sits inside both partners' windows; rituals avoid the standing call and each
other by treating time already given to them as busy.

>>> from datetime import datetime, timezone
>>> ana = Partner("Ana", "Europe/Berlin", "daily 07:00-23:00")
>>> ben = Partner("Ben", "Asia/Tokyo", "daily 07:00-23:30")
>>> cal = plan_rituals(ana, ben, anchor="Ana", start=datetime(2025, 1, 1, tzinfo=timezone.utc))

11:00 in Berlin is 19:00 (18:00 in summer) in Tokyo: the evening that both windows share.

>>> [(r.kind, r.rrule, r.start.strftime("%H:%M")) for r in cal.items if r.kind != "plan-week"]
[('nightly', 'FREQ=DAILY', '11:00'), ('soft-check-in', 'FREQ=WEEKLY;BYDAY=MO', '12:00'), ('mini-adventure', 'FREQ=MONTHLY;BYDAY=1SA', '10:00')]
>>> [r.title for r in cal.items if r.kind == "plan-week"][:2]
['Week 1: Assessment and gentle grounding', 'Week 2: Rebuild rituals']
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any, Callable

from .call_search import SearchSpace
from .call_split import Piece, split
from .calls import CallPlan, CallSegment, segment_from
from .errors import PlanSpecError
from .intervals import to_seconds
from .partners import Partner
from .recurrence import Cadence

PLAN_WEEKS = (
    ("Assessment and gentle grounding",
     "Journal on your own about what you notice and miss; share one positive observation; "
     "plan a short, low-pressure shared activity."),
    ("Rebuild rituals", "Bring back a small daily ritual: a real morning message and the nightly 10-minute check-in."),
    ("Increase emotional safety",
     "Try the soft check-in (one need, one appreciation each) and practise reflective listening."),
    ("Repair and apologies", "Talk through one small but meaningful hurt; keep apologies short and sincere."),
    ("Plan shared small wins", "Choose two or three micro-goals together and celebrate every small success."),
    ("Evaluate and decide next steps",
     "What improved? What is still hard? Decide which habits you keep and whether you want outside support."),
)


@dataclass(frozen=True)
class RitualSeries(CallSegment):
    """A ritual's recurrence (same fields as :class:`CallSegment`) with its
    ``kind`` (``nightly``, ``soft-check-in``, ``mini-adventure``, ``plan-week``),
    ``title`` and ``description``. A plan week is a single occurrence
    (``until == start``)."""

    kind: str = ""
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class RitualCalendar:
    """All placed rituals, plus notes on what could not be placed."""

    items: tuple[RitualSeries, ...]
    notes: tuple[str, ...]


def _evening(minute_a: int, minute_b: int) -> float:
    """Preference for a nightly check-in: evening on each partner's clock."""
    return sum(15 if 19 * 60 <= m < 23 * 60 else 8 if 17 * 60 <= m < 24 * 60 else 0 for m in (minute_a, minute_b))


def _place(space: SearchSpace, cadence: Cadence, weekday_sets: list[tuple[int, ...]],
           prefer: Callable[[int, int], float] | None = None) -> list[Piece] | None:
    slots = space.candidates(cadence, weekday_sets)
    ranked = space.search(cadence, slots, prefer)
    if ranked:
        return [Piece(ranked[0], 0, len(ranked[0].times))]
    return split(space, cadence, slots, prefer)


def _series(piece: Piece, cadence: Cadence, space: SearchSpace, kind: str, title: str,
            description: str) -> RitualSeries:
    segment, _ = segment_from(piece, cadence, space)
    values = {f.name: getattr(segment, f.name) for f in fields(CallSegment)}
    return RitualSeries(**values, kind=kind, title=title, description=description)


class _Planner:
    """Places rituals one after another, each avoiding the time already taken."""

    def __init__(self, a: Partner, b: Partner, anchor: Partner, start: datetime, months: int, busy: Any,
                 call: CallPlan | None) -> None:
        self.a, self.b, self.anchor, self.start, self.months, self.busy = a, b, anchor, start, months, busy
        self.taken: list[tuple[int, int, str]] = []
        if call is not None:
            self._take(call.occurrences(), call.minutes * 60, "standing call")
        self.items: list[RitualSeries] = []
        self.notes: list[str] = []

    def _take(self, starts: list[datetime], seconds: int, label: str) -> None:
        self.taken.extend((to_seconds(t), to_seconds(t) + seconds, label) for t in starts)

    def space(self, minutes: int, first: date | None = None, end: date | None = None) -> SearchSpace:
        """A search space for a ritual of ``minutes``, avoiding time already taken."""
        return SearchSpace.build(self.a, self.b, self.anchor, minutes=minutes, start=self.start,
                                 months=self.months, first=first, end=end, busy=self.busy, taken=self.taken)

    def add(self, pieces: list[Piece], cadence: Cadence, space: SearchSpace, kind: str, title: str,
            description: str) -> list[RitualSeries]:
        """Record placed pieces as rituals and mark their time as taken."""
        added = [_series(p, cadence, space, kind, title, description) for p in pieces]
        for item in added:
            self._take(item.occurrences(), int(item.duration.total_seconds()), title)
        self.items.extend(added)
        return added

    def nightly(self) -> None:
        """10 minutes every day; if no one time suits the whole week, weekdays
        and weekend apart, and any group that still fails day by day (days that
        fit nowhere are left out, with a note)."""
        space, rule = self.space(10), Cadence("weekly")
        title, text = "Nightly check-in", "Ten minutes, phones down: how was your day, one thing you appreciated."
        groups = [tuple(range(7))]
        placed = [(groups[0], _place(space, rule, groups, _evening))]
        if not placed[0][1]:
            placed = [(g, _place(space, rule, [g], _evening)) for g in (tuple(range(5)), (5, 6))]
            placed = [item for g, pieces in placed
                      for item in ([(g, pieces)] if pieces else
                                   [((d,), _place(space, rule, [(d,)], _evening)) for d in g])]
        missing = [g[0] for g, pieces in placed if not pieces]
        for _, pieces in placed:
            if pieces:
                self.add(pieces, rule, space, "nightly", title, text)
        if missing:
            days = ", ".join(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d] for d in missing)
            self.notes.append(f"No 10 minutes in both windows for the nightly check-in on: {days}.")

    def recurring(self, kind: str, title: str, text: str, cadence: str, minutes: int,
                  days: list[list[tuple[int, ...]]]) -> None:
        """A weekly/monthly ritual, trying each list of weekday sets in turn."""
        rule, space = Cadence.parse(cadence), self.space(minutes)
        for weekday_sets in days:
            pieces = _place(space, rule, weekday_sets)
            if pieces:
                self.add(pieces, rule, space, kind, title, text)
                return
        self.notes.append(f"No {minutes} minutes in both windows for the {title.lower()}.")

    def plan_weeks(self, plan_start: date) -> None:
        """One event in each of the six weeks from ``plan_start``: the same slot
        every week where possible; a week that slot misses (already past, or not
        in both windows that week) gets its own search over its remaining days."""
        rule, any_day = Cadence("weekly"), [(d,) for d in range(7)]
        space = self.space(30, first=plan_start, end=plan_start + timedelta(weeks=len(PLAN_WEEKS)))
        chosen: dict[int, tuple[Piece, SearchSpace]] = {}
        for piece in _place(space, rule, any_day) or []:
            for k in range(piece.lo, piece.hi):
                chosen.setdefault((piece.ev.dates[k] - plan_start).days // 7, (Piece(piece.ev, k, k + 1), space))
        for week in range(len(PLAN_WEEKS)):
            first = plan_start + timedelta(weeks=week)
            alone = self.space(30, first=first, end=first + timedelta(weeks=1))
            if week in chosen or alone.hi <= alone.start:  # placed, or the week is over
                continue
            found = _place(alone, rule, any_day)
            if found:
                chosen[week] = (found[0], alone)
            else:
                self.notes.append(f"No 30 minutes in both windows for week {week + 1} of the six-week plan.")
        for week in sorted(chosen):
            piece, where = chosen[week]
            name, text = PLAN_WEEKS[week]
            self.add([Piece(piece.ev, piece.lo, piece.lo + 1)], rule, where, "plan-week",
                     f"Week {week + 1}: {name}", text)


def plan_rituals(a: Partner, b: Partner, *, anchor: str | Partner, start: datetime, months: int = 12,
                 plan_start: date | None = None, call: CallPlan | None = None, busy: Any = None) -> RitualCalendar:
    """Place the couple's rituals for ``months`` months from ``start`` ("now").

    ``plan_start`` (default: today in the anchor zone) starts the six-week plan;
    weeks already over are left out. ``call`` is the standing call to keep clear
    of; ``busy`` is as for :func:`scheduling.calls.plan_call`.
    """
    if a.name == b.name:
        raise PlanSpecError("partners", a.name, "the two partners need different names")
    name = anchor.name if isinstance(anchor, Partner) else anchor
    if name not in (a.name, b.name):
        raise PlanSpecError("anchor", anchor, f"anchor must be {a.name!r} or {b.name!r}")
    planner = _Planner(a, b, a if name == a.name else b, start, months, busy, call)
    planner.nightly()
    planner.recurring("soft-check-in", "Soft check-in", "Each of you shares one need and one appreciation.",
                      "weekly", 20, [[(d,) for d in range(7)]])
    planner.recurring("mini-adventure", "Mini-adventure",
                      "Something small and new together, even a video walk through a nearby park.",
                      "monthly:1", 60, [[(5,), (6,)], [(d,) for d in range(5)]])
    planner.plan_weeks(plan_start or start.astimezone(planner.anchor.tz).date())
    return RitualCalendar(tuple(planner.items), tuple(planner.notes))
