"""The slot search shared by the call planner and the ritual calendar.

A *slot* is a set of weekdays plus a wall-clock time on a 15-minute grid in the
anchor partner's zone (plus, for biweekly series, which weeks are "on").  For a
slot, the occurrences over the horizon are expanded with the same date logic the
calendar uses (:mod:`scheduling.recurrence`), converted to UTC seconds once, and
checked against each partner's windows, pre-computed as merged UTC spans:
one ``bisect`` per partner per occurrence, no loops over minutes.

Ranking (``score``): comfort is the smallest distance, over the year, from the
call to the nearest window edge, per partner, capped at two hours (beyond that
the call is simply comfortable).  Score = the smaller of the two partners'
comforts, minus a quarter of the difference between them (so neither partner is
always the one at the edge of their day), plus a small bonus for calls on the
hour or half hour, minus a penalty per occurrence lost to busy time.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Callable, Iterable

from .busy_index import BusyIndex
from .intervals import to_seconds
from .partners import Partner, WindowIndex
from .recurrence import Cadence
from .zones import ZoneOffsets, date_of, day_start

GRID = 15                 # minutes between candidate start times
CAP = 120                 # minutes of margin beyond which comfort stops growing
FAIRNESS = 0.25           # weight of the imbalance between the partners' margins
BUSY_PENALTY = 30         # score points per occurrence lost to busy time


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's last day.

    >>> add_months(date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    """
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, order=True)
class Slot:
    """Weekdays (0=Mon) + minute after anchor-local midnight; ``phase`` is a date
    in an "on" week of a biweekly series (any date for other cadences)."""

    weekdays: tuple[int, ...]
    minute: int
    phase: date


@dataclass
class SlotEval:
    """A slot's occurrences (UTC seconds, anchor-local dates) and each partner's
    margin (seconds; -1 = outside a window) at every occurrence."""

    slot: Slot
    times: list[int]
    dates: list[date]
    margins_a: list[int]
    margins_b: list[int]
    busy: list[tuple[str, str] | None] = field(default_factory=list)
    score: float = 0.0
    raw: int = 0  # smaller partner's uncapped margin (minutes), a tie-breaker


