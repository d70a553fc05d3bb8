"""Weekly availability windows and quiet hours, in a partner's own wall-clock time.

Nothing here knows about time zones: a window is "Friday 22:00 to 01:00 on the
clock on the wall". :mod:`scheduling.zones` turns wall-clock spans into real UTC
spans for a given zone.

>>> w = WeeklyWindows.parse("Mon-Fri 18:00-22:30, Sat,Sun 09:00-23:00")
>>> str(w)
'Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00'
>>> str(WeeklyWindows.parse("fri 22:00-01:00"))
'Fri 22:00-01:00'
>>> QuietHours.parse("21:00-08:00").is_quiet_minute(23 * 60)
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Iterator

from .errors import WEEKDAY_NAMES, WindowSpecError

DAY = 1440  # minutes
_DAY_ALIASES = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_GROUPS = {"daily": range(7), "everyday": range(7), "weekdays": range(5), "weekends": (5, 6),
           "weekend": (5, 6)}
_RANGE = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*$")
_TIMES = re.compile(r"\d{1,2}(?::\d{2})?\s*-\s*\d{1,2}(?::\d{2})?")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _minutes(spec: str, part: str, hours: str, mins: str | None, *, is_end: bool) -> int:
    value = int(hours) * 60 + int(mins or 0)
    if int(mins or 0) >= 60 or value > DAY or (value == DAY and not is_end):
        raise WindowSpecError(spec, part, "not a time of day")
    return value


def parse_range(spec: str, part: str) -> tuple[int, int]:
    """Parse ``"HH:MM-HH:MM"`` into (start, end) minutes; an end before the start
    crosses midnight, so the end is returned as more than 1440.

    >>> parse_range("22:00-01:00", "22:00-01:00")
    (1320, 1500)
    """
    m = _RANGE.match(part)
    if not m:
        raise WindowSpecError(spec, part, "expected a time range like 18:00-22:30")
    start = _minutes(spec, part, m[1], m[2], is_end=False)
    end = _minutes(spec, part, m[3], m[4], is_end=True)
    if end == start:
        raise WindowSpecError(spec, part, "empty time range")
    if end < start:
        end += DAY  # crosses midnight into the next day
    return start, end


def _fmt(minute: int) -> str:
    minute = minute % DAY if minute != DAY else DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _parse_days(spec: str, text: str) -> list[int]:
    days: list[int] = []
    for item in filter(None, (t.strip().lower() for t in re.split(r"[,\s]+", text))):
        if item in _GROUPS:
            days.extend(_GROUPS[item])
            continue
        first, sep, last = item.partition("-")
        if first not in _DAY_ALIASES or (sep and last not in _DAY_ALIASES):
            raise WindowSpecError(spec, item, "unknown day")
        a = _DAY_ALIASES[first]
        b = _DAY_ALIASES[last] if sep else a
        # Ranges wrap around the week: "Fri-Mon" is Fri, Sat, Sun, Mon.
        days.extend((a + k) % 7 for k in range((b - a) % 7 + 1))
    if not days:
        raise WindowSpecError(spec, text, "no days given")
    return days


@dataclass(frozen=True, order=True)
class Window:
    """One weekly window: starts on ``weekday`` (0=Mon) at ``start`` minutes after
    local midnight and ends ``end`` minutes after that same midnight (``end`` may
    exceed 1440 when the window crosses midnight)."""

    weekday: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.weekday < 7 and 0 <= self.start < DAY and self.start < self.end <= self.start + 7 * DAY):
            raise WindowSpecError(repr(self), repr(self), "invalid window")


@dataclass(frozen=True)
class WeeklyWindows:
    """A partner's weekly waking windows in their own wall-clock time."""

    windows: tuple[Window, ...]

    def __post_init__(self) -> None:
        if not self.windows:
            raise WindowSpecError("", "", "at least one window is needed")
        object.__setattr__(self, "windows", tuple(sorted(set(self.windows))))

    @classmethod
    def parse(cls, spec: str) -> "WeeklyWindows":
        """Parse ``"Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00"``.

        Parts are separated by commas or semicolons; a part is days then one or
        more time ranges. Commas also separate days (``"Mon,Wed,Fri 18:00-20:00"``):
        a piece with no time range carries its days over to the next piece.
        """
        if not isinstance(spec, str) or not spec.strip():
            raise WindowSpecError(str(spec), str(spec), "empty windows spec")
        windows: list[Window] = []
        pending = ""
        for piece in re.split(r"[,;]", spec):
            piece = piece.strip()
            if not piece:
                raise WindowSpecError(spec, spec, "empty part (stray comma?)")
            tokens = piece.split()
            first_time = next((i for i, t in enumerate(tokens) if t[0].isdigit()), None)
            if first_time is None:
                pending += " " + piece
                continue
            days = _parse_days(spec, pending + " " + " ".join(tokens[:first_time]))
            pending = ""
            times = " ".join(tokens[first_time:])
            leftover = _TIMES.sub(" ", times).replace("&", " ").replace(" and ", " ")
            if leftover.strip():
                raise WindowSpecError(spec, piece, "expected time ranges like 18:00-22:30")
            for rng in _TIMES.findall(times):
                start, end = parse_range(spec, rng)
                windows.extend(Window(d, start, end) for d in days)
        if pending:
            raise WindowSpecError(spec, pending.strip(), "days without a time range")
        return cls(tuple(windows))

    def __str__(self) -> str:
        """Canonical spec text; parsing it gives back equal windows."""
        by_range: dict[tuple[int, int], list[int]] = {}
        for w in self.windows:
            by_range.setdefault((w.start, w.end), []).append(w.weekday)
        parts = []
        for (start, end), days in sorted(by_range.items(), key=lambda kv: (min(kv[1]), kv[0])):
            if end - start >= DAY and (start, end) != (0, DAY):
                # Longer than a day (only from widened()) has no spec form; spell it out.
                raise ValueError("windows longer than a day have no text form")
            parts.append(f"{_days_text(sorted(days))} {_fmt(start)}-{_fmt(end)}")
        return ", ".join(parts)

    def local_spans(self, first: date, last: date) -> Iterator[tuple[int, int, int]]:
        """Wall-clock spans of windows starting on local dates ``first..last``.

        Yields (start, end, weekday) with start/end in "naive seconds": seconds
        since 1970-01-01 00:00 on the wall clock, as if the zone were UTC.
        """
        by_day: dict[int, list[Window]] = {}
        for w in self.windows:
            by_day.setdefault(w.weekday, []).append(w)
        day = first
        while day <= last:
            base = (day.toordinal() - _EPOCH_ORDINAL) * 86400
            for w in by_day.get(day.weekday(), ()):
                yield base + w.start * 60, base + w.end * 60, w.weekday
            day += timedelta(days=1)

    def with_days(self, weekdays: Iterable[int], start: int, end: int) -> "WeeklyWindows":
        """These windows with every window starting on ``weekdays`` replaced by one from ``start``
        to ``end`` minutes after local midnight; an ``end`` at or before ``start`` is on the next
        day ("22:00 to 01:00"). Other days keep theirs."""
        days = frozenset(weekdays)
        if not days or not days <= frozenset(range(7)):
            raise WindowSpecError(repr(sorted(days)), repr(sorted(days)), "weekdays are 0 (Mon) to 6 (Sun)")
        if not (0 <= start < DAY and 0 <= end <= DAY) or end == start:
            raise WindowSpecError(f"{start}-{end}", f"{start}-{end}", "a window starts and ends at different times of day")
        if end < start:
            end += DAY
        kept = tuple(w for w in self.windows if w.weekday not in days)
        return WeeklyWindows(kept + tuple(Window(d, start, end) for d in sorted(days)))

    def widened(self, weekdays: tuple[int, ...] | frozenset[int], *, earlier: int = 0,
                later: int = 0) -> "WeeklyWindows":
        """These windows with those starting on ``weekdays`` stretched by
        ``earlier`` minutes at the start and ``later`` minutes at the end."""
        out = []
        for w in self.windows:
            if w.weekday in weekdays:
                start = w.start - earlier
                shift = -(start // DAY) if start < 0 else 0  # whole days moved back
                out.append(Window((w.weekday - shift) % 7, start + shift * DAY, w.end + later + shift * DAY))
            else:
                out.append(w)
        return WeeklyWindows(tuple(out))


def _days_text(days: list[int]) -> str:
    """``[0,1,2,3,4]`` -> ``"Mon-Fri"``; ``[0,2,4]`` -> ``"Mon,Wed,Fri"``."""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]}-{WEEKDAY_NAMES[days[-1]]}"
    if len(days) == 2 and days[1] == days[0] + 1:
        return f"{WEEKDAY_NAMES[days[0]]}-{WEEKDAY_NAMES[days[1]]}"
    return ",".join(WEEKDAY_NAMES[d] for d in days)


