"""The standing video call: output types and the planner.

>>> from datetime import datetime, timezone
>>> ana = Partner("Ana", "Europe/London", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00")
>>> ben = Partner("Ben", "America/New_York", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00")
>>> plan = plan_call(ana, ben, cadence="weekly", minutes=60, anchor="Ana",
...                  start=datetime(2025, 1, 1, tzinfo=timezone.utc))
>>> seg = plan.segments[0]
>>> len(plan.segments), seg.rrule, seg.start.strftime("%a %H:%M %Z")
(1, 'FREQ=WEEKLY;BYDAY=SA', 'Sat 18:00 GMT')
>>> all(ana.contains(t, seg.duration) and ben.contains(t, seg.duration) for t in plan.occurrences())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any

from .call_notes import plan_notes
from .call_search import SearchSpace, SlotEval
from .call_split import Piece, no_common_time, split
from .errors import PlanSpecError
from .intervals import from_seconds, to_seconds
from .partners import Partner
from .recurrence import Cadence, expand_dates
from .zones import get_zone

UTC = timezone.utc


@dataclass(frozen=True)
class CallSegment:
    """One recurrence of a series: ``DTSTART;TZID=anchor_zone`` = ``start``,
    ``RRULE`` = ``rrule`` + ``UNTIL`` = ``until`` (UTC, inclusive), minus ``exdates``."""

    anchor_zone: str
    start: datetime
    until: datetime
    rrule: str
    duration: timedelta
    exdates: tuple[datetime, ...] = ()

    def occurrences(self) -> list[datetime]:
        """Aware datetimes in the anchor zone, exactly what an RFC 5545 expander
        gives for DTSTART/RRULE/UNTIL, without the exdates. Wall times that fall
        in a DST gap or fold resolve as RFC 5545 says (``fold=0``)."""
        zone = get_zone(self.anchor_zone)
        wall = self.start.astimezone(zone).time().replace(tzinfo=None)
        last = self.until.astimezone(zone).date() + timedelta(days=1)
        skip = {to_seconds(x) for x in self.exdates}
        out = []
        for day in expand_dates(self.rrule, self.start.astimezone(zone).date(), last):
            local = datetime.combine(day, wall, tzinfo=zone)
            if local > self.until:
                break
            if to_seconds(local) not in skip:
                out.append(local)
        return out


@dataclass(frozen=True)
class CallOption:
    """A whole-horizon slot: ``weekday`` (0=Mon) at ``time`` in ``anchor_zone``.

    ``margins`` gives each partner's smallest distance (minutes) to a window edge
    over the horizon; ``skipped`` how many occurrences busy time would cost."""

    weekday: int
    time: time
    anchor_zone: str
    score: float
    margins: tuple[tuple[str, int], ...]
    skipped: int
    first: datetime


@dataclass(frozen=True)
class SkippedOccurrence:
    """An occurrence left out (EXDATE) because ``partner`` was busy: ``reason``."""

    at: datetime
    partner: str
    reason: str


@dataclass(frozen=True)
class CallPlan:
    """The planned series: one segment, or several when the clock changes force
    the time to move; alternatives are other single-slot options, best first."""

    segments: tuple[CallSegment, ...]
    minutes: int
    cadence: str
    anchor: str
    alternatives: tuple[CallOption, ...]
    skipped: tuple[SkippedOccurrence, ...]
    notes: tuple[str, ...]

    def occurrences(self) -> list[datetime]:
        """Every occurrence of every segment, in UTC, sorted."""
        return sorted(o.astimezone(UTC) for seg in self.segments for o in seg.occurrences())

    def next_occurrence(self, now: datetime) -> datetime | None:
        """The first occurrence starting at or after ``now`` (UTC), or None."""
        t = to_seconds(now, "now")
        return next((o for o in self.occurrences() if to_seconds(o) >= t), None)


def _validate(a: Partner, b: Partner, anchor: Any, minutes: Any, months: Any) -> Partner:
    if not isinstance(a, Partner) or not isinstance(b, Partner):
        raise PlanSpecError("partners", (a, b), "both partners must be scheduling.Partner values")
    if a.name == b.name:
        raise PlanSpecError("partners", a.name, "the two partners need different names")
    if not isinstance(minutes, int) or not 5 <= minutes <= 720:
        raise PlanSpecError("minutes", minutes, "a call lasts 5 to 720 minutes")
    if not isinstance(months, int) or not 1 <= months <= 24:
        raise PlanSpecError("months", months, "plan 1 to 24 months ahead")
    name = anchor.name if isinstance(anchor, Partner) else anchor
    if name not in (a.name, b.name):
        raise PlanSpecError("anchor", anchor, f"anchor must be {a.name!r} or {b.name!r}")
    return a if name == a.name else b


def segment_from(piece: Piece, cadence: Cadence, space: SearchSpace) -> tuple[CallSegment, list[SkippedOccurrence]]:
    """Turn occurrences ``lo:hi`` of an evaluated slot into a CallSegment."""
    ev, zone = piece.ev, get_zone(space.anchor.zone)
    wall = time(ev.slot.minute // 60, ev.slot.minute % 60)
    local = [datetime.combine(d, wall, tzinfo=zone) for d in ev.dates[piece.lo:piece.hi]]
    skipped = [(local[k - piece.lo], ev.busy[k]) for k in range(piece.lo, piece.hi) if ev.busy[k]]
    segment = CallSegment(
        anchor_zone=space.anchor.zone, start=local[0], until=from_seconds(ev.times[piece.hi - 1]),
        rrule=cadence.rrule(ev.slot.weekdays), duration=timedelta(seconds=space.duration),
        exdates=tuple(x for x, _ in skipped))
    return segment, [SkippedOccurrence(x.astimezone(UTC), who, why) for x, (who, why) in skipped]


def _option(ev: SlotEval, space: SearchSpace) -> CallOption:
    zone = get_zone(space.anchor.zone)
    wall = time(ev.slot.minute // 60, ev.slot.minute % 60)
    return CallOption(
        weekday=ev.slot.weekdays[0], time=wall, anchor_zone=space.anchor.zone, score=ev.score,
        margins=((space.a.name, min(ev.margins_a) // 60), (space.b.name, min(ev.margins_b) // 60)),
        skipped=sum(1 for x in ev.busy if x), first=datetime.combine(ev.dates[0], wall, tzinfo=zone))


def _diverse(ranked: list[SlotEval], limit: int = 5) -> list[SlotEval]:
    """Best-first options that differ: another weekday, or 90+ minutes apart."""
    picked: list[SlotEval] = []
    for ev in ranked:
        if all(ev.slot.weekdays != p.slot.weekdays or abs(ev.slot.minute - p.slot.minute) >= 90 for p in picked):
            picked.append(ev)
            if len(picked) == limit + 1:
                break
    return picked


def plan_call(a: Partner, b: Partner, *, cadence: str, minutes: int, anchor: str | Partner,
              start: datetime, months: int = 12, busy: Any = None) -> CallPlan:
    """Plan a standing call for ``months`` months from ``start`` ("now", aware).

    ``cadence`` is ``weekly``, ``biweekly`` or ``monthly:N``; the recurrence is
    written in ``anchor``'s zone on a 15-minute grid. Every occurrence lies in
    both partners' windows on their own wall clocks; if no one slot holds all
    year the plan is split at the clock changes; if even that fails,
    :class:`NoCommonTime` says whose window would have to widen, and by how much.
    ``busy`` (see :mod:`scheduling.busy_index`) steers the choice away from busy
    occurrences; those left are skipped (EXDATE) and listed in ``plan.skipped``.
    """
    anchor_partner = _validate(a, b, anchor, minutes, months)
    rule = Cadence.parse(cadence)
    if rule.kind == "daily":
        raise PlanSpecError("cadence", cadence, "a standing call is weekly, biweekly or monthly:N")
    space = SearchSpace.build(a, b, anchor_partner, minutes=minutes, start=start, months=months, busy=busy)
    slots = space.candidates(rule, [(d,) for d in range(7)])
    ranked = space.search(rule, slots)
    if ranked:
        chosen = _diverse(ranked)
        pieces = [Piece(ranked[0], 0, len(ranked[0].times))]
        alternatives = tuple(_option(ev, space) for ev in chosen[1:])
    else:
        pieces = split(space, rule, slots)
        if pieces is None:
            raise no_common_time(space, rule, slots)
        alternatives = ()
    return assemble_plan(space, rule, pieces, alternatives=alternatives, split=not ranked)


def assemble_plan(space: SearchSpace, rule: Cadence, pieces: list[Piece], *, alternatives: tuple[CallOption, ...],
                  split: bool) -> CallPlan:
    """The CallPlan for evaluated ``pieces`` of a search (one piece, or one per clock-change stretch)."""
    segments, skipped = [], []
    for piece in pieces:
        segment, lost = segment_from(piece, rule, space)
        segments.append(segment), skipped.extend(lost)
    return CallPlan(segments=tuple(segments), minutes=space.duration // 60, cadence=str(rule),
                    anchor=space.anchor.name, alternatives=alternatives, skipped=tuple(skipped),
                    notes=plan_notes(space, rule, pieces, skipped, split=split))
