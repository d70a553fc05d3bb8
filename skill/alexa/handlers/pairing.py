"""Pairing by voice: "set us up" speaks a code; "join with code 471926" links the other device."""
from __future__ import annotations

import logging

from ask_sdk_model.ui import AskForPermissionsConsentCard

from ...services import pairing
from ...store.users import UserRepository
from ..speech import join, line, ssml
from .base import IntentHandler, elicit, session, slot, speak

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
    return join(line("name_ask"), line("name_how"))


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
            lead = line("setup_code_relink", partner=ssml(visit.partner.display_name))
        else:
            lead = line("setup_code_new")
        ask_name = learn_name(handler_input, visit)
        text = join(lead, line("setup_code", code=spoken_code(code)))
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

    return SimpleCard(line("pairing_card_title"), line("pairing_card", code=code))


# Why a code was refused (PairingError.reason), as the key of what to say.
_JOIN_FAILURES = {"limited": "join_limited", "invalid": "join_invalid", "own-code": "join_own_code"}


class JoinHandler(IntentHandler):
    """"Join with code four seven one nine two six"."""

    intents = ("JoinIntent",)

    def handle_visit(self, handler_input, visit):
        code = slot(handler_input, "code")
        if not code:  # the next thing said is the code ("three three one two zero nine")
            return elicit(handler_input, "code", line("join_code_ask"))
        try:
            joined = pairing.join(visit.redis, code, visit.user_id, visit.now,
                                  name=visit.record.get("name"), zone=visit.zone_name)
        except pairing.PairingError as exc:
            return speak(handler_input, line(_JOIN_FAILURES.get(exc.reason, _JOIN_FAILURES["invalid"])),
                         ask=line("join_try_another"))
        visit.record = UserRepository(visit.redis).get(visit.user_id)
        visit.couple = joined.couple
        partner = joined.couple.other(joined.pid)
        name = partner.display_name if partner else line("partner_unnamed")
        lead = line("joined_again" if joined.relinked else "joined", partner=name)
        ask_name = learn_name(handler_input, visit)
        text = join(lead, line("joined_shared"), ask_name or line("joined_what_first"))
        return speak(handler_input, text, ask=ask_name or line("short_reprompt"))


class MyNameHandler(IntentHandler):
    """"My name is Ana"."""

    intents = ("MyNameIntent",)

    def handle_visit(self, handler_input, visit):
        name = slot(handler_input, "name")
        if not name:
            return speak(handler_input, line("name_ask"), ask=line("name_how"))
        visit.ensure_couple()
        set_name(visit, name.strip().title())
        return speak(handler_input, line("name_thanks", name=name.strip().title()), ask=line("short_reprompt"))


HANDLERS = [SetUpHandler(), JoinHandler(), MyNameHandler()]
