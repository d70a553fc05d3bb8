"""SMS nudges: "send a voice note instead of a text: voice carries warmth".

Partners enrol a mobile number (double opt-in), get a few gentle texts a week at a good hour for
both, can call the Closer number to record a voice note, and the other partner gets a link.

- `init_app(app)`: registers the Twilio webhooks and voice-note links, and puts the sender in
  `app.extensions["closer.twilio"]` (the real twilio client with credentials, else an outbox);
- domain functions for the CLI and Alexa: `enroll`, `set_preferences`, `request_voice_note`,
  `notify_waiting`, `couple_status`;
- `dispatch_once(app, now)`: one dispatcher tick (the scheduled Lambda calls this).
"""
from __future__ import annotations

from .dispatcher import DispatchReport, dispatch_once
from .loop import run_forever
from .errors import (BadSettings, InvalidPhoneNumber, NotEnrolled, NudgeError, NumberInUse, UnknownCouple,
                     UnknownPartner)
from .report import couple_status
from .sender import build_sender
from .service import Enrolment, confirmed, enroll, notify_waiting, request_voice_note, set_preferences

__all__ = [
    "init_app", "dispatch_once", "run_forever", "DispatchReport", "enroll", "confirmed", "set_preferences",
    "request_voice_note", "notify_waiting", "couple_status", "Enrolment", "NudgeError", "InvalidPhoneNumber",
    "UnknownCouple", "UnknownPartner", "NumberInUse", "BadSettings", "NotEnrolled",
]


def init_app(app) -> None:
    """Register the blueprints, the sender (`app.extensions["closer.twilio"]`) and the privacy
    hooks (export and forget cover numbers, consent, texts and voice notes)."""
    from . import privacy, voice, webhooks

    privacy.register()

    app.register_blueprint(webhooks.bp)
    app.register_blueprint(voice.bp)
    if "closer.twilio" not in app.extensions:  # a test may hand in its own sender
        app.extensions["closer.twilio"] = build_sender(app.config, app.extensions["closer.redis"])
