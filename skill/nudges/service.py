"""What the rest of Closer (the CLI, Alexa handlers, webhooks) asks of nudges.

Every function takes the Flask `app` (for its Redis client and settings) and an explicit `now`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduling.nudge_timing import first_decent_time
from scheduling.windows import QuietHours
from scheduling.zones import get_zone
from skill.clock import now as clock_now
from skill.store.couples import CoupleRepository

from . import consent, keys, planner, settings
from .errors import NotEnrolled, UnknownCouple, UnknownPartner
from .phones import normalise
from .records import PENDING, NudgeStore


@dataclass(frozen=True)
class Enrolment:
    """The result of `enroll`: the stored number, its consent state, and when the opt-in
    request goes out (None when nothing is sent: already active, or opted out)."""

    phone: str
    state: str
    confirm_at: datetime | None


def _redis(app):
    return app.extensions["closer.redis"]


def find_partner(app, couple_id: str, who: str):
    """(couple, partner) for a partner id ('a'/'b') or name; raises UnknownCouple/UnknownPartner."""
    couple = CoupleRepository(_redis(app)).get(couple_id)
    if couple is None:
        raise UnknownCouple(couple_id)
    partner = couple.partners.get(who) or couple.by_name(who)
    if partner is None:
        raise UnknownPartner(couple_id, who)
    return couple, partner


def enroll(app, couple_id: str, who: str, phone: str, *, source: str, now: datetime | None = None,
           region: str | None = None) -> Enrolment:
    """Register a partner's mobile number and, if it is new, send the opt-in request (double
    opt-in: nothing else is sent until they reply YES). `source` says where the number came
    from ('cli', 'alexa'); `region` overrides the default region taken from their zone."""
    redis, now = _redis(app), now or clock_now()
    couple, partner = find_partner(app, couple_id, who)
    e164 = normalise(phone, zone=partner.zone, region=region)
    previous = settings.load(redis, couple.id, partner.id).phone
    record = consent.request(redis, phone=e164, couple=couple.id, pid=partner.id, source=source, now=now)
    if previous and previous != e164:
        consent.release(redis, previous, couple=couple.id, pid=partner.id, now=now)
    settings.save(redis, couple.id, partner.id, phone=e164)
    confirm_at = None
    if record.state == "pending":
        confirm_at = _send_confirmation(app, couple, partner, e164, now)
    elif record.state == "active":
        planner.ensure_chain(app, couple.id, partner.id, now)
    return Enrolment(e164, record.state, confirm_at)


def _send_confirmation(app, couple, partner, e164: str, now: datetime) -> datetime:
    redis = _redis(app)
    pending = redis.hget(keys.settings(couple.id, partner.id), "confirm")
    if pending:
        record = NudgeStore(redis).get(pending)
        recent = record is not None and now - record.due_at < timedelta(hours=24)
        if record is not None and record.phone == e164 and (record.state in PENDING or recent):
            return record.due_at  # one opt-in request at a time, and at most one a day
    due = first_decent_time(now, partner.zone or "UTC", QuietHours.parse(partner.quiet))
    fields = planner.timing_fields(partner, couple.other(partner.id))
    fields["windows"] = ""  # an opt-in request only needs a decent hour
    nudge_id = NudgeStore(redis).schedule(kind="confirm", couple=couple.id, to=partner.id, phone=e164,
                                          due=due, late=due + planner.HOLD, created=now, fields=fields)
    redis.hset(keys.settings(couple.id, partner.id), "confirm", nudge_id)
    return due


def confirmed(app, phone: str, *, via: str, now: datetime | None = None) -> consent.Consent:
    """The person replied YES/START/UNSTOP: consent becomes active and, the first time or after a
    STOP, their periodic nudges start with the defaults (three a week)."""
    redis, now = _redis(app), now or clock_now()
    record, changed = consent.opt_in(redis, phone, via=via, now=now)
    if changed:
        settings.save(redis, record.couple, record.pid, phone=phone)
        planner.ensure_chain(app, record.couple, record.pid, now)
    return record


def set_preferences(app, couple_id: str, who: str, *, now: datetime | None = None, per_week: int | None = None,
                    days: frozenset[int] | None | str = "keep", enabled: bool | None = None):
    """Change a partner's nudge settings (CLI or voice) and re-plan their next nudge.
    `per_week=0` means off (the count they had is kept for when they switch back on)."""
    redis, now = _redis(app), now or clock_now()
    if per_week == 0:
        per_week, enabled = None, False
    couple, partner = find_partner(app, couple_id, who)
    prefs = settings.save(redis, couple.id, partner.id, per_week=per_week, days=days, enabled=enabled)
    if prefs.enabled:
        planner.restart_chain(app, couple.id, partner.id, now)
    elif prefs.next:
        NudgeStore(redis).cancel(prefs.next)
    return settings.load(redis, couple.id, partner.id)


def _active_phone(redis, couple_id: str, pid: str) -> str | None:
    phone = settings.load(redis, couple_id, pid).phone
    return phone if phone and consent.get(redis, phone).state == "active" else None


def request_voice_note(app, couple_id: str, from_pid: str, now: datetime) -> datetime | None:
    """Ask the other partner, at a good time for both, to send `from_pid` a voice note.
    Returns when the text will go out, or None (not paired, not enrolled, no consent, no time)."""
    redis = _redis(app)
    couple, me = find_partner(app, couple_id, from_pid)
    other = couple.other(me.id)
    phone = _active_phone(redis, couple.id, other.id) if other else None
    if phone is None:
        return None
    due = planner.voice_note_time(couple, other, me, now, seed=f"ask:{couple.id}:{now.isoformat()}")
    if due is None:
        return None
    NudgeStore(redis).schedule(kind="ask", couple=couple.id, to=other.id, phone=phone, due=due,
                               late=due + planner.grace(app), created=now, fields=planner.timing_fields(other, me))
    return due


def notify_waiting(app, couple_id: str, to_pid: str, now: datetime) -> datetime | None:
    """Text `to_pid` that something from their partner is waiting in Closer, at their first
    decent hour, at most once per their local day. Returns when, or None if not sent."""
    redis = _redis(app)
    couple, partner = find_partner(app, couple_id, to_pid)
    phone = _active_phone(redis, couple.id, partner.id)
    if phone is None:
        return None
    due = first_decent_time(now, partner.zone or "UTC", QuietHours.parse(partner.quiet))
    day = due.astimezone(get_zone(partner.zone or "UTC")).date().isoformat()
    if not redis.set(keys.waiting_day(couple.id, partner.id, day), "1", nx=True, ex=2 * 86400):
        return None
    fields = planner.timing_fields(partner, couple.other(partner.id))
    NudgeStore(redis).schedule(kind="waiting", couple=couple.id, to=partner.id, phone=phone, due=due,
                               late=due + planner.HOLD, created=now, fields=fields)
    return due


def send_calendar_link(app, couple, pid: str, make_link, now: datetime) -> str:
    """Text `pid` the link to their own page, which they just asked for by voice.

    It goes out at once unless it is their quiet hours (then at their first decent hour), and at
    most once per their local day, so asking twice never texts twice. `make_link()` is called only
    when a text is scheduled (a short link is stored for it). Returns "now", "after quiet hours",
    "already" (asked earlier that day) or "not enrolled" (no confirmed number: nothing is sent).
    """
    redis = _redis(app)
    partner = couple.partner(pid)
    phone = _active_phone(redis, couple.id, pid)
    if phone is None:
        return "not enrolled"
    due = first_decent_time(now, partner.zone or "UTC", QuietHours.parse(partner.quiet))
    day = now.astimezone(get_zone(partner.zone or "UTC")).date().isoformat()
    if not redis.set(keys.asked_day(couple.id, pid, "calendarlink", day), "1", nx=True, ex=2 * 86400):
        return "already"
    fields = {**planner.timing_fields(partner, couple.other(pid)), "link": make_link()}
    NudgeStore(redis).schedule(kind="calendarlink", couple=couple.id, to=pid, phone=phone, due=due,
                               late=due + planner.HOLD, created=now, fields=fields)
    return "now" if due <= now else "after quiet hours"


def send_link(app, couple, to_pid: str, link: str, now: datetime) -> datetime:
    """Text `to_pid` a link to a voice note from their partner, at their first decent hour."""
    redis = _redis(app)
    partner = couple.partner(to_pid)
    phone = _active_phone(redis, couple.id, to_pid)
    if phone is None:
        raise NotEnrolled(couple.id, to_pid)
    due = first_decent_time(now, partner.zone or "UTC", QuietHours.parse(partner.quiet))
    fields = {**planner.timing_fields(partner, couple.other(to_pid)), "link": link}
    NudgeStore(redis).schedule(kind="voicenote", couple=couple.id, to=to_pid, phone=phone, due=due,
                               late=due + timedelta(days=6), created=now, fields=fields)
    return due
