"""Per-request context for handlers: who is speaking, their couple, their local time.

A request interceptor builds one `Visit` per request: the user's record, their couple and tonight's
evening (in one pipelined round trip when this worker has served the user before, see
store.hints), and "now" from the request's own timestamp, which verification has already checked
against the clock. Handlers read from it and never touch Redis directly; domain services take it
apart into plain values.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app

from ..services.tonight import Evening, evening_fields, evening_of
from ..store.couples import Couple, CoupleRepository, Partner
from ..store.hints import CoupleHint
from ..store.keys import couple_key, user_hash, user_key
from ..store.users import UserRepository
from . import timezone_lookup

log = logging.getLogger(__name__)
VISIT_KEY = "closer.visit"


@dataclass
class Visit:
    """What a handler knows about the current request."""

    handler_input: object
    redis: object
    user_id: str
    record: dict
    now: datetime
    locale: str
    couple: Couple | None = None
    zone_name: str = "UTC"
    zone_note: str | None = None  # spoken once when the device zone could not be read
    evening: object | None = None  # tonight's prompt state, read with the couple (services.tonight.Evening)
    notes: list[str] = field(default_factory=list)

    @cached_property
    def couples(self) -> CoupleRepository:
        """Repository of couples on this request's Redis (one per request)."""
        return CoupleRepository(self.redis)

    @property
    def pid(self) -> str | None:
        """This user's partner id in their couple ("a" or "b")."""
        return self.record.get("partner") if self.couple else None

    @property
    def me(self) -> Partner | None:
        """This user as a partner of their couple."""
        return self.couple.partners.get(self.pid) if self.couple and self.pid else None

    @property
    def partner(self) -> Partner | None:
        """The other partner, once paired."""
        return self.couple.other(self.pid) if self.couple and self.pid else None

    @property
    def zone(self) -> ZoneInfo:
        """This user's time zone."""
        return ZoneInfo(self.zone_name)

    @property
    def local_now(self) -> datetime:
        """Now, on this user's wall clock."""
        return self.now.astimezone(self.zone)

    @property
    def local_date(self) -> date:
        """Today's date where this user is."""
        return self.local_now.date()

    @property
    def evening_date(self) -> date:
        """The date of the evening this user is in, which tonight's prompt and answers belong to:
        until 4 in the morning, still the evening before (services.tonight.evening_of)."""
        return evening_of(self.local_now)

    def ensure_couple(self) -> Couple:
        """The user's couple, creating a couple of one on first use (pairing adds the partner)."""
        if self.couple is None:
            me = Partner(id="a", zone=self.zone_name, name=self.record.get("name"), user=user_hash(self.user_id))
            self.couple = self.couples.create([me], now=self.now)
            self.record.update(couple=self.couple.id, partner="a")
            self.save_record()
        return self.couple

    def save_record(self) -> None:
        """Persist this user's record (couple link, cached zone, name)."""
        manager = self.handler_input.attributes_manager
        manager.persistent_attributes = self.record
        manager.save_persistent_attributes()


def load_visit(handler_input) -> Visit:
    """Build the request's Visit (called by the global request interceptor)."""
    envelope = handler_input.request_envelope
    redis = current_app.extensions["closer.redis"]
    stamp = envelope.request.timestamp or datetime.now(timezone.utc)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    user_id = envelope.context.system.user.user_id
    now = stamp.astimezone(timezone.utc)
    record, couple, evening = _read_user(handler_input, redis, user_id, now)
    visit = Visit(
        handler_input=handler_input,
        redis=redis,
        user_id=user_id,
        record=record,
        now=now,
        locale=envelope.request.locale or "en-US",
        couple=couple,
        evening=evening,
    )
    if record.get("couple") and (visit.couple is None or record.get("partner") not in visit.couple.partners):
        # The couple was deleted (the partner said "forget me"): start afresh.
        record.pop("couple", None)
        record.pop("partner", None)
        visit.couple = visit.evening = None
    timezone_lookup.resolve_zone(visit)
    if visit.evening is not None and visit.evening.day != visit.evening_date:
        visit.evening = None  # the zone turned out different: the service reads the right evening
    handler_input.attributes_manager.request_attributes[VISIT_KEY] = visit
    return visit


def _read_user(handler_input, redis, user_id: str, now: datetime):
    """The user's record, their couple and their evening: one round trip when this worker has a
    hint of where the record points (see store.hints), two otherwise."""
    hints = current_app.extensions.get("closer.couple_hints")
    key = user_key(user_id)
    hint = hints.get(key) if hints is not None else None
    manager = handler_input.attributes_manager
    couple = evening = None
    if hint is None:
        record = dict(manager.persistent_attributes or {})
        if record.get("couple"):
            couple, evening = _read_couple(redis, record, now)
    else:
        pipe = redis.pipeline(transaction=False)
        UserRepository.queue_get(pipe, user_id)
        day = _queue_couple(pipe, hint.couple, hint.partner, hint.zone, now)
        raw, *replies = pipe.execute()
        stored = UserRepository.parse(raw)
        manager.persistent_attributes = stored  # what ask-sdk's own read would have returned
        record = dict(stored)
        if CoupleHint.of(record) == hint:
            couple, evening = _couple_from(replies, day)
        elif record.get("couple"):  # the record moved on since the hint: read where it points now
            couple, evening = _read_couple(redis, record, now)
    if hints is not None:
        hints.remember(key, record)
    return record, couple, evening


def _read_couple(redis, record: dict, now: datetime):
    """The couple and this partner's evening (tonight's prompt state) in one round trip."""
    pipe = redis.pipeline(transaction=False)
    day = _queue_couple(pipe, record["couple"], record.get("partner") or "a", record.get("zone") or "UTC", now)
    return _couple_from(pipe.execute(), day)


def _queue_couple(pipe, couple_id: str, partner: str, zone: str, now: datetime) -> date:
    """Queue the reads of a couple and of one partner's evening; return the evening's date.

    Both live in the couple's slot. The evening is read for the local date of the zone we last
    knew; if the zone turns out different, the prompt service reads the right date itself.
    """
    try:
        day = evening_of(now.astimezone(ZoneInfo(zone)))
    except (KeyError, ValueError):
        day = evening_of(now)
    CoupleRepository.queue_get(pipe, couple_id)
    pipe.hmget(couple_key(couple_id, "nightly"), *evening_fields(day, partner))
    return day


def _couple_from(replies, day: date):
    """The couple (None when deleted) and the evening from the replies `_queue_couple` queued."""
    (version, doc), (raw_seq, raw_cursor, raw_partner_cursor) = replies
    couple = Couple.from_json(doc, int(version)) if doc else None
    return couple, Evening(day, raw_seq, raw_cursor, raw_partner_cursor)


def visit_of(handler_input) -> Visit:
    """The Visit built for this request."""
    visit = handler_input.attributes_manager.request_attributes.get(VISIT_KEY)
    return visit if visit is not None else load_visit(handler_input)
