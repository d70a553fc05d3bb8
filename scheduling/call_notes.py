"""Plain-English notes about a call plan (for the web page and the CLI; the
voice layer phrases its own speech from the structured plan)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from .call_search import SearchSpace
from .errors import WEEKDAY_NAMES
from .recurrence import Cadence

_FULL_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}


def describe_series(cadence: Cadence, weekdays: tuple[int, ...], minute: int) -> str:
    """``"Sundays at 19:00"``, ``"every other Sunday at 19:00"``, ...

    >>> describe_series(Cadence.parse("monthly:2"), (6,), 19 * 60)
    'the 1st and 3rd Sunday of each month at 19:00'
    """
    at = f"at {minute // 60:02d}:{minute % 60:02d}"
    days = " and ".join(_FULL_DAYS[d] for d in weekdays)
    if cadence.kind == "daily" or len(weekdays) == 7:
        return f"every day {at}"
    if cadence.kind == "biweekly":
        return f"every other {days} {at}"
    if cadence.kind == "monthly":
        nths = [_ORDINALS[n] for n in cadence.nths]
        which = nths[0] if len(nths) == 1 else ", ".join(nths[:-1]) + " and " + nths[-1]
        return f"the {which} {days} of each month {at}"
    return " and ".join(_FULL_DAYS[d] + "s" for d in weekdays) + f" {at}"


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def other_side(space: SearchSpace, times: list[int]) -> str:
    """How the call looks on the other partner's clock, with the weeks when it
    differs from the usual time (clock-change weeks)."""
    other = space.b if space.anchor is space.a else space.a
    offsets = space.offsets_b if other is space.b else space.offsets_a
    local = []
    for t in times:
        wall = offsets.utc_to_wall(t)
        day = date.fromordinal(wall // 86400 + date(1970, 1, 1).toordinal())
        local.append((day, f"{WEEKDAY_NAMES[day.weekday()]} {wall % 86400 // 3600:02d}:{wall % 3600 // 60:02d}"))
    usual = Counter(label for _, label in local).most_common(1)[0][0]
    runs: list[list] = []  # [label, first day, last day] of consecutive unusual occurrences
    previous = usual
    for day, label in local:
        if label != usual:
            if previous == label:
                runs[-1][2] = day
            else:
                runs.append([label, day, day])
        previous = label
    text = f"For {other.name} ({other.zone}) that is {usual}"
    if runs:
        text += ", except " + "; ".join(
            f"{label} on {_day(a)}" if a == b else f"{label} from {_day(a)} to {_day(b)}" for label, a, b in runs)
    return text + "."


def plan_notes(space: SearchSpace, cadence: Cadence, pieces, skipped, *, split: bool) -> tuple[str, ...]:
    """Notes for a plan built from ``pieces`` (see :mod:`scheduling.call_split`)."""
    notes = []
    if split:
        notes.append(f"No single time fits both of you all year, so the series is split at the clock changes "
                     f"({len(pieces)} parts).")
    for piece in pieces:
        ev = piece.ev
        series = describe_series(cadence, ev.slot.weekdays, ev.slot.minute)
        when = ""
        if split:
            first, last = ev.dates[piece.lo], ev.dates[piece.hi - 1]
            when = f" on {_day(first)}" if first == last else f" from {_day(first)} to {_day(last)}"
        notes.append(f"Call {series} {space.anchor.zone} ({space.anchor.name}'s time){when}. "
                     + other_side(space, ev.times[piece.lo:piece.hi]))
    if split and cadence.kind in ("weekly", "biweekly"):
        # A stretch where no slot fits at all is filled by a slot that has no
        # occurrence in it; say which weeks go without a call rather than hide it.
        days = [d for p in pieces for d in p.ev.dates[p.lo:p.hi]]
        longest = 13 if cadence.kind == "weekly" else 20
        for before, after in zip(days, days[1:]):
            if (after - before).days > longest:
                notes.append(f"No time fits both of you between {_day(before)} and {_day(after)}: "
                             f"no call in between.")
    if skipped:
        days = ", ".join(_day(s.at.date()) for s in skipped[:5]) + (" and more" if len(skipped) > 5 else "")
        notes.append(f"{len(skipped)} call(s) skipped because someone is busy: {days}.")
    last = pieces[-1].ev.dates[pieces[-1].hi - 1]
    notes.append(f"Planned through {_day(last)}; plan again before then to keep it going.")
    return tuple(notes)
