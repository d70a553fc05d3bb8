"""Voice notes: a partner calls the Closer number, records up to two minutes, and the other
partner gets a text with a link at their first decent hour.

- `POST /twilio/voice` (signed): greet the caller by name (looked up by their number) and
  `<Record maxLength="120">` with an action and a recordingStatusCallback;
- `POST /twilio/voice/recorded` (signed, the action): thank them and hang up;
- `POST /twilio/voice/recording` (signed, the recording status callback): once the recording
  is `completed`, store the note and schedule the text (once per RecordingSid: Twilio retries);
- `GET /l/<code>`: the short link in the text (it must fit one SMS), valid 7 days, redirecting
  to `GET /voice-notes/<token>`: a token signed with SECRET_KEY (itsdangerous) when the note was
  recorded, refused after 7 days, which redirects to the recording's audio.
"""
from __future__ import annotations

import logging
import secrets

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from twilio.twiml.voice_response import VoiceResponse

from skill.clock import now as clock_now
from skill.store.couples import CoupleRepository

from . import consent, keys, service
from .errors import NotEnrolled
from .signatures import absolute, twilio_signed
from .texts import short_name

log = logging.getLogger(__name__)
bp = Blueprint("nudges_voice", __name__)

LINK_DAYS = 7
MAX_SECONDS = 120
# Spoken lines (kept apart from the logic; Twilio's <Say> reads them).
GREETING = "Hi {name}. After the beep, leave a voice note for {other}. Hang up or press the pound key when you're done."
UNKNOWN_CALLER = "Hi. This number isn't linked to Closer yet. You can add it from your Echo: say, Alexa, open Closer."
THANKS = "Thank you. {other} will get your voice note at a good hour for them. Goodbye."
NOTHING_HEARD = "I didn't catch a voice note that time. Call again whenever you like. Goodbye."


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="closer-voice-note")


def _voice(answer: VoiceResponse) -> Response:
    return Response(str(answer), mimetype="application/xml")


def _caller():
    """(couple, me, other) for the calling number, or None when it is not a paired partner."""
    redis = current_app.extensions["closer.redis"]
    record = consent.get(redis, request.form.get("From", "").strip())
    if not record.enrolled or record.state == "stopped":
        return None
    couple = CoupleRepository(redis).get(record.couple)
    if couple is None or couple.other(record.pid) is None:
        return None
    return couple, couple.partner(record.pid), couple.other(record.pid)


@bp.post("/twilio/voice")
@twilio_signed
def incoming_call():
    """Greet a known caller by name and record their voice note."""
    answer = VoiceResponse()
    found = _caller()
    call_sid = request.form.get("CallSid", "")
    if found is None or not call_sid:
        answer.say(UNKNOWN_CALLER)
        answer.hangup()
        return _voice(answer)
    couple, me, other = found
    # The recording callback carries no caller number: remember who this call is.
    current_app.extensions["closer.redis"].hset(keys.call(call_sid), mapping={"couple": couple.id, "pid": me.id})
    current_app.extensions["closer.redis"].expire(keys.call(call_sid), 86400)
    answer.say(GREETING.format(name=short_name(me.name), other=short_name(other.name)))
    answer.record(max_length=MAX_SECONDS, play_beep=True, finish_on_key="#",
                  action=absolute(url_for("nudges_voice.recorded")),
                  recording_status_callback=absolute(url_for("nudges_voice.recording_status")),
                  recording_status_callback_event="completed")
    answer.say(NOTHING_HEARD)
    return _voice(answer)


@bp.post("/twilio/voice/recorded")
@twilio_signed
def recorded():
    """The <Record> action: thank the caller (the note itself arrives by the status callback)."""
    answer = VoiceResponse()
    found = _caller()
    if found is None or int(request.form.get("RecordingDuration") or 0) < 1:
        answer.say(NOTHING_HEARD)
    else:
        answer.say(THANKS.format(other=short_name(found[2].name)))
    answer.hangup()
    return _voice(answer)


@bp.post("/twilio/voice/recording")
@twilio_signed
def recording_status():
    """Store a completed recording as a voice note and text the other partner a link."""
    form = request.form
    if form.get("RecordingStatus") != "completed":
        return Response(status=204)
    recording_sid, url, call_sid = form.get("RecordingSid", ""), form.get("RecordingUrl", ""), form.get("CallSid", "")
    if not (recording_sid and url.startswith("https://") and call_sid):
        abort(400, "RecordingSid, an https RecordingUrl and CallSid are required")
    redis = current_app.extensions["closer.redis"]
    who = redis.hgetall(keys.call(call_sid))
    if not who:
        abort(404, "unknown call")
    note = keys.voice_note(recording_sid)
    if not redis.hsetnx(note, "url", url):
        return Response(status=204)  # a retried callback: already handled
    couple = CoupleRepository(redis).get(who["couple"])
    other = couple.other(who["pid"]) if couple else None
    if other is None:
        return Response(status=204)
    code = secrets.token_urlsafe(8)
    redis.hset(note, mapping={"couple": couple.id, "from": who["pid"], "to": other.id,
                              "duration": form.get("RecordingDuration", ""), "created": clock_now().isoformat()})
    redis.expire(note, LINK_DAYS * 86400)
    # Signed now, so the token's 7 days run from the recording, not from the first click.
    redis.set(keys.short_link(code), _serializer().dumps(recording_sid), ex=LINK_DAYS * 86400)
    try:
        service.send_link(current_app, couple, other.id, absolute(f"/l/{code}"), clock_now())
    except NotEnrolled:
        log.info("voice note kept; partner has no confirmed number", extra={"couple": couple.id})
    return Response(status=204)


@bp.get("/l/<code>")
def short_link(code: str):
    """The link from the text: exchange it for a signed, expiring voice-note URL."""
    token = current_app.extensions["closer.redis"].get(keys.short_link(code))
    if not token:
        abort(404)
    return redirect(url_for("nudges_voice.listen", token=token), code=302)


@bp.get("/voice-notes/<token>")
def listen(token: str):
    """Check the token (signed with SECRET_KEY, at most 7 days old) and play the recording."""
    try:
        recording_sid = _serializer().loads(token, max_age=LINK_DAYS * 86400)
    except SignatureExpired:
        abort(410)
    except BadSignature:
        abort(404)
    url = current_app.extensions["closer.redis"].hget(keys.voice_note(recording_sid), "url")
    if not url:
        abort(410)
    return redirect(url + ".mp3", code=302)
