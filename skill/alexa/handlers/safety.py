"""The safety path: when someone says they are afraid or not safe, stop and give help numbers.

Nothing here prompts, records, relays or notifies: the other partner is never told, and the log
carries only that the safety path was taken.
"""
from __future__ import annotations

import logging

from ask_sdk_core.utils import get_locale

from ...content import library
from ..context import VISIT_KEY
from ..speech import line
from .base import IntentHandler, speak

log = logging.getLogger(__name__)

# Request attribute set once the safety message is the reply: nothing may be added to it.
ANSWERED = "closer.safety_answered"


def safety_message(locale: str, zone: str | None = None) -> str:
    """The calm safety message for `locale` (and the device's `zone`, when known), with the
    emergency number and helpline of the country the device is in."""
    info = library.safety_for(locale, zone)
    return line("safety", emergency=info.emergency_sentence, helpline=info.helpline_sentence)


class SafetyHandler(IntentHandler):
    """"I'm not safe" / "I'm afraid of my partner"."""

    intents = ("SafetyIntent",)

    def handle(self, handler_input):
        # Deliberately no Visit: no store writes, no inbox delivery, nothing to relay.
        return respond_safely(handler_input)


def respond_safely(handler_input):
    """Speak the safety message for the request's locale and device, and end the session."""
    locale = get_locale(handler_input) or "en-US"
    log.info("safety path taken", extra={"locale": locale})
    text = safety_message(locale, _known_zone(handler_input))
    handler_input.attributes_manager.session_attributes.clear()
    handler_input.attributes_manager.request_attributes[ANSWERED] = True
    return speak(handler_input, text, card=text, end=True)


def answered_safely(handler_input) -> bool:
    """Whether this request's reply is the safety message (from SafetyIntent, or from words for
    help said inside an answer, a note or an appreciation)."""
    return bool(handler_input.attributes_manager.request_attributes.get(ANSWERED))


def _known_zone(handler_input) -> str | None:
    """The device's time zone as already known: from this request's Visit when one was built (an
    answer that turned out to be a call for help), else from the user's stored record. Never the
    Settings API (no waiting on a network call here), and never an error: without it, the
    locale decides."""
    visit = handler_input.attributes_manager.request_attributes.get(VISIT_KEY)
    if visit is not None:
        return visit.zone_name
    try:
        return (handler_input.attributes_manager.persistent_attributes or {}).get("zone")
    except Exception:  # noqa: BLE001 - the store being down must not stand between someone and help
        log.warning("safety path: stored zone unreadable, locale decides")
        return None


HANDLERS = [SafetyHandler()]

