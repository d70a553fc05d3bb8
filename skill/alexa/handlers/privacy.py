""""Forget me" (after a yes) and the SkillDisabled event: a partner's data is deleted."""
from __future__ import annotations

import logging

from ...services import privacy
from ..speech import line
from .base import IntentHandler, RequestTypeHandler, pending_action, pending_decline, session, speak
from .reminders import remove_reminders

log = logging.getLogger(__name__)


class ForgetMeHandler(IntentHandler):
    """"Forget me": explain, then ask for a yes before deleting anything."""

    intents = ("ForgetMeIntent",)

    def handle_visit(self, handler_input, visit):
        if visit.couple is None:
            visit.handler_input.attributes_manager.delete_persistent_attributes()
            return speak(handler_input, line("forget_nothing_saved"), end=True)
        session(handler_input)["pending"] = "forget"
        other = visit.partner
        said = line("forget_confirm_paired", partner=other.display_name) if other else line("forget_confirm")
        return speak(handler_input, said, ask=line("forget_reprompt"))


@pending_action("forget")
def forget(handler_input, visit):
    """The confirmed "forget me"."""
    if visit.couple is None:  # gone while the question waited (the partner said "forget me" first)
        handler_input.attributes_manager.delete_persistent_attributes()
        return speak(handler_input, line("forget_nothing_saved"), end=True)
    # Reminders live on Amazon's side: deleted while this request's token can still reach them.
    all_removed = remove_reminders(handler_input, visit)
    privacy.forget_partner(visit.redis, visit.couple.id, visit.pid, visit.now)
    handler_input.attributes_manager.delete_persistent_attributes()
    log.info("partner forgotten on request")
    return speak(handler_input, line("forgotten" if all_removed else "forgotten_reminders_left"), end=True)


@pending_decline("forget")
def keep_me(handler_input, visit):
    """The no to "forget me": say plainly that nothing was deleted."""
    return speak(handler_input, line("forget_declined"), end=True)


class SkillDisabledHandler(RequestTypeHandler):
    """AlexaSkillEvent.SkillDisabled: the user removed the skill, so we forget them."""

    request_type = "AlexaSkillEvent.SkillDisabled"

    def handle_visit(self, handler_input, visit):
        if visit.couple is not None and visit.pid:
            privacy.forget_partner(visit.redis, visit.couple.id, visit.pid, visit.now)
        handler_input.attributes_manager.delete_persistent_attributes()
        log.info("partner forgotten after the skill was disabled")
        return handler_input.response_builder.response


HANDLERS = [ForgetMeHandler(), SkillDisabledHandler()]
