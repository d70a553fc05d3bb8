"""Per-request context for handlers: who is speaking, their couple, their local time.

A request interceptor builds one `Visit` per request: the user's record (one GET through the
persistence adapter), their couple (one HMGET), and "now" from the request's own timestamp, which
verification has already checked against the clock. Handlers read from it and never touch Redis
directly; domain services take it apart into plain values.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app

from ..store.couples import Couple, CoupleRepository, Partner
from ..store.keys import couple_key, user_hash
from . import timezone_lookup

log = logging.getLogger(__name__)
_KEY = "closer.visit"


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
        """Today's date where this user is (a prompt belongs to this evening's date)."""
        return self.local_now.date()

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
    record = dict(handler_input.attributes_manager.persistent_attributes or {})
    stamp = envelope.request.timestamp or datetime.now(timezone.utc)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    visit = Visit(
        handler_input=handler_input,
        redis=redis,
        user_id=envelope.context.system.user.user_id,
        record=record,
        now=stamp.astimezone(timezone.utc),
        locale=envelope.request.locale or "en-US",
    )
    if record.get("couple"):
        visit.couple, visit.evening = _read_couple(redis, record, visit.now)
        if visit.couple is None or record.get("partner") not in visit.couple.partners:
            # The couple was deleted (the partner said "forget me"): start afresh.
            record.pop("couple", None)
            record.pop("partner", None)
            visit.couple = None
    timezone_lookup.resolve_zone(visit)
    if visit.evening is not None and visit.evening.day != visit.local_date:
        visit.evening = None  # the zone turned out different: the service reads the right evening
    handler_input.attributes_manager.request_attributes[_KEY] = visit
    return visit


def _read_couple(redis, record: dict, now: datetime):
    """The couple and this partner's evening (tonight's prompt state) in one round trip.

    Both live in the couple's slot. The evening is read for the local date of the zone we last
    knew; if the zone turns out different, the prompt service reads the right date itself.
    """
    from ..services.tonight import Evening, evening_fields

    zone = record.get("zone") or "UTC"
    try:
        day = now.astimezone(ZoneInfo(zone)).date()
    except (KeyError, ValueError):
        day = now.date()
    fields = evening_fields(day, record.get("partner") or "a")
    pipe = redis.pipeline(transaction=False)
    CoupleRepository.queue_get(pipe, record["couple"])
    pipe.hmget(couple_key(record["couple"], "nightly"), *fields)
    (version, doc), (raw_seq, raw_cursor) = pipe.execute()
    couple = Couple.from_json(doc, int(version)) if doc else None
    return couple, Evening(day, raw_seq, raw_cursor)


def visit_of(handler_input) -> Visit:
    """The Visit built for this request."""
    visit = handler_input.attributes_manager.request_attributes.get(_KEY)
    return visit if visit is not None else load_visit(handler_input)
