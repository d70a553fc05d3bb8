"""UTC-offset transitions of an IANA zone, read from ``zoneinfo``.

``zoneinfo`` does not expose its transition table, so we sample the zone on
a coarse grid and bisect every change down to the second.  Transitions in the
tz database fall on whole seconds, so the bisection is exact.  The grid step
(one day) is far shorter than any gap between two transitions in current
data; two changes that cancel out inside one step would be missed, which is
the documented limit of this approach.

>>> from datetime import datetime, timezone
>>> from zoneinfo import ZoneInfo
>>> utc = timezone.utc
>>> [t.onset.isoformat() for t in find_transitions(
...     ZoneInfo("America/Los_Angeles"),
...     datetime(2025, 1, 1, tzinfo=utc), datetime(2026, 1, 1, tzinfo=utc))]
['2025-03-09T02:00:00', '2025-11-02T02:00:00']
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """One change of a zone's observance.

    ``at`` is the UTC instant from which ``offset_after`` applies;
    ``daylight`` tells whether the observance after the change is summer time.
    """

    at: datetime
    offset_before: timedelta
    offset_after: timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> datetime:
        """Naive wall time of the change in the *old* offset.

        RFC 5545 writes the DTSTART/RDATE of an observance this way:
        "relative to the UTC offset specified in TZOFFSETFROM".
        """
        return (self.at + self.offset_before).replace(tzinfo=None)


@dataclass(frozen=True)
class _State:
    offset: timedelta
    dst: timedelta
    name: str


def _state(zone: ZoneInfo, instant: datetime) -> _State:
    local = instant.astimezone(zone)
    return _State(local.utcoffset(), local.dst() or timedelta(0), local.tzname() or "")


def state_at(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, bool, str]:
    """(offset, is_daylight, name) of ``zone`` at an aware ``instant``."""
    state = _state(zone, instant)
    return state.offset, state.dst > timedelta(0), state.name


def _is_daylight(before: _State, after: _State) -> bool:
    # Europe/Dublin uses "negative DST" in tzdata: winter carries dst=-1h and
    # summer dst=0.  Calendars expect the summer offset to be DAYLIGHT, so a
    # change *out of* negative DST counts as going into daylight time.
    if after.dst > timedelta(0):
        return True
    return after.dst == timedelta(0) and before.dst < timedelta(0)


def _bisect(zone: ZoneInfo, lo: datetime, hi: datetime, lo_state: _State) -> datetime:
    """First whole second in (lo, hi] whose state differs from ``lo_state``."""
    lo_s, hi_s = int(lo.timestamp()), int(hi.timestamp())
    while hi_s - lo_s > 1:
        mid = (lo_s + hi_s) // 2
        if _state(zone, datetime.fromtimestamp(mid, UTC)) == lo_state:
            lo_s = mid
        else:
            hi_s = mid
    return datetime.fromtimestamp(hi_s, UTC)


def find_transitions(
    zone: ZoneInfo, start: datetime, end: datetime, *, step: timedelta = timedelta(days=1)
) -> list[Transition]:
    """Every observance change of ``zone`` in the half-open range (start, end].

    Changes of name or DST flag without an offset change are reported too,
    because calendars show TZNAME.
    """
    found: list[Transition] = []
    cursor = start.astimezone(UTC).replace(microsecond=0)
    limit = end.astimezone(UTC)
    current = _state(zone, cursor)
    while cursor < limit:
        nxt = min(cursor + step, limit)
        nxt_state = _state(zone, nxt)
        # Loop, because a step may hold more than one change.
        while nxt_state != current:
            at = _bisect(zone, cursor, nxt, current)
            after = _state(zone, at)
            found.append(Transition(at, current.offset, after.offset, after.name,
                                    _is_daylight(current, after)))
            cursor, current = at, after
        cursor, current = nxt, nxt_state
    return found


def weekday_rules(day: date) -> list[str]:
    """RRULE fragments that a yearly rule could use to land on ``day``.

    Ordered by preference: ``BYDAY=-1SU`` ("last Sunday"), ``BYDAY=2SU``
    ("second Sunday"), then a fixed ``BYMONTHDAY``.  Fifth-weekday rules are
    not offered: only "last" can express them for every year.
    """
    code = _WEEKDAYS[day.weekday()]
    rules = []
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        rules.append(f"BYDAY=-1{code}")
    nth = (day.day - 1) // 7 + 1
    if nth <= 4:
        rules.append(f"BYDAY={nth}{code}")
    rules.append(f"BYMONTHDAY={day.day}")
    return rules
