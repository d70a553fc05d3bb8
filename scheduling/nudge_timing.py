"""When to send a nudge: inside the sender's waking window, outside the
receiver's quiet hours, each judged on that person's own wall clock.

Everything is computed as UTC spans (see :mod:`scheduling.zones`): the sender's
windows, minus the receiver's quiet hours, minus disallowed sender-local days.
The answer is the first whole minute of what is left, optionally moved a little
further into the same span by a stable, seed-based offset.

>>> from datetime import datetime, timezone
>>> after = datetime(2025, 3, 3, 12, 0, tzinfo=timezone.utc)     # Monday; 21:00 in Tokyo
>>> evenings = WeeklyWindows.parse("Mon-Fri 18:00-22:00")
>>> str(next_nudge_time(after, sender_zone="America/New_York", sender_windows=evenings,
...                     receiver_zone="Asia/Tokyo", receiver_quiet=QuietHours()))
'2025-03-03 23:00:00+00:00'

That is 18:00 in New York and 08:00 next morning in Tokyo.  New York evenings
are always 23:00-03:00 in London, all quiet there, so a London receiver gets none:

>>> print(next_nudge_time(after, sender_zone="America/New_York", sender_windows=evenings,
...                       receiver_zone="Europe/London", receiver_quiet=QuietHours()))
None
>>> str(first_decent_time(after, "Asia/Tokyo", QuietHours()))   # held until 08:00 Tokyo
'2025-03-03 23:00:00+00:00'
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Callable

from .intervals import complement, from_seconds, intersect, merge, to_seconds
from .partners import window_index
from .windows import QuietHours, WeeklyWindows
from .zones import ZoneOffsets, date_of, day_start, get_zone, utc_range_to_local_dates

HORIZON_DAYS = 14
SPREAD_MINUTES = 90  # how far a seeded nudge may drift from the earliest minute


def is_decent_hour(instant: datetime, zone: str, quiet: QuietHours) -> bool:
    """Whether ``instant`` is outside ``quiet`` hours on the wall clock in ``zone``.

    >>> from datetime import timezone
    >>> is_decent_hour(datetime(2025, 1, 1, 22, tzinfo=timezone.utc), "Asia/Kolkata", QuietHours())
    False
    """
    to_seconds(instant, "instant")  # rejects naive datetimes
    local = instant.astimezone(get_zone(zone))
    return not quiet.is_quiet_minute(local.hour * 60 + local.minute)


def _quiet_spans(zone: str, quiet: QuietHours, lo: int, hi: int) -> list[tuple[int, int]]:
    windows = quiet.as_windows()
    return [] if windows is None else window_index(zone, windows, lo, hi).spans()


def first_decent_time(after: datetime, zone: str, quiet: QuietHours) -> datetime:
    """``after`` itself (in UTC) if it is a decent hour in ``zone``, else the
    instant the quiet hours end there (e.g. to hold a message until morning)."""
    t = to_seconds(after, "after")
    if is_decent_hour(after, zone, quiet):
        return after.astimezone(from_seconds(0).tzinfo)
    for start, end in _quiet_spans(zone, quiet, t, t + 2 * 86400):
        if start <= t < end:
            return from_seconds(end)
    raise AssertionError("a quiet instant must lie in a quiet span")


def _day_spans(zone: str, lo: int, hi: int, days: frozenset[int] | None,
               avoid_dates: Callable[[date], bool] | None) -> list[tuple[int, int]]:
    """UTC spans of the sender-local dates that are allowed."""
    offsets = ZoneOffsets(zone, lo, hi)
    first, last = utc_range_to_local_dates(lo, hi)
    spans = []
    day = first
    while day <= last:
        if (days is None or day.weekday() in days) and not (avoid_dates and avoid_dates(day)):
            spans.extend(offsets.preimage(day_start(day), day_start(day) + 86400))
        day += timedelta(days=1)
    return merge(spans)


def _spread(seed: str, zone: str, start: int, end: int) -> int:
    """A stable minute offset in ``[0, span)`` for this seed and sender-local day."""
    span = min(end - start, SPREAD_MINUTES * 60) // 60
    if not seed or span <= 1:
        return 0
    day = date_of(ZoneOffsets(zone, start, start).utc_to_wall(start))
    digest = hashlib.sha256(f"{seed}|{day.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % span


def next_nudge_time(after: datetime, *, sender_zone: str, sender_windows: WeeklyWindows | str,
                    receiver_zone: str, receiver_quiet: QuietHours | str,
                    days: frozenset[int] | None = None,
                    avoid_dates: Callable[[date], bool] | None = None,
                    seed: str = "") -> datetime | None:
    """The earliest whole minute strictly after ``after`` (UTC, within 14 days) that
    is inside the sender's windows, outside the receiver's quiet hours, on a
    sender-local weekday in ``days`` (0=Mon; None = any) and on a sender-local
    date for which ``avoid_dates`` is not true. None if there is no such minute.

    A non-empty ``seed`` moves the answer up to 90 minutes later inside the same
    suitable span, by an amount fixed by the seed and the sender's local date, so
    repeated nudges do not all land on a window's first minute.
    """
    lo = to_seconds(after, "after")
    hi = lo + HORIZON_DAYS * 86400
    windows = WeeklyWindows.parse(sender_windows) if isinstance(sender_windows, str) else sender_windows
    get_zone(receiver_zone)
    if not isinstance(receiver_quiet, QuietHours):
        receiver_quiet = QuietHours.parse(receiver_quiet)
    spans = intersect(window_index(sender_zone, windows, lo, hi).spans(), [(lo, hi + 1)])
    spans = intersect(spans, complement(_quiet_spans(receiver_zone, receiver_quiet, lo, hi), lo, hi + 1))
    if days is not None or avoid_dates is not None:
        spans = intersect(spans, _day_spans(sender_zone, lo, hi, days, avoid_dates))
    earliest = (lo // 60 + 1) * 60  # first whole minute strictly after `after`
    for start, end in spans:
        candidate = max(-(-start // 60) * 60, earliest)
        if candidate < end and candidate <= hi:
            candidate += 60 * _spread(seed, sender_zone, candidate, min(end, hi + 1))
            return from_seconds(candidate)
    return None
