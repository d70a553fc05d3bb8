"""Read busy time from a partner's own calendar (bytes of an .ics feed).

Privacy by construction: a ``BusyInterval`` carries times only, never the
event's text.  ``summary_hidden`` tells whether the owner marked the event
private (CLASS:PRIVATE/CONFIDENTIAL), so Closer can say "busy (private)".

The network fetch lives in ``skill.web.busy_fetch``; this module only parses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from icalendar import Calendar

from .errors import BusyCalendarError

UTC = timezone.utc
MAX_CALENDAR_BYTES = 2_000_000
MAX_OCCURRENCES = 5_000
# Floating times may sit up to 14 h either side of UTC, so the library query
# is widened by a day and the result filtered exactly afterwards.
_MARGIN = timedelta(days=1)


@dataclass(frozen=True, order=True)
class BusyInterval:
    """One busy stretch, [start_utc, end_utc), aware UTC."""

    start_utc: datetime
    end_utc: datetime
    summary_hidden: bool = False


def _zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BusyCalendarError(f"unknown time zone {key!r}", reason="unknown_zone", zone=key) from exc


def _parse(ics_bytes: bytes | str, max_bytes: int) -> Calendar:
    if isinstance(ics_bytes, str):
        ics_bytes = ics_bytes.encode("utf-8")
    if len(ics_bytes) > max_bytes:
        raise BusyCalendarError(f"calendar is {len(ics_bytes)} bytes, limit {max_bytes}",
                                reason="too_large", size=len(ics_bytes), limit=max_bytes)
    if not ics_bytes.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
        raise BusyCalendarError("not an iCalendar file (no BEGIN:VCALENDAR)", reason="not_icalendar",
                                head=ics_bytes[:40])
    try:
        cal = Calendar.from_ical(ics_bytes)
    except (ValueError, IndexError, KeyError) as exc:
        raise BusyCalendarError(f"unreadable iCalendar: {exc}", reason="not_icalendar",
                                head=ics_bytes[:40]) from exc
    if not isinstance(cal, Calendar) or cal.name != "VCALENDAR":
        raise BusyCalendarError("not a VCALENDAR", reason="not_icalendar", head=ics_bytes[:40])
    return cal


def _as_utc(value: date | datetime, zone: ZoneInfo) -> datetime:
    """Floating times and whole days are read in the partner's own zone."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0), zone)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _is_free(component) -> bool:
    if str(component.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return True
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return True
    # Outlook's own "show as free" flag.
    return str(component.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper() == "FREE"


def read_busy(ics_bytes: bytes | str, start: datetime, end: datetime, *, zone: str,
              max_bytes: int = MAX_CALENDAR_BYTES) -> list[BusyInterval]:
    """Busy intervals of a calendar that overlap [start, end), sorted.

    ``zone`` is the calendar owner's IANA zone, used for floating times and
    all-day events.  Transparent ("free") and cancelled events are ignored,
    as are zero-length ones.  Intervals keep their real bounds (not clipped).
    Raises ``BusyCalendarError`` for oversized or non-iCalendar input and
    for calendars that expand to more than ``MAX_OCCURRENCES`` in the range.
    """
    if start.tzinfo is None or end.tzinfo is None or end <= start:
        raise BusyCalendarError("range must be aware with start < end", reason="bad_range",
                                start=start, end=end)
    owner_zone = _zone(zone)
    cal = _parse(ics_bytes, max_bytes)
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    try:
        query = recurring_ical_events.of(cal, skip_bad_series=True)
        found: list[BusyInterval] = []
        for count, occ in enumerate(query.after(start_utc - _MARGIN)):
            if count >= MAX_OCCURRENCES:
                raise BusyCalendarError("calendar expands to too many events", reason="too_many",
                                        limit=MAX_OCCURRENCES)
            occ_start = _as_utc(occ["DTSTART"].dt, owner_zone)
            if occ_start > end_utc + _MARGIN:
                break  # ``after`` yields in start order
            if _is_free(occ):
                continue
            occ_end = _as_utc(occ["DTEND"].dt, owner_zone) if "DTEND" in occ else occ_start
            if occ_end <= occ_start or occ_end <= start_utc or occ_start >= end_utc:
                continue
            hidden = str(occ.get("CLASS", "PUBLIC")).upper() in ("PRIVATE", "CONFIDENTIAL")
            found.append(BusyInterval(occ_start, occ_end, hidden))
    except BusyCalendarError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise BusyCalendarError(f"cannot expand calendar: {exc}", reason="not_icalendar") from exc
    return sorted(found)
