"""Named errors of the scheduling domain.

Every error derives from :class:`ValueError` (bad input is a value problem, and
callers that only know ``ValueError`` still catch them) and carries structured
fields so the voice and web layers can phrase their own answer instead of
parsing our message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class SchedulingError(ValueError):
    """Base class of every error raised by :mod:`scheduling`."""


class WindowSpecError(SchedulingError):
    """A weekly-window or quiet-hours spec could not be parsed.

    ``spec`` is the whole text, ``part`` the offending piece, ``reason`` why.
    """

    def __init__(self, spec: str, part: str, reason: str) -> None:
        self.spec, self.part, self.reason = spec, part, reason
        super().__init__(f"{reason}: {part!r} in {spec!r}")


class UnknownZone(SchedulingError):
    """``zone`` is not an IANA time zone name known to ``zoneinfo``."""

    def __init__(self, zone: Any) -> None:
        self.zone = zone
        super().__init__(f"unknown time zone {zone!r} (expected an IANA name like 'Europe/London')")


class NaiveDatetime(SchedulingError):
    """A datetime that must carry a time zone had none; ``name`` is the parameter."""

    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value
        super().__init__(f"{name} must be timezone-aware, got {value!r}")


class CadenceError(SchedulingError):
    """A call cadence is not ``weekly``, ``biweekly`` or ``monthly:N`` (N in 1..4)."""

    def __init__(self, cadence: Any) -> None:
        self.cadence = cadence
        super().__init__(f"unknown cadence {cadence!r} (use 'weekly', 'biweekly' or 'monthly:N' with N in 1..4)")


class PlanSpecError(SchedulingError):
    """A planning parameter is out of range; ``field`` names it, ``value`` is what we got."""

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field, self.value, self.reason = field, value, reason
        super().__init__(f"{field}={value!r}: {reason}")


@dataclass(frozen=True)
class Widening:
    """How one partner's windows would have to grow for a call to fit.

    ``weekdays`` are the partner's local weekdays (0=Mon) whose windows need to
    start ``earlier_minutes`` earlier and/or end ``later_minutes`` later;
    ``minutes`` is the largest total extension any single occurrence needs.
    """

    partner: str
    weekdays: tuple[int, ...]
    minutes: int
    earlier_minutes: int
    later_minutes: int

    def describe(self) -> str:
        """Short English description, e.g. ``"Ben's Sun window: start 60 min earlier"``."""
        days = ",".join(WEEKDAY_NAMES[d] for d in self.weekdays)
        parts = []
        if self.earlier_minutes:
            parts.append(f"start {self.earlier_minutes} min earlier")
        if self.later_minutes:
            parts.append(f"end {self.later_minutes} min later")
        return f"{self.partner}'s {days} window: {' and '.join(parts) or 'no change'}"


class NoCommonTime(SchedulingError):
    """No slot fits both partners' windows, even split at the clock changes.

    ``widenings`` lists the smallest change (per partner) that would let a single
    slot hold all year; ``partner``, ``days`` and ``needed_minutes`` describe the
    largest of them. ``weekday``/``minute`` give that slot in the anchor zone.
    """

    def __init__(self, widenings: tuple[Widening, ...], *, anchor_zone: str, weekday: int | None,
                 minute: int | None) -> None:
        self.widenings = widenings
        self.anchor_zone, self.weekday, self.minute = anchor_zone, weekday, minute
        main = max(widenings, key=lambda w: w.minutes) if widenings else None
        self.partner = main.partner if main else None
        self.days = main.weekdays if main else ()
        self.needed_minutes = main.minutes if main else 0
        self.total_minutes = sum(w.minutes for w in widenings)
        where = ""
        if weekday is not None and minute is not None:
            where = (f" (then {WEEKDAY_NAMES[weekday]} {minute // 60:02d}:{minute % 60:02d} "
                     f"{anchor_zone} would fit)")
        detail = "; ".join(w.describe() for w in widenings) or "no widening found"
        super().__init__(f"no common time for the call: {detail}{where}")


class VisitError(SchedulingError):
    """A visit is malformed (e.g. ends before it starts); ``visit`` is the culprit."""

    def __init__(self, visit: Any, reason: str) -> None:
        self.visit, self.reason = visit, reason
        super().__init__(f"{reason}: {visit!r}")


class VisitOverlap(SchedulingError):
    """Two visits share at least one day; ``first`` and ``second`` are both visits."""

    def __init__(self, first: Any, second: Any) -> None:
        self.first, self.second = first, second
        super().__init__(f"visits overlap: {first!r} and {second!r}")
