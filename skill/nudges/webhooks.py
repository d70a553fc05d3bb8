"""Twilio messaging webhooks: inbound SMS keywords and delivery status callbacks.

Both are signed by Twilio (`signatures.twilio_signed`): an unsigned or forged call gets 403
before anything is read or written.

Note: on long codes Twilio itself also handles STOP/START/HELP (and answers them) unless the
number's Advanced Opt-Out is configured; we record the keywords either way, and 21610 from the
API marks a number opted out if we ever miss one.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from skill.clock import now as clock_now
from skill.store.couples import CoupleRepository

from . import consent, keys, planner, service, texts
from .consent import HELP, OPT_IN, OPT_OUT
from .records import STATUS_RANK, NudgeStore
from .signatures import twilio_signed

log = logging.getLogger(__name__)
bp = Blueprint("nudges_sms", __name__)


def twiml(text: str | None = None) -> Response:
    """A TwiML messaging answer, with one reply message or none."""
    answer = MessagingResponse()
    if text:
        answer.message(text)
    return Response(str(answer), mimetype="application/xml")


@bp.post("/twilio/sms")
@twilio_signed
def inbound_sms():
    """Keywords: STOP & co opt out at once; START/YES/UNSTOP opt in; HELP/INFO explain;
    DONE, LATER (again in an hour, within the window) and SKIP (skip the next nudge)."""
    phone = request.form.get("From", "").strip()
    if not phone:
        abort(400, "From is required")
    word = consent.keyword(request.form.get("Body", ""))
    now = clock_now()
    redis = current_app.extensions["closer.redis"]
    if word in OPT_OUT:
        consent.opt_out(redis, phone, via=f"sms:{word}", now=now)
        return twiml(texts.reply("opt-out-confirmed"))
    if word in HELP:
        return twiml(texts.reply("help"))
    record = consent.get(redis, phone)
    if word in OPT_IN:
        if not record.enrolled:
            return twiml(texts.reply("help"))
        record = service.confirmed(current_app, phone, via=f"sms:{word}", now=now)
        return twiml(texts.reply("opt-in-confirmed", partner=_other_name(record)))
    if record.state == "active" and word in ("DONE", "LATER", "SKIP"):
        _act(word, record, now)
        return twiml(texts.reply(f"{word.lower()}-ack"))
    return twiml()  # we do not chat: anything else gets no answer


def _other_name(record: consent.Consent) -> str | None:
    couple = CoupleRepository(current_app.extensions["closer.redis"]).get(record.couple)
    other = couple.other(record.pid) if couple else None
    return other.name if other else None


def _latest_sent(store: NudgeStore, record: consent.Consent):
    for nudge in store.history(record.couple, limit=20):
        if nudge.to == record.pid and nudge.kind in ("nudge", "ask") and nudge.state == "sent":
            return nudge
    return None


def _act(word: str, record: consent.Consent, now) -> None:
    """DONE marks the latest nudge answered; LATER asks again in an hour (inside their window);
    SKIP drops the next periodic nudge and plans the one after."""
    app = current_app._get_current_object()
    store = NudgeStore(app.extensions["closer.redis"])
    latest = _latest_sent(store, record)
    if word == "DONE" and latest is not None:
        store.redis.hset(keys.nudge(latest.id), mapping={"done_at": now.isoformat()})
    elif word == "LATER":
        couple = CoupleRepository(store.redis).get(record.couple)
        me, other = (couple.partner(record.pid), couple.other(record.pid)) if couple else (None, None)
        if other is None:
            return
        due = planner.voice_note_time(couple, me, other, now + timedelta(minutes=59), seed="")
        if due is not None:
            store.schedule(kind="ask", couple=couple.id, to=me.id, phone=record.phone, due=due,
                           late=due + planner.grace(app), created=now, fields=planner.timing_fields(me, other))
    elif word == "SKIP":
        head = store.redis.hget(keys.settings(record.couple, record.pid), "next")
        pending = store.get(head) if head else None
        if pending is not None and store.cancel(head):
            planner.schedule_next(app, pending, now)


@bp.post("/twilio/status")
@twilio_signed
def delivery_status():
    """Delivery callbacks (queued, sent, delivered, undelivered, failed...) for nudge `?n=<id>`."""
    nudge_id = request.args.get("n", "")
    sid, status = request.form.get("MessageSid", ""), request.form.get("MessageStatus", "")
    if not nudge_id or not sid or status not in STATUS_RANK:
        abort(400, "n, MessageSid and a known MessageStatus are required")
    store = NudgeStore(current_app.extensions["closer.redis"])
    error = request.form.get("ErrorCode", "")
    result = store.record_status(nudge_id, sid, status, error, clock_now())
    if result == "missing":
        abort(404)
    if result == "mismatch":
        abort(409, "MessageSid does not match this nudge")
    if error == "21610":
        nudge = store.get(nudge_id)
        consent.opt_out(store.redis, nudge.phone, via="twilio-21610", now=clock_now())
    return Response(status=204)
