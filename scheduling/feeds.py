"""The calendar feed one partner subscribes to, built from domain objects.

Everything is seen from the reader's side ("me"): calls say the reader's
time first and then the other partner's by name, visits say who travels.
Mapping happens here; ``scheduling.ical.render_calendar`` only knows
``FeedEvent``.  Partners are any objects with ``.name`` and ``.zone``.

Typical use by the web layer, which stores one (hash, sequence) per UID::

    events = feed_events(couple_id, me, other, plan=plan, visits=visits, rituals=rituals,
                         video_url=url)
    for event in events:
        stored[event.uid] = next_sequence(*stored.get(event.uid, (None, None)), event)
    ics = partner_feed(couple_id, me, other, plan=plan, visits=visits, rituals=rituals,
                       video_url=url, now=now,
                       sequences={uid: seq for uid, (_, seq) in stored.items()})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .ical.model import FeedEvent, make_uid
from .ical.render import render_calendar
from .ical.wording import WEEKDAYS, both_local_times, clock, short_date

# Calendars that honour alarms in a subscription (Apple's does; each lets its user turn them off)
# show one this long before each standing call: the same lead as the skill's Alexa reminders.
CALL_ALARM = timedelta(minutes=15)


def _name(partner: Any) -> str:
    return getattr(partner, "name", None) or "your partner"


def _occurrences(series: Any) -> list[datetime]:
    occurrences = getattr(series, "occurrences", None)
    return list(occurrences()) if callable(occurrences) else [series.start]


def _join_text(description: str, video_url: str | None) -> str:
    if video_url:
        description = f"{description}\n\nJoin: {video_url}" if description else f"Join: {video_url}"
    return description


def _recurring(series: Any, *, uid: str, summary: str, description: str, url: str | None,
               alarm_before: timedelta | None = None) -> FeedEvent:
    """A FeedEvent for anything with CallSegment-style recurrence fields."""
    start = series.start.astimezone(ZoneInfo(series.anchor_zone))
    exdates = tuple(series.exdates or ())
    # A one-off (a six-week-plan session has until == start) reads better in
    # calendar apps without a "repeats weekly" rule around it.
    single = not exdates and len(_occurrences(series)) == 1
    return FeedEvent(uid=uid, summary=summary, start=start, duration=series.duration,
                     rrule=None if single else series.rrule, until=None if single else series.until,
                     exdates=exdates, description=description, url=url, categories=("Closer",),
                     alarm_before=alarm_before)


def call_events(couple_id: str, me: Any, other: Any, plan: Any, video_url: str | None) -> list[FeedEvent]:
    """One recurring event per segment of the standing-call plan (none without the other partner)."""
    if other is None:
        return []
    events = []
    for index, segment in enumerate(getattr(plan, "segments", ()) or ()):
        times = both_local_times(_occurrences(segment), me.zone, _name(other), other.zone)
        events.append(_recurring(segment, uid=make_uid(couple_id, f"call-{index}"),
                                 summary=f"Call with {_name(other)}",
                                 description=_join_text(times, video_url), url=video_url,
                                 alarm_before=CALL_ALARM))
    return events


def _arrival_text(visit: Any, me: Any) -> str:
    # scheduling.visits.Visit allows a naive arrival read in arrival_zone.
    instant = getattr(visit, "arrival_instant", None)
    arrival = instant() if callable(instant) else getattr(visit, "arrival", None)
    if arrival is None:
        return ""
    zone = getattr(visit, "arrival_zone", None) or me.zone
    local = arrival.astimezone(ZoneInfo(zone)) if zone else arrival
    text = f"Arrives {WEEKDAYS[local.weekday()]} {short_date(local.date())}, {clock(local)}"
    if zone and me.zone and zone != me.zone:
        mine = arrival.astimezone(ZoneInfo(me.zone))
        text += f" {zone.split('/')[-1].replace('_', ' ')} time ({clock(mine)} for you)"
    return text


def visit_event(couple_id: str, me: Any, other: Any, visit: Any) -> FeedEvent:
    """A visit as an all-day event from its first to its last day."""
    traveler = getattr(visit, "traveler", None)
    if traveler in (getattr(me, "name", None), getattr(me, "id", None)) and traveler is not None:
        summary = f"You visit {_name(other)}"
    elif traveler in (getattr(other, "name", None), getattr(other, "id", None)) and traveler is not None:
        summary = f"{_name(other)} visits you"
    else:
        summary = f"Visit: {traveler}" if traveler else "Visit"
    where = getattr(visit, "where", None)
    if where:
        summary += f" in {where}"
    item = getattr(visit, "id", None) or f"visit-{visit.start:%Y%m%d}"
    return FeedEvent(uid=make_uid(couple_id, str(item)), summary=summary, start=visit.start,
                     last_day=visit.end, location=where or None,
                     description=_arrival_text(visit, me) or None, categories=("Closer",))


def ritual_events(couple_id: str, me: Any, other: Any, rituals: Iterable[Any],
                  video_url: str | None) -> list[FeedEvent]:
    """Rituals (``scheduling.rituals.RitualSeries``: nightly check-in, soft
    check-in, mini-adventure, the six plan weeks) with their own text, both
    local times and the video link.  UIDs: ``ritual-<kind>``, then
    ``ritual-<kind>-2``... in the order given."""
    events, seen = [], {}
    for ritual in rituals:
        kind = str(getattr(ritual, "kind", None) or "ritual")
        seen[kind] = seen.get(kind, 0) + 1
        item = getattr(ritual, "id", None) or (f"ritual-{kind}" if seen[kind] == 1 else f"ritual-{kind}-{seen[kind]}")
        times = both_local_times(_occurrences(ritual), me.zone, _name(other), other.zone)
        title = getattr(ritual, "title", None) or kind.replace("-", " ").capitalize()
        text = "\n\n".join(part for part in (getattr(ritual, "description", None), times) if part)
        events.append(_recurring(ritual, uid=make_uid(couple_id, str(item)), summary=title,
                                 description=_join_text(text, video_url), url=video_url))
    return events


def difference_words(minutes: int) -> str:
    """'5 hours', '4 hours 30 minutes', 'the same time' for a time difference of ``minutes``.

    >>> difference_words(300), difference_words(-270), difference_words(0)
    ('5 hours', '4 hours 30 minutes', 'the same time')
    """
    minutes = abs(minutes)
    if minutes == 0:
        return "the same time"
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    parts += [f"{rest} minutes"] if rest else []
    return " ".join(parts)


def clock_change_events(couple_id: str, me: Any, other: Any, changes: Iterable[Any]) -> list[FeedEvent]:
    """An all-day heads-up on ``me``'s local date each time the difference between the two
    partners' clocks changes (``scheduling.clock_changes.OffsetChange`` with zone_a = me)."""
    events = []
    for change in changes:
        after = change.after_minutes
        where = "ahead of" if after > 0 else "behind"
        now_text = (f"You are now {difference_words(after)} {where} {_name(other)}" if after
                    else f"You and {_name(other)} now share the same clock time")
        events.append(FeedEvent(
            uid=make_uid(couple_id, f"clocks-{change.at:%Y%m%dT%H%M}"),
            summary=f"Clocks change: {difference_words(after)} between you and {_name(other)}",
            start=change.date_a, last_day=change.date_a,
            description=f"{now_text} (it was {difference_words(change.before_minutes)}). "
                        "Check the time of your next call.", categories=("Closer",)))
    return events


