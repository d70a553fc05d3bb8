"""The renderer's neutral input: ``FeedEvent``, plus UID and SEQUENCE helpers.

Domain objects (call plans, visits, rituals) are mapped onto ``FeedEvent`` by
``scheduling.feeds``; the renderer knows nothing about couples.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .errors import FeedError

UTC = timezone.utc
_UID_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_FORBIDDEN_RULE_PARTS = ("UNTIL", "COUNT", "DTSTART")


def make_uid(couple_id: str, item_id: str) -> str:
    """Stable UID for one item of one couple's feed.

    The same couple and item always give the same UID, which is what lets a
    subscribed calendar update an event in place instead of duplicating it.

    >>> make_uid("c42", "call-0")
    'call-0.c42@closer'
    """
    for part in (couple_id, item_id):
        if not _UID_PART.match(part or ""):
            raise FeedError(f"UID part {part!r} must be 1-64 of [A-Za-z0-9._-]",
                            reason="bad_uid", uid=None, part=part)
    return f"{item_id}.{couple_id}@closer"


@dataclass(frozen=True)
class FeedEvent:
    """One VEVENT, either timed or all-day.

    Timed: ``start`` is an aware datetime whose tzinfo is a ``ZoneInfo`` (its
    key becomes the TZID) or UTC, and ``duration`` is required.  Recurring
    timed events give ``rrule`` without UNTIL/COUNT and an aware ``until``
    (no occurrence after it); ``exdates`` are aware instants.

    All-day: ``start`` is a ``date`` and ``last_day`` the last day included
    (inclusive; the renderer writes the exclusive DTEND = last_day + 1).

    ``alarm_before`` (timed events only) adds a display alarm that long before
    each occurrence (a VALARM; calendars that honour alarms in subscriptions,
    such as Apple's, show it, and each lets its user turn it off).
    """

    uid: str
    summary: str
    start: datetime | date
    duration: timedelta | None = None
    last_day: date | None = None
    rrule: str | None = None
    until: datetime | None = None
    exdates: tuple[datetime, ...] = ()
    description: str | None = None
    url: str | None = None
    location: str | None = None
    sequence: int = 0
    categories: tuple[str, ...] = field(default=())
    alarm_before: timedelta | None = None

    def __post_init__(self) -> None:
        if isinstance(self.start, datetime):
            self._check_timed()
        elif isinstance(self.start, date):
            self._check_all_day()
        else:
            raise FeedError("start must be a date or datetime", reason="bad_start", uid=self.uid)
        if self.sequence < 0:
            raise FeedError("SEQUENCE cannot be negative", reason="bad_sequence", uid=self.uid)

    @property
    def all_day(self) -> bool:
        """True for VALUE=DATE events (visits)."""
        return not isinstance(self.start, datetime)

    @property
    def zone_key(self) -> str | None:
        """The TZID this event is written in, or None for UTC and all-day events."""
        if self.all_day or self.start.tzinfo is UTC:
            return None
        return self.start.tzinfo.key  # type: ignore[union-attr]

    def _check_timed(self) -> None:
        tz = self.start.tzinfo
        if tz is not UTC and not isinstance(tz, ZoneInfo):
            raise FeedError("timed start needs a ZoneInfo or UTC tzinfo (naive and fixed offsets "
                            "have no TZID)", reason="bad_zone", uid=self.uid)
        if self.duration is None or self.duration <= timedelta(0):
            raise FeedError("timed event needs a positive duration", reason="bad_duration", uid=self.uid)
        if self.last_day is not None:
            raise FeedError("last_day is for all-day events", reason="bad_last_day", uid=self.uid)
        if self.rrule is not None:
            upper = self.rrule.upper()
            if any(f"{part}=" in upper for part in _FORBIDDEN_RULE_PARTS):
                raise FeedError("rrule must not contain UNTIL/COUNT; pass until=",
                                reason="bad_rrule", uid=self.uid, rrule=self.rrule)
            if not upper.startswith("FREQ="):
                raise FeedError("rrule must start with FREQ=", reason="bad_rrule",
                                uid=self.uid, rrule=self.rrule)
        for moment in (self.until, *self.exdates):
            if moment is not None and moment.tzinfo is None:
                raise FeedError("until and exdates must be aware", reason="naive_time", uid=self.uid)
        if self.exdates and self.rrule is None:
            raise FeedError("exdates need an rrule", reason="bad_exdate", uid=self.uid)
        if self.alarm_before is not None and not timedelta(0) < self.alarm_before <= timedelta(days=7):
            raise FeedError("alarm_before must be more than 0 and at most 7 days", reason="bad_alarm",
                            uid=self.uid)

    def _check_all_day(self) -> None:
        if self.last_day is None or self.last_day < self.start:
            raise FeedError("all-day event needs last_day >= start", reason="bad_last_day", uid=self.uid)
        if self.rrule or self.until or self.exdates or self.duration or self.alarm_before:
            raise FeedError("all-day events here do not recur and have no duration or alarm",
                            reason="bad_all_day", uid=self.uid)

    def content(self) -> str:
        """Canonical text of everything a subscriber sees, except SEQUENCE.

        ``next_sequence`` hashes this to notice changes.
        """
        data = {}
        for f in fields(self):
            if f.name == "sequence":
                continue
            value = getattr(self, f.name)
            data[f.name] = _canonical(value)
        return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _canonical(value: object) -> object:
    if isinstance(value, datetime):
        zone = getattr(value.tzinfo, "key", None) or "UTC"
        return [value.astimezone(UTC).isoformat(), zone]
    if isinstance(value, (date, timedelta)):
        return str(value)
    if isinstance(value, tuple):
        return [_canonical(v) for v in value]
    return value


def next_sequence(prev_hash: str | None, prev_seq: int | None,
                  new_content: FeedEvent | str | bytes) -> tuple[str, int]:
    """(hash, SEQUENCE) for an item, given what was stored for it last time.

    SEQUENCE rises by one whenever the content hash changes (RFC 5545 3.8.7.4
    wants it raised on every significant change); a new item starts at 0.

    >>> h, s = next_sequence(None, None, "a")
    >>> s, next_sequence(h, s, "a")[1], next_sequence(h, s, "b")[1]
    (0, 0, 1)
    """
    if isinstance(new_content, FeedEvent):
        new_content = new_content.content()
    if isinstance(new_content, str):
        new_content = new_content.encode("utf-8")
    digest = hashlib.sha256(new_content).hexdigest()
    if prev_hash is None or prev_seq is None:
        return digest, 0
    if digest == prev_hash:
        return digest, prev_seq
    return digest, prev_seq + 1