@dataclass(frozen=True)
class QuietHours:
    """Daily quiet hours in the recipient's wall-clock time, default 21:00-08:00.

    ``start == end`` means no quiet hours at all (spec ``"none"``).
    """

    start: int = 21 * 60
    end: int = 8 * 60

    @classmethod
    def parse(cls, spec: str | None) -> "QuietHours":
        """Parse ``"21:00-08:00"``; ``None`` or ``""`` gives the default, ``"none"`` none.

        >>> QuietHours.parse("22:30-07:00")
        QuietHours(start=1350, end=420)
        """
        if spec is None or not spec.strip():
            return cls()
        if spec.strip().lower() in {"none", "off"}:
            return cls(0, 0)
        start, end = parse_range(spec, spec.strip())
        if end - start >= DAY:
            raise WindowSpecError(spec, spec.strip(), "quiet hours cannot cover the whole day")
        return cls(start, end % DAY)

    def is_quiet_minute(self, minute_of_day: int) -> bool:
        """Whether ``minute_of_day`` (0..1439 on the wall clock) is quiet."""
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= minute_of_day < self.end
        return minute_of_day >= self.start or minute_of_day < self.end

    def as_windows(self) -> WeeklyWindows | None:
        """Quiet hours as every-day windows (None when there are none)."""
        if self.start == self.end:
            return None
        end = self.end if self.end > self.start else self.end + DAY
        return WeeklyWindows(tuple(Window(d, self.start, end) for d in range(7)))

    def __str__(self) -> str:
        return "none" if self.start == self.end else f"{_fmt(self.start)}-{_fmt(self.end)}"
