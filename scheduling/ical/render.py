"""Render ``FeedEvent`` objects to a subscribable iCalendar feed.

The output is what calendar apps poll: RFC 5545 plus the RFC 7986 feed
properties (NAME, REFRESH-INTERVAL) and their older X-WR/X-PUBLISHED-TTL
spellings, one VTIMEZONE per TZID (built by ``vtimezone``), stable UIDs and
the caller's SEQUENCE.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event, vDuration, vRecur

from .errors import FeedError
from .model import FeedEvent
from .vtimezone import build_vtimezone

UTC = timezone.utc
PRODID = "-//Closer//Closer feeds 1.0//EN"
# When a recurrence has no end we still need a finite span for the VTIMEZONE;
# its last observances are open-ended RRULEs, so this only bounds irregular zones.
OPEN_ENDED_HORIZON = timedelta(days=2 * 366)


def _wall_end(start: datetime, duration: timedelta) -> datetime:
    # DTEND in the same TZID as DTSTART, as a wall-clock time: a one-hour call
    # reads 19:00-20:00 on every occurrence, whatever the DST state.
    return (start.replace(tzinfo=None) + duration).replace(tzinfo=start.tzinfo)


def _until_utc(event: FeedEvent) -> datetime:
    until = event.until.astimezone(UTC).replace(microsecond=0)  # type: ignore[union-attr]
    if until < event.start:
        raise FeedError("until is before the first occurrence", reason="bad_until", uid=event.uid)
    return until


def _span(event: FeedEvent, now: datetime) -> tuple[datetime, datetime]:
    """First and last instant of ``event`` (all occurrences), in UTC."""
    start = event.start.astimezone(UTC)  # type: ignore[union-attr]
    if event.rrule is None:
        last = start
    elif event.until is not None:
        last = _until_utc(event)
    else:
        last = max(start, now) + OPEN_ENDED_HORIZON
    return start, last + event.duration  # type: ignore[operator]


def _timed(vevent: Event, event: FeedEvent) -> None:
    start: datetime = event.start  # type: ignore[assignment]
    vevent.add("dtstart", start.replace(microsecond=0))
    vevent.add("dtend", _wall_end(start.replace(microsecond=0), event.duration))  # type: ignore[arg-type]
    if event.rrule is not None:
        rule = event.rrule.strip().rstrip(";")
        if event.until is not None:
            # RFC 5545 3.3.10: with a TZID DTSTART, UNTIL MUST be in UTC.
            rule += ";UNTIL=" + _until_utc(event).strftime("%Y%m%dT%H%M%SZ")
        try:
            vevent.add("rrule", vRecur.from_ical(rule))
        except ValueError as exc:
            raise FeedError(f"unreadable rrule {event.rrule!r}", reason="bad_rrule",
                            uid=event.uid, rrule=event.rrule) from exc
        # One EXDATE line per date: every client reads that, while a few
        # (and ical.js in VTIMEZONEs) mishandle multi-value lists.
        for moment in sorted(event.exdates):
            vevent.add("exdate", moment.astimezone(start.tzinfo).replace(microsecond=0))


def _all_day(vevent: Event, event: FeedEvent) -> None:
    vevent.add("dtstart", event.start)
    # DTEND of a VALUE=DATE event is exclusive: a visit on the 3rd-5th ends on the 6th.
    vevent.add("dtend", event.last_day + timedelta(days=1))  # type: ignore[operator]
    # A visit is information, not a block of busy time in the subscriber's calendar.
    vevent.add("transp", "TRANSPARENT")


def _vevent(event: FeedEvent, dtstamp: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", dtstamp)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.summary)
    if event.all_day:
        _all_day(vevent, event)
    else:
        _timed(vevent, event)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.categories:
        vevent.add("categories", list(event.categories))
    vevent.add("status", "CONFIRMED")
    if event.alarm_before is not None:
        vevent.add_component(_alarm(event))
    return vevent


def _alarm(event: FeedEvent) -> Alarm:
    """A display alarm before each occurrence (RFC 5545 3.6.6: DISPLAY needs a DESCRIPTION)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.summary)
    alarm.add("trigger", -event.alarm_before)  # type: ignore[operator]
    return alarm


def _zone_spans(events: list[FeedEvent], now: datetime) -> dict[str, tuple[datetime, datetime]]:
    spans: dict[str, tuple[datetime, datetime]] = {}
    for event in events:
        key = event.zone_key
        if key is None:
            continue
        lo, hi = _span(event, now)
        if key in spans:
            lo, hi = min(lo, spans[key][0]), max(hi, spans[key][1])
        spans[key] = (lo, hi)
    return spans


def render_calendar(events: Iterable[FeedEvent], *, name: str, now: datetime,
                    refresh: timedelta = timedelta(hours=6)) -> bytes:
    """Render a whole feed as iCalendar bytes (UTF-8, CRLF, folded at 75 octets).

    ``now`` (aware) becomes every DTSTAMP; ``refresh`` is written both as
    RFC 7986 ``REFRESH-INTERVAL;VALUE=DURATION`` and as ``X-PUBLISHED-TTL``
    (read by Outlook and older Apple clients).
    """
    if now.tzinfo is None:
        raise FeedError("now must be aware", reason="naive_time")
    if refresh <= timedelta(0):
        raise FeedError("refresh must be positive", reason="bad_refresh")
    events = list(events)
    uids = [e.uid for e in events]
    if len(set(uids)) != len(uids):
        dupes = sorted({u for u in uids if uids.count(u) > 1})
        raise FeedError(f"duplicate UIDs {dupes}", reason="duplicate_uid", uid=dupes[0])
    dtstamp = now.astimezone(UTC).replace(microsecond=0)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    # icalendar writes REFRESH-INTERVAL without the VALUE=DURATION that
    # RFC 7986 5.7 requires, and X-PUBLISHED-TTL as "6:00:00" unless given a
    # vDuration: spell both out.
    cal.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh))

    for key, (lo, hi) in sorted(_zone_spans(events, dtstamp).items()):
        cal.add_component(build_vtimezone(key, lo, hi))
    for event in sorted(events, key=_sort_key):
        cal.add_component(_vevent(event, dtstamp))
    return cal.to_ical()


def _sort_key(event: FeedEvent) -> tuple:
    start = event.start
    if not isinstance(start, datetime):
        start = datetime.combine(start, datetime.min.time(), UTC)
    return (start.astimezone(UTC), event.uid)


__all__ = ["render_calendar", "PRODID"]