def comfort_score(margin_a: int, margin_b: int, minute: int, busy_count: int) -> float:
    """Score of a slot from the two partners' smallest margins (seconds).

    >>> comfort_score(3600, 3600, 0, 0) > comfort_score(7200, 600, 0, 0)
    True
    """
    ca, cb = min(margin_a // 60, CAP), min(margin_b // 60, CAP)
    roundness = 3 if minute % 60 == 0 else 1.5 if minute % 30 == 0 else 0
    return min(ca, cb) - FAIRNESS * abs(ca - cb) + roundness - BUSY_PENALTY * busy_count


class SearchSpace:
    """Everything fixed for one planning run: partners' spans, the anchor
    zone's clock, the horizon, the duration and busy time."""

    def __init__(self, a: Partner, b: Partner, anchor: Partner, *, start: int, first: date,
                 end: date, minutes: int, busy: BusyIndex) -> None:
        self.a, self.b, self.anchor = a, b, anchor
        self.start, self.first, self.end = start, first, end  # dates: first..end-1, anchor-local
        self.duration = minutes * 60
        self.busy = busy
        self.clock = ZoneOffsets(anchor.zone, start - 86400, day_start(end) + 86400)
        self.hi = self.clock.wall_to_utc(day_start(end))
        self.idx_a: WindowIndex = a.index(start - 86400, self.hi + self.duration + 86400)
        self.idx_b: WindowIndex = b.index(start - 86400, self.hi + self.duration + 86400)
        self.offsets_a = ZoneOffsets(a.zone, start, self.hi + self.duration)
        self.offsets_b = ZoneOffsets(b.zone, start, self.hi + self.duration)
        # Local days touched by a transition need the exact conversion; all
        # others are "midnight in UTC + minutes".
        self._irregular = {date_of(t.at + off) + timedelta(days=k)
                           for t in self.clock.transitions for off in (t.before, t.after) for k in (-1, 0, 1)}
        self._dates: dict[tuple, list[date]] = {}
        self._bases: dict[date, int | None] = {}
        self._full: dict[tuple, SlotEval] = {}

    @classmethod
    def build(cls, a: Partner, b: Partner, anchor: Partner, *, minutes: int, start: datetime,
              months: int = 12, first: date | None = None, end: date | None = None, busy: Any = None,
              taken: Iterable[tuple[int, int, str]] = ()) -> "SearchSpace":
        """A space from "now" (``start``, aware) over anchor-local dates ``first``
        (default: today there) up to ``end`` (default: ``months`` later), exclusive."""
        s = to_seconds(start, "start")
        first = first or start.astimezone(anchor.tz).date()
        end = end or add_months(first, months)
        return cls(a, b, anchor, start=s, first=first, end=end, minutes=minutes,
                   busy=BusyIndex(busy, (a.name, b.name), taken))

    def _base(self, day: date) -> int | None:
        """UTC seconds of local midnight, or None on days near a transition."""
        if day not in self._bases:
            naive = day_start(day)
            self._bases[day] = None if day in self._irregular else naive - self.clock.offset_at(naive)
        return self._bases[day]

    def utc(self, day: date, minute: int) -> int:
        """UTC seconds of anchor-local ``day`` at ``minute`` (RFC 5545 rules)."""
        base = self._base(day)
        if base is None:
            return self.clock.wall_to_utc(day_start(day) + minute * 60)
        return base + minute * 60

    def dates(self, cadence: Cadence, weekdays: tuple[int, ...], phase: date) -> list[date]:
        """Anchor-local dates of a series in the horizon (cached)."""
        key = (cadence, weekdays, phase)
        if key not in self._dates:
            self._dates[key] = cadence.dates(weekdays, self.first, self.end - timedelta(days=1), phase)
        return self._dates[key]

    def evaluate(self, cadence: Cadence, slot: Slot, *, early_exit: bool) -> SlotEval | None:
        """Occurrences and margins of ``slot``; with ``early_exit`` None as soon as
        one occurrence does not fit (the fast path of the whole-year search).
        Full evaluations are cached: the split and the widening search reuse them."""
        if not early_exit and (cadence, slot) in self._full:
            return self._full[(cadence, slot)]
        d, m60, start = self.duration, slot.minute * 60, self.start
        sa, ea, sb, eb = self.idx_a.starts, self.idx_a.ends, self.idx_b.starts, self.idx_b.ends
        times, dates, ma, mb = [], [], [], []
        for day in self.dates(cadence, slot.weekdays, slot.phase):
            base = self._bases[day] if day in self._bases else self._base(day)
            t = base + m60 if base is not None else self.utc(day, slot.minute)
            if t <= start:
                continue
            i = bisect_right(sa, t) - 1
            x = min(t - sa[i], ea[i] - t - d) if i >= 0 and ea[i] >= t + d else -1
            j = bisect_right(sb, t) - 1
            y = min(t - sb[j], eb[j] - t - d) if j >= 0 and eb[j] >= t + d else -1
            if early_exit and (x < 0 or y < 0):
                return None
            times.append(t), dates.append(day), ma.append(x), mb.append(y)
        if not times and early_exit:
            return None
        ev = SlotEval(slot, times, dates, ma, mb)
        if not early_exit:
            self._full[(cadence, slot)] = ev
        return ev

    def rank(self, ev: SlotEval, lo: int = 0, hi: int | None = None,
             prefer: Callable[[int, int], float] | None = None) -> float:
        """Score occurrences ``lo:hi`` of an evaluated slot (filling busy info)."""
        if not ev.busy:
            ev.busy = [None] * len(ev.times) if self.busy.empty else \
                [self.busy.conflict(t, self.duration) for t in ev.times]
        hi = len(ev.times) if hi is None else hi
        if lo >= hi:
            return float(CAP) + 3
        xa, xb = min(ev.margins_a[lo:hi]), min(ev.margins_b[lo:hi])
        busy_count = sum(1 for k in range(lo, hi) if ev.busy[k])
        score = comfort_score(xa, xb, ev.slot.minute, busy_count)
        if prefer is not None:
            score += prefer(*self.local_minutes(ev.times[lo]))
        ev.raw = min(xa, xb) // 60
        return score

    def local_minutes(self, t: int) -> tuple[int, int]:
        """Wall-clock minute of day for partner a and b at instant ``t``."""
        return ((self.offsets_a.utc_to_wall(t) % 86400) // 60, (self.offsets_b.utc_to_wall(t) % 86400) // 60)

    def candidates(self, cadence: Cadence, weekday_sets: list[tuple[int, ...]]) -> list[Slot]:
        """Every slot to try: each weekday set x 15-minute grid x biweekly phase."""
        phases = [self.first, self.first + timedelta(days=7)] if cadence.kind == "biweekly" else [self.first]
        return [Slot(days, minute, phase) for days in weekday_sets
                for phase in phases for minute in range(0, 1440, GRID)]

    def search(self, cadence: Cadence, slots: list[Slot],
               prefer: Callable[[int, int], float] | None = None) -> list[SlotEval]:
        """Slots that hold for the whole horizon, best first."""
        found = []
        for slot in slots:
            ev = self.evaluate(cadence, slot, early_exit=True)
            if ev is not None:
                ev.score = self.rank(ev, prefer=prefer)
                found.append(ev)
        # Ties go to a fixed weekday/time order, never to "soonest": re-planning on
        # another day of the week must not move a standing call. Only between the
        # two rhythms of a biweekly slot does the sooner first call win.
        found.sort(key=lambda e: (-e.score, -e.raw, e.slot.weekdays, e.slot.minute, e.times[0]))
        return found
