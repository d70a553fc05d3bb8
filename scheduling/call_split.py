"""When no single slot holds all year: split at the clock changes, or explain
how little the windows would have to widen.

The horizon is cut at every offset transition of either partner's zone.  Within
one stretch neither offset moves, so the weekly windows line up the same way
every week.  A small dynamic programme over the stretches chooses segments (each
a run of stretches with one slot valid for all its occurrences) that keep the
most occurrences, then the fewest segments, then the best worst-segment score.

Keeping occurrences comes first because a slot with *no* occurrence in a short
stretch is trivially valid there: ranking by segments alone once dropped the
weekly call of 30 March 2025 for Lord Howe/London (a week between the two
zones' changes) by filling that week with a Sunday-morning slot that never fell
inside it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .call_search import SearchSpace, SlotEval, Slot
from .errors import NoCommonTime, Widening
from .partners import WindowIndex
from .recurrence import Cadence


@dataclass(frozen=True)
class Piece:
    """Occurrences ``lo:hi`` of an evaluated slot form one segment of the plan."""

    ev: SlotEval
    lo: int
    hi: int


def clock_boundaries(space: SearchSpace) -> list[int]:
    """Transition instants of either zone strictly inside the horizon."""
    instants = {t.at for offsets in (space.offsets_a, space.offsets_b) for t in offsets.transitions}
    return sorted(t for t in instants if space.start < t < space.hi)


def split(space: SearchSpace, cadence: Cadence, slots: list[Slot], prefer=None) -> list[Piece] | None:
    """The fewest segments, split only at clock changes, that keep every
    occurrence inside both windows; None if some stretch has no valid slot.
    Biweekly series keep one rhythm (phase) across all segments."""
    bounds = clock_boundaries(space)
    if not bounds:
        return None
    best: tuple | None = None
    for phase in sorted({s.phase for s in slots}):
        evals = [e for s in slots if s.phase == phase
                 for e in [space.evaluate(cadence, s, early_exit=False)] if e is not None and e.times]
        found = _fewest_segments(space, evals, bounds, prefer)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    return None if best is None else best[1]


def _fewest_segments(space, evals, bounds, prefer):
    n_periods = len(bounds) + 1
    # cut[e][p] = index of the first occurrence of eval e in period p (and beyond).
    cuts = [[0] + [bisect_left(e.times, b) for b in bounds] + [len(e.times)] for e in evals]
    valid = []
    for p in range(n_periods):
        mask = 0
        for k, e in enumerate(evals):
            lo, hi = cuts[k][p], cuts[k][p + 1]
            if all(x >= 0 for x in e.margins_a[lo:hi]) and all(y >= 0 for y in e.margins_b[lo:hi]):
                mask |= 1 << k
        valid.append(mask)
    # best[j]: key (-occurrences, segments, -worst score) and pieces for periods 0..j-1
    best: list[tuple | None] = [None] * (n_periods + 1)
    best[0] = ((0, 0, float("-inf")), [])
    for j in range(1, n_periods + 1):
        mask = -1
        for i in range(j - 1, -1, -1):
            mask &= valid[i]
            if not mask:
                break
            if best[i] is None:
                continue
            score, piece = _best_in(space, evals, cuts, mask, i, j, prefer)
            (neg_kept, count, neg_worst), pieces = best[i]
            worst = min(-neg_worst, score)
            key = (neg_kept - (piece.hi - piece.lo), count + 1, -worst)
            if best[j] is None or key < best[j][0]:
                best[j] = (key, pieces + [piece])
    if best[n_periods] is None:
        return None
    key, pieces = best[n_periods]
    return key, [p for p in pieces if p.hi > p.lo]


def _best_in(space, evals, cuts, mask, i, j, prefer) -> tuple[float, Piece]:
    top = None
    k = 0
    while mask >> k:
        if mask >> k & 1:
            e = evals[k]
            lo, hi = cuts[k][i], cuts[k][j]
            score = space.rank(e, lo, hi, prefer)
            key = (lo - hi, -score, -e.raw, e.slot)  # most occurrences first
            if top is None or key < top[0]:
                top = (key, score, Piece(e, lo, hi))
        k += 1
    return top[1], top[2]


def _need(idx: WindowIndex, t: int, d: int) -> tuple[int, int, int, int]:
    """Cheapest (earlier, later, start weekday, end weekday) stretch of one
    window edge so that ``[t, t+d)`` fits, in seconds."""
    starts, ends = idx.starts, idx.ends
    i = bisect_right(starts, t) - 1
    options = []
    for j in (i, i + 1):
        if 0 <= j < len(starts):
            x, y = max(0, starts[j] - t), max(0, t + d - ends[j])
            options.append((x + y, x, y, idx.start_days[j], idx.end_days[j]))
    if 0 <= i and i + 1 < len(starts) and t + d <= ends[i + 1]:
        gap = starts[i + 1] - ends[i]  # closing the gap between two windows
        options.append((gap, 0, gap, idx.start_days[i], idx.end_days[i]))
    _, x, y, sday, eday = min(options)
    return x, y, sday, eday


def _widenings(space: SearchSpace, ev: SlotEval, bound: int) -> tuple[Widening, ...] | None:
    """Per-partner widenings that make every occurrence of ``ev`` fit, or None
    as soon as their total exceeds ``bound`` seconds (a better slot is known)."""
    need = {}  # partner index -> [earlier, later, weekdays]
    for who, idx, margins in ((0, space.idx_a, ev.margins_a), (1, space.idx_b, ev.margins_b)):
        for t, m in zip(ev.times, margins):
            if m >= 0:
                continue
            x, y, sday, eday = _need(idx, t, space.duration)
            acc = need.setdefault(who, [0, 0, set()])
            if x:
                acc[0] = max(acc[0], x)
                acc[2].add(sday)
            if y:
                acc[1] = max(acc[1], y)
                acc[2].add(eday)
            if sum(v[0] + v[1] for v in need.values()) > bound:
                return None
    out = []
    for who, (x, y, days) in sorted(need.items()):
        earlier, later = -(-x // 60), -(-y // 60)
        name = (space.a, space.b)[who].name
        out.append(Widening(name, tuple(sorted(days)), earlier + later, earlier, later))
    return tuple(sorted(out, key=lambda w: -w.minutes))


def no_common_time(space: SearchSpace, cadence: Cadence, slots: list[Slot]) -> NoCommonTime:
    """The error for an impossible plan, with the smallest widening (of one or
    both partners' windows) that would let a single slot hold all horizon."""
    best = None
    for slot in slots:
        ev = space.evaluate(cadence, slot, early_exit=False)
        if ev is None or not ev.times:
            continue
        found = _widenings(space, ev, best[0][0] * 60 if best else 1 << 62)
        if found is None:
            continue
        key = (sum(w.minutes for w in found), len(found), slot)
        if best is None or key < best[0]:
            best = (key, found, slot)
    if best is None:
        return NoCommonTime((), anchor_zone=space.anchor.zone, weekday=None, minute=None)
    _, widenings, slot = best
    return NoCommonTime(widenings, anchor_zone=space.anchor.zone, weekday=slot.weekdays[0], minute=slot.minute)
