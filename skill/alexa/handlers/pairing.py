"""Pairing by voice: "set us up" speaks a code; "join with code 471926" links the other device."""
from __future__ import annotations

import logging

from ask_sdk_model.ui import AskForPermissionsConsentCard

from ...services import pairing
from ...store.users import UserRepository
from ..speech import join, ssml
from .base import IntentHandler, session, slot, speak

log = logging.getLogger(__name__)
GIVEN_NAME = "alexa::profile:given_name:read"


def spoken_code(code: str) -> str:
    """The code as SSML digits, so Alexa reads "four seven one..." not "four hundred seventy..."."""
    return f'<say-as interpret-as="digits">{code}</say-as>'


def given_name(handler_input) -> str | None:
    """The user's given name from their Alexa profile, when they granted the permission."""
    system = handler_input.request_envelope.context.system
    if not system.api_access_token:
        return None
    try:
        return handler_input.service_client_factory.get_ups_service().get_profile_given_name() or None
    except Exception as exc:  # 403 without the permission, 5xx, timeouts
        log.info("given name unavailable", extra={"error": type(exc).__name__})
        return None


def learn_name(handler_input, visit) -> str | None:
    """Make sure we know this partner's name; returns a question to ask when we don't."""
    if visit.me is not None and visit.me.name:
        return None
    name = given_name(handler_input)
    if name:
        set_name(visit, name)
        return None
    session(handler_input)["pending"] = "name"
    handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[GIVEN_NAME]))
    return "What should I call you? Say: my name is, and then your name."


def set_name(visit, name: str) -> None:
    """Store this partner's name on their couple and their record."""
    visit.record["name"] = name
    visit.save_record()
    if visit.couple is not None and visit.pid:
        visit.couple = visit.couples.update(visit.couple.id, lambda c: setattr(c.partners[visit.pid], "name", name))


class SetUpHandler(IntentHandler):
    """"Set us up": a code for the partner's device (also for re-linking after re-enabling)."""

    intents = ("SetUpIntent",)

    def handle_visit(self, handler_input, visit):
        couple = visit.ensure_couple()
        code = pairing.create_code(visit.redis, couple, pairing.slot_for_new_code(couple, visit.pid))
        if couple.paired:
            lead = (f"You're already linked with {ssml(visit.partner.display_name)}. If they need to link a device again, "
                    "they can use this code.")
        else:
            lead = "Here's your code for your partner's device."
        ask_name = learn_name(handler_input, visit)
        text = (f"{lead} On their Echo, they say: Alexa, ask Closer Together to join with code "
                f"{spoken_code(code)}. Again, that's {spoken_code(code)}. It works once, for 15 minutes. "
                "It's on your Alexa app too.")
        builder = handler_input.response_builder
        if ask_name is None:
            builder.set_card(_code_card(code))
        speech = join(text, ask_name or "")
        builder.speak(speech)
        if ask_name:
            builder.ask(ask_name)
        else:
            builder.set_should_end_session(True)
        return builder.response


def _code_card(code: str):
    from ask_sdk_model.ui import SimpleCard

    return SimpleCard("Closer Together: your pairing code",
                      f"Code: {code}\nOn your partner's Echo: \"Alexa, ask Closer Together to join with code {code}\". "
                      "Valid for 15 minutes, once.")


_JOIN_FAILURES = {
    "limited": "That's too many codes for now. Please wait an hour, then ask your partner for a fresh code.",
    "invalid": "That code didn't work. Codes last 15 minutes and work once. Ask your partner to say: set us up, "
               "for a fresh one.",
}


class JoinHandler(IntentHandler):
    """"Join with code four seven one nine two six"."""

    intents = ("JoinIntent",)

    def handle_visit(self, handler_input, visit):
        code = slot(handler_input, "code")
        if not code:
            return speak(handler_input, "What's the six-digit code? Say: join with code, then the digits.",
                         ask="Say: join with code, then the six digits.")
        try:
            joined = pairing.join(visit.redis, code, visit.user_id, visit.now,
                                  name=visit.record.get("name"), zone=visit.zone_name)
        except pairing.PairingError as exc:
            return speak(handler_input, _JOIN_FAILURES.get(exc.reason, _JOIN_FAILURES["invalid"]),
                         ask="You can try another code.")
        visit.record = UserRepository(visit.redis).get(visit.user_id)
        visit.couple = joined.couple
        partner = joined.couple.other(joined.pid)
        name = partner.display_name if partner else "your partner"
        lead = f"Welcome back. You're linked with {name} again." if joined.relinked else f"You're now linked with {name}."
        ask_name = learn_name(handler_input, visit)
        text = join(lead, "You'll both get the same prompt each evening, and what you share reaches each other.",
                    ask_name or "What would you like to do first?")
        return speak(handler_input, text, ask=ask_name or "You can say tonight's prompt, or help.")


class MyNameHandler(IntentHandler):
    """"My name is Ana"."""

    intents = ("MyNameIntent",)

    def handle_visit(self, handler_input, visit):
        name = slot(handler_input, "name")
        if not name:
            return speak(handler_input, "What should I call you?", ask="Say: my name is, and then your name.")
        session(handler_input).pop("pending", None)
        visit.ensure_couple()
        set_name(visit, name.strip().title())
        return speak(handler_input, f"Thanks, {name.strip().title()}. What would you like to do?",
                     ask="You can say tonight's prompt, or help.")


HANDLERS = [SetUpHandler(), JoinHandler(), MyNameHandler()]
