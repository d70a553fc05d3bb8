"""Both partners' local times in words, for event descriptions.

A standing call is written in one partner's zone; the other partner's wall
time shifts on the weeks when only one of them changes clocks.  The
description lists each stretch with its own times, so nobody is surprised.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> la = ZoneInfo("America/Los_Angeles")
>>> calls = [datetime(2025, 1, 5, 19, tzinfo=la) + timedelta(weeks=i) for i in range(3)]
>>> both_local_times(calls, "America/Los_Angeles", "Ana", "Asia/Tokyo")
'7:00 PM for you · 12:00 PM Mon for Ana'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clock(moment: datetime) -> str:
    """12-hour wall time, e.g. ``7:00 PM``."""
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def short_date(day: date) -> str:
    """``Mar 9``."""
    return f"{MONTHS[day.month - 1]} {day.day}"


def _phrase(pairs: Sequence[tuple[datetime, datetime]], other_name: str) -> str:
    mine, theirs = pairs[0]
    shift = (theirs.date() - mine.date()).days
    if shift == 0 and clock(mine) == clock(theirs):
        return f"{clock(mine)} for you and {other_name}"
    their_days = {t.weekday() for _, t in pairs}
    if shift == 0:
        day = ""
    elif len(their_days) == 1:
        day = " " + WEEKDAYS[theirs.weekday()]
    else:
        day = " the next day" if shift > 0 else " the day before"
    return f"{clock(mine)} for you · {clock(theirs)}{day} for {other_name}"


def both_local_times(occurrences: Sequence[datetime], my_zone: str | None, other_name: str,
                     other_zone: str | None) -> str:
    """One line per stretch of occurrences with the same pair of wall times.

    "for you" is the reader (``my_zone``); the other partner is named.  With
    a zone missing there is nothing to compare, and the result is empty.
    """
    if not occurrences or not my_zone or not other_zone:
        return ""
    mine_tz, theirs_tz = ZoneInfo(my_zone), ZoneInfo(other_zone)
    runs: list[list[tuple[datetime, datetime]]] = []
    for moment in sorted(occurrences):
        pair = (moment.astimezone(mine_tz), moment.astimezone(theirs_tz))
        key = (clock(pair[0]), clock(pair[1]), (pair[1].date() - pair[0].date()).days)
        if runs:
            last = runs[-1][-1]
            if key == (clock(last[0]), clock(last[1]), (last[1].date() - last[0].date()).days):
                runs[-1].append(pair)
                continue
        runs.append([pair])
    if len(runs) == 1:
        return _phrase(runs[0], other_name)
    lines = []
    for run in runs:
        first, last = run[0][0].date(), run[-1][0].date()
        when = short_date(first) if first == last else f"{short_date(first)}–{short_date(last)}"
        lines.append(f"{when}: {_phrase(run, other_name)}")
    return "\n".join(lines)
