"""Pairing by voice: "set us up" speaks a code; "join with code 471926" links the other device."""
from __future__ import annotations

import logging

from ask_sdk_model import Intent, Slot
from ask_sdk_model.ui import AskForPermissionsConsentCard

from ...services import pairing
from ...store.users import UserRepository
from ..speech import join, line, ssml
from .base import IntentHandler, elicit, slot, speak

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


def learn_name(handler_input, visit) -> bool:
    """Make sure we know this partner's name: True when we do (already, or from their Alexa
    profile), False when it has to be asked for (see ask_name)."""
    if visit.me is not None and visit.me.name:
        return True
    name = given_name(handler_input)
    if name:
        set_name(visit, name)
        return True
    return False


def ask_name(handler_input, *, lead: str | None = None, lead_ssml: str | None = None, card=None):
    """Ask what to call this partner as a dialog for MyNameIntent's name, so a name said alone
    ("Ben") is taken as the answer. The Alexa app shows `card`, or else a card offering the
    profile permission (so the name is known without asking next time)."""
    handler_input.response_builder.set_card(card or AskForPermissionsConsentCard(permissions=[GIVEN_NAME]))
    return elicit(handler_input, "name", join(line("name_ask"), line("name_how")),
                  Intent(name="MyNameIntent", slots={"name": Slot(name="name")}), lead=lead, lead_ssml=lead_ssml)


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
        text = join(lead, line("setup_code", code=spoken_code(code)))
        if not learn_name(handler_input, visit):
            # One card per reply: the code, which the answer says is in the Alexa app.
            return ask_name(handler_input, lead_ssml=text, card=_code_card(code))
        builder = handler_input.response_builder
        builder.set_card(_code_card(code))
        return builder.speak(text).set_should_end_session(True).response


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
            said = line(_JOIN_FAILURES.get(exc.reason, _JOIN_FAILURES["invalid"]))
            if exc.reason in ("limited", "own-code"):  # no other code would work now: nothing to wait for
                return speak(handler_input, said, end=True)
            return speak(handler_input, join(said, line("join_try_another")), ask=line("join_try_another"))
        visit.record = UserRepository(visit.redis).get(visit.user_id)
        visit.couple = joined.couple
        partner = joined.couple.other(joined.pid)
        name = partner.display_name if partner else line("partner_unnamed")
        lead = line("joined_again" if joined.relinked else "joined", partner=name)
        lead = join(lead, line("joined_shared"))
        if not learn_name(handler_input, visit):
            return ask_name(handler_input, lead=lead)
        return speak(handler_input, join(lead, line("joined_what_first")), ask=line("short_reprompt"))


class MyNameHandler(IntentHandler):
    """"My name is Ana"."""

    intents = ("MyNameIntent",)

    def handle_visit(self, handler_input, visit):
        name = slot(handler_input, "name")
        if not name:
            return ask_name(handler_input)
        visit.ensure_couple()
        set_name(visit, name.strip().title())
        return speak(handler_input, line("name_thanks", name=name.strip().title()), ask=line("short_reprompt"))


HANDLERS = [SetUpHandler(), JoinHandler(), MyNameHandler()]
