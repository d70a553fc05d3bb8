"""Saying instants the way people say them, on each partner's own clock.

>>> from datetime import datetime, timezone
>>> sunday = datetime(2026, 11, 29, 11, 0, tzinfo=timezone.utc)
>>> clock_phrase(sunday, "Europe/London")
'11 in the morning'
>>> clock_phrase(sunday, "America/Los_Angeles")
'3 at night'
>>> day_phrase(sunday, "Europe/London", today=datetime(2026, 11, 28, 9, tzinfo=timezone.utc))
'tomorrow'
"""
from __future__ import annotations

from datetime import datetime

from scheduling.zones import get_zone


def clock_phrase(instant: datetime, zone: str) -> str:
    """'7 in the evening', '7:30 in the morning', 'noon', 'midnight' on `zone`'s wall clock."""
    local = instant.astimezone(get_zone(zone))
    if local.hour == 12 and local.minute == 0:
        return "noon"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    clock = f"{hour}" if local.minute == 0 else f"{hour}:{local.minute:02d}"
    if 5 <= local.hour < 12:
        part = "in the morning"
    elif 12 <= local.hour < 17:
        part = "in the afternoon"
    elif 17 <= local.hour < 21:
        part = "in the evening"
    elif local.hour >= 21:
        part = "at night"
    else:
        part = "at night"
    return f"{clock} {part}"


def day_phrase(instant: datetime, zone: str, *, today: datetime) -> str:
    """'today', 'tomorrow', 'Sunday' (within a week) or 'Sunday, December 6' on `zone`'s calendar."""
    tz = get_zone(zone)
    day, now_day = instant.astimezone(tz).date(), today.astimezone(tz).date()
    delta = (day - now_day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if 1 < delta < 7:
        return day.strftime("%A")
    return f"{day:%A}, {day:%B} {day.day}"


def local_when(instant: datetime, zone: str, *, today: datetime) -> str:
    """'Sunday at 11 in the morning'."""
    return f"{day_phrase(instant, zone, today=today)} at {clock_phrase(instant, zone)}"


def both_local_times(instant: datetime, couple, me_pid: str | None = None, *, today: datetime | None = None) -> str:
    """'Sunday at 11 in the morning for you, Sunday at 7 in the evening for Ana' (or both by name)."""
    today = today or instant
    parts = []
    for pid, partner in couple.partners.items():
        who = "you" if pid == me_pid else (partner.name or "your partner")
        parts.append(f"{local_when(instant, partner.zone or 'UTC', today=today)} for {who}")
    if me_pid is not None:
        parts.sort(key=lambda text: not text.endswith("for you"))
    return ", and ".join(parts)


def minutes_phrase(minutes: int) -> str:
    """A length of time as said aloud.

    >>> [minutes_phrase(m) for m in (1, 15, 60, 75, 120, 150)]
    ['1 minute', '15 minutes', 'an hour', 'an hour and 15 minutes', '2 hours', '2 hours and 30 minutes']
    """
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append("an hour" if hours == 1 else f"{hours} hours")
    if rest or not hours:
        parts.append(f"{rest} minute" + ("" if rest == 1 else "s"))
    return " and ".join(parts)