def feed_events(couple_id: str, me: Any, other: Any, *, plan: Any | None, visits: Iterable[Any] = (),
                rituals: Iterable[Any] = (), video_url: str | None = None,
                sequences: Mapping[str, int] | None = None, clock_changes: Iterable[Any] = ()) -> list[FeedEvent]:
    """All events of ``me``'s feed, with SEQUENCE taken from ``sequences`` (by UID)."""
    events = call_events(couple_id, me, other, plan, video_url) if plan is not None else []
    events += [visit_event(couple_id, me, other, v) for v in visits]
    events += ritual_events(couple_id, me, other, rituals, video_url)
    events += clock_change_events(couple_id, me, other, clock_changes) if other is not None else []
    sequences = sequences or {}
    return [replace(e, sequence=sequences.get(e.uid, 0)) for e in events]


def partner_feed(couple_id: str, me: Any, other: Any, *, plan: Any | None, visits: Iterable[Any] = (),
                 rituals: Iterable[Any] = (), video_url: str | None = None, now: datetime,
                 sequences: Mapping[str, int] | None = None,
                 refresh: timedelta = timedelta(hours=6)) -> bytes:
    """The .ics bytes ``me`` subscribes to: calls, visits and rituals of the couple."""
    events = feed_events(couple_id, me, other, plan=plan, visits=visits, rituals=rituals,
                         video_url=video_url, sequences=sequences)
    name = f"Closer: {_name(me)} & {_name(other)}"
    return render_calendar(events, name=name, now=now, refresh=refresh)
