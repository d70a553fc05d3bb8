"""Small helpers shared by handlers: matching requests, reading slots, building responses."""
from __future__ import annotations

import json

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Intent
from ask_sdk_model.dialog import ElicitSlotDirective
from ask_sdk_model.ui import SimpleCard

from ..context import Visit, visit_of
from ..serializer import SERIALIZER
from ..speech import join, line, plain, ssml

SKILL_NAME = "Closer Together"


class IntentHandler(AbstractRequestHandler):
    """Handles the intents named in `intents`; subclasses implement `handle_visit`."""

    intents: tuple[str, ...] = ()

    def can_handle(self, handler_input) -> bool:
        # ask-sdk asks every handler on every request: compare names directly, no closures.
        return intent_name(handler_input) in self.intents

    def handle(self, handler_input):
        return self.handle_visit(handler_input, visit_of(handler_input))

    def handle_visit(self, handler_input, visit: Visit):  # pragma: no cover - abstract
        raise NotImplementedError


class RequestTypeHandler(IntentHandler):
    """Handles a request type (LaunchRequest, SessionEndedRequest, ...)."""

    request_type = ""

    def can_handle(self, handler_input) -> bool:
        return is_request_type(self.request_type)(handler_input)


def intent_name(handler_input) -> str | None:
    """The request's intent name, or None for requests that are not IntentRequests."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    return getattr(intent, "name", None)


def needs_partner(handler_input, visit):
    """The spoken answer for a feature that needs both partners, or None when they are paired."""
    if visit.couple is None or visit.partner is None:
        return speak(handler_input, line("unpaired"), ask=line("reprompt"))
    return None


def slot(handler_input, name: str) -> str | None:
    """A slot's spoken value, stripped; None when absent or empty."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    found = (intent.slots or {}).get(name) if intent is not None else None
    value = (getattr(found, "value", None) or "").strip()
    return value or None


