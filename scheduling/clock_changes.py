"""When the time difference between two partners changes.

Two zones that both observe DST rarely switch on the same day (the US moves
weeks before Europe in March and a week after it in autumn; the southern
hemisphere moves the other way), so "5 hours apart" is really "5 hours, except
for a few weeks". These functions find those weeks from real transitions.

>>> from datetime import datetime, timezone
>>> changes = offset_changes("Europe/London", "America/New_York",
...                          datetime(2025, 1, 1, tzinfo=timezone.utc), datetime(2026, 1, 1, tzinfo=timezone.utc))
>>> [(c.at.strftime("%b %d %H:%M"), c.before_minutes // 60, c.after_minutes // 60) for c in changes]
[('Mar 09 07:00', 5, 4), ('Mar 30 01:00', 4, 5), ('Oct 26 01:00', 5, 4), ('Nov 02 06:00', 4, 5)]
>>> changes[0].moved, str(changes[0].date_b)
(('America/New_York',), '2025-03-09')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from .intervals import from_seconds, to_seconds
from .zones import ZoneOffsets, date_of, get_zone, transitions


@dataclass(frozen=True)
class OffsetChange:
    """The difference ``offset(zone_a) - offset(zone_b)`` changes at ``at`` (UTC).

    ``date_a``/``date_b`` are each partner's local date just after the change;
    ``moved`` names the zone(s) whose clocks changed at that instant.
    """

    at: datetime
    zone_a: str
    zone_b: str
    date_a: date
    date_b: date
    before_minutes: int
    after_minutes: int
    moved: tuple[str, ...]

    @property
    def delta_minutes(self) -> int:
        """How much the difference grew (negative when it shrank)."""
        return self.after_minutes - self.before_minutes


@dataclass(frozen=True)
class DifferencePeriod:
    """From ``start`` to ``end`` (UTC, half-open) zone_a is ``minutes`` ahead of zone_b."""

    start: datetime
    end: datetime
    minutes: int


def _as_datetime(value: datetime | date, name: str) -> datetime:
    """Aware UTC datetime; a date is taken as UTC midnight."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    to_seconds(value, name)  # rejects naive datetimes
    return value.astimezone(timezone.utc)


def _as_seconds(value: datetime | date, name: str) -> int:
    return to_seconds(_as_datetime(value, name), name)


def offset_difference(zone_a: str, zone_b: str, at: datetime) -> int:
    """Minutes by which ``zone_a`` is ahead of ``zone_b`` at instant ``at``.

    >>> offset_difference("Asia/Kathmandu", "Asia/Kolkata", datetime(2025, 1, 1, tzinfo=timezone.utc))
    15
    """
    t = to_seconds(at, "at")
    a, b = ZoneOffsets(zone_a, t, t), ZoneOffsets(zone_b, t, t)
    return (a.offset_at(t) - b.offset_at(t)) // 60


def offset_changes(zone_a: str, zone_b: str, start: datetime | date, end: datetime | date) -> list[OffsetChange]:
    """Every instant in ``(start, end]`` at which the difference between the two
    zones changes, with the difference before and after, in minutes.

    Dates are taken as UTC midnight. Transitions that move both zones together
    (London and Paris) change nothing and are not reported.
    """
    get_zone(zone_a), get_zone(zone_b)
    lo, hi = _as_seconds(start, "start"), _as_seconds(end, "end")
    oa, ob = ZoneOffsets(zone_a, lo, hi), ZoneOffsets(zone_b, lo, hi)
    moved_at: dict[int, list[str]] = {}
    for zone in dict.fromkeys((zone_a, zone_b)):  # the same zone twice moves once
        for tr in transitions(zone, lo, hi):
            moved_at.setdefault(tr.at, []).append(zone)
    out = []
    for at in sorted(moved_at):
        before = oa.offset_at(at - 1) - ob.offset_at(at - 1)
        after = oa.offset_at(at) - ob.offset_at(at)
        if before == after:
            continue
        out.append(OffsetChange(
            at=from_seconds(at), zone_a=zone_a, zone_b=zone_b,
            date_a=date_of(oa.utc_to_wall(at)), date_b=date_of(ob.utc_to_wall(at)),
            before_minutes=before // 60, after_minutes=after // 60, moved=tuple(moved_at[at])))
    return out


def difference_periods(zone_a: str, zone_b: str, start: datetime | date,
                       end: datetime | date) -> list[DifferencePeriod]:
    """Split ``[start, end)`` into stretches of constant difference (minutes).

    >>> ps = difference_periods("Europe/London", "America/New_York",
    ...                         datetime(2025, 3, 1, tzinfo=timezone.utc), datetime(2025, 4, 1, tzinfo=timezone.utc))
    >>> [(p.start.day, p.end.day, p.minutes // 60) for p in ps]
    [(1, 9, 5), (9, 30, 4), (30, 1, 5)]
    """
    cursor, finish = _as_datetime(start, "start"), _as_datetime(end, "end")
    current = offset_difference(zone_a, zone_b, cursor)
    out = []
    for change in offset_changes(zone_a, zone_b, start, end):
        if change.at >= finish:
            break
        out.append(DifferencePeriod(cursor, change.at, current))
        cursor, current = change.at, change.after_minutes
    out.append(DifferencePeriod(cursor, finish, current))
    return out
