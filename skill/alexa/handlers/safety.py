"""The safety path: when someone says they are afraid or not safe, stop and give help numbers.

Nothing here prompts, records, relays or notifies: the other partner is never told, and the log
carries only that the safety path was taken.
"""
from __future__ import annotations

import logging

from ask_sdk_core.utils import get_locale

from ...content import library
from ..speech import line
from .base import IntentHandler, speak

log = logging.getLogger(__name__)


def safety_message(locale: str) -> str:
    """The calm safety message for `locale`, with its emergency number and helpline."""
    info = library.safety_for(locale)
    return line("safety", emergency=info.emergency_sentence, helpline=info.helpline_sentence)


class SafetyHandler(IntentHandler):
    """"I'm not safe" / "I'm afraid of my partner"."""

    intents = ("SafetyIntent",)

    def handle(self, handler_input):
        # Deliberately no Visit: no store reads or writes, no inbox delivery, nothing to relay.
        return respond_safely(handler_input)


def respond_safely(handler_input):
    """Speak the safety message for the request's locale and end the session."""
    locale = get_locale(handler_input) or "en-US"
    log.info("safety path taken", extra={"locale": locale})
    text = safety_message(locale)
    handler_input.attributes_manager.session_attributes.clear()
    return speak(handler_input, text, card=text, end=True)


HANDLERS = [SafetyHandler()]