def resolved(handler_input, name: str) -> str | None:
    """A custom slot's canonical value (entity resolution), else its spoken value."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    found = (intent.slots or {}).get(name) if intent is not None else None
    try:
        for authority in found.resolutions.resolutions_per_authority:
            if authority.values:
                return authority.values[0].value.name
    except AttributeError:
        pass
    return slot(handler_input, name)


def free_text(handler_input, name: str) -> tuple[str | None, object | None]:
    """A free-text slot, screened: `(text, None)` normally, `(None, safety response)` when the words
    say the person is not safe (then nothing is stored or relayed)."""
    from ..safety_words import sounds_unsafe
    from .safety import respond_safely

    text = slot(handler_input, name)
    if sounds_unsafe(text):
        return None, respond_safely(handler_input)
    return text, None


def session(handler_input) -> dict:
    """The session attributes (kept by Alexa between turns of one conversation)."""
    return handler_input.attributes_manager.session_attributes


def with_zone_note(visit: Visit, text: str) -> str:
    """Prefix the one-time time-zone fallback note, when there is one."""
    return join(visit.zone_note, text)


def speak(handler_input, text: str, *, ask: str | None = None, card: str | None = None,
          end: bool | None = None, raw_ssml: bool = False, card_title: str | None = None,
          card_text: str | None = None):
    """Speak `text` (plain text unless `raw_ssml`), optionally reprompting and showing a card.

    With `ask`, the session stays open; otherwise `end` decides (default: end the session).
    `card` is tidied to one line under the skill's name; `card_title`/`card_text` make a ready
    card, shown verbatim (line breaks kept), and win over `card`.
    """
    builder = handler_input.response_builder
    builder.speak(text if raw_ssml else ssml(text))
    if ask:
        builder.ask(ssml(ask))
    elif end is not None:
        builder.set_should_end_session(end)
    else:
        builder.set_should_end_session(True)
    if card_text:
        builder.set_card(SimpleCard(card_title or SKILL_NAME, card_text))
    elif card:
        builder.set_card(SimpleCard(SKILL_NAME, plain(card)))
    return builder.response


# Session key for the question a dialog is waiting on. Alexa forgets the dialog as soon as the
# person says "help" or "repeat that" (those arrive as their own intents), so we keep what is
# needed to ask it again; skill_factory.RememberTurn drops it once a reply is not a question.
DIALOG = "dialog"


def elicit(handler_input, slot_name: str, question: str, intent=None, *, lead: str | None = None,
           lead_ssml: str | None = None):
    """Ask for one slot of the current intent, or of `intent` (Dialog.ElicitSlot), and keep
    listening; `lead` (plain text) or `lead_ssml` (markup already escaped) is said before the
    question but not in the reprompt."""
    intent = intent or handler_input.request_envelope.request.intent
    builder = handler_input.response_builder
    builder.speak(join(lead_ssml, ssml(join(lead, question)))).ask(ssml(question))
    builder.add_directive(ElicitSlotDirective(updated_intent=intent, slot_to_elicit=slot_name))
    session(handler_input)[DIALOG] = {"intent": SERIALIZER.serialize(intent), "slot": slot_name,
                                      "question": question}
    return builder.response


def _open_dialog(handler_input) -> tuple[Intent, str, str] | None:
    """The intent as filled so far, the slot asked for and the question, from the session's copy
    (it comes back from the device, so anything unreadable counts as no dialog)."""
    asked = session(handler_input).get(DIALOG)
    try:
        intent = SERIALIZER.deserialize(json.dumps(asked["intent"]), Intent)
        slot_name, question = asked["slot"], asked["question"]
    except (KeyError, TypeError, ValueError, SerializationException):
        return None
    if intent is None or not intent.name or not isinstance(slot_name, str) or not isinstance(question, str):
        return None
    return intent, slot_name, question


def dialog_slot(handler_input) -> str | None:
    """The slot the current dialog is asking for, or None outside a dialog."""
    opened = _open_dialog(handler_input)
    return opened[1] if opened else None


def resume_dialog(handler_input, lead: str | None):
    """Within a dialog, say `lead` and ask its question again, still filling the same intent (so
    help or "repeat that" halfway through a check-in does not lose the need already said); None
    outside one."""
    opened = _open_dialog(handler_input)
    if opened is None:
        return None
    intent, slot_name, question = opened
    return elicit(handler_input, slot_name, question, intent, lead=lead)


# Session key for the yes/no question just asked ("forget me?", "save this call?"). It answers
# only the very next turn: skill_factory.TakeQuestion moves it out of the session as each request
# arrives, so a "yes" said after some other exchange cannot confirm an older question.
PENDING = "pending"
# session["last"]: what "another one" refers to, tonight's prompt or a conversation opener.
LAST_PROMPT, LAST_OPENER = "prompt", "opener"


def asked_question(handler_input) -> str | None:
    """The yes/no question the previous reply asked (None: it asked none)."""
    return handler_input.attributes_manager.request_attributes.get(PENDING)


def ask_again(handler_input) -> None:
    """Keep the previous reply's yes/no question open for one more turn (it is being repeated)."""
    question = asked_question(handler_input)
    if question is not None:
        session(handler_input)[PENDING] = question


PENDING_ACTIONS: dict = {}


DECLINE_ACTIONS: dict = {}


def pending_action(name: str):
    """Register what a "yes" does after a question that set `session["pending"] = name`."""
    return _registering(PENDING_ACTIONS, name)


def pending_decline(name: str):
    """Register what a "no" does after that question: `function(handler_input, visit)` may remember
    it (so it is not asked every time) and may return the reply; None means the usual "Okay"."""
    return _registering(DECLINE_ACTIONS, name)


def _registering(table: dict, name: str):
    def register(function):
        table[name] = function
        return function

    return register


__all__ = ["pending_action", "pending_decline", "IntentHandler", "RequestTypeHandler", "slot", "session", "speak", "elicit", "line", "join"]
