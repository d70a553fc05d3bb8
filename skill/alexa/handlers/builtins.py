"""Alexa's built-in intents and requests, handled as certification expects."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_request_type

from ..speech import join, line
from .base import (DECLINE_ACTIONS, PENDING_ACTIONS, IntentHandler, RequestTypeHandler, ask_again, asked_question,
                   dialog_slot, resume_dialog, session, speak)

log = logging.getLogger(__name__)

# Help for the slot a dialog is asking for, where "in your own words" would not do.
DIALOG_HELP = {"startDate": "help_in_dialog_date", "endDate": "help_in_dialog_date",
               "visitDate": "help_in_dialog_date", "traveler": "help_in_dialog_traveler",
               "name": "help_in_dialog_name", "code": "help_in_dialog_code",
               "start": "help_in_dialog_time", "end": "help_in_dialog_time"}


class HelpHandler(IntentHandler):
    intents = ("AMAZON.HelpIntent",)

    def handle_visit(self, handler_input, visit):
        # Halfway through a dialog, help is about the question just asked, which is asked again.
        in_dialog = resume_dialog(handler_input, line(DIALOG_HELP.get(dialog_slot(handler_input), "help_in_dialog")))
        partner = visit.partner.display_name if visit.partner is not None else None
        tail = line("help_paired_tail", partner=partner) if partner else line("help_unpaired_tail")
        return in_dialog or speak(handler_input, join(line("help"), tail), ask=line("reprompt"))


class GoodbyeHandler(IntentHandler):
    """Stop, Cancel and NavigateHome end the session with a short goodbye."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent", "AMAZON.PauseIntent")

    def handle(self, handler_input):
        return speak(handler_input, line("goodbye", handler_input.request_envelope.request.request_id or ""), end=True)


class FallbackHandler(IntentHandler):
    intents = ("AMAZON.FallbackIntent",)

    def handle(self, handler_input):
        in_dialog = resume_dialog(handler_input, line("fallback_in_dialog"))
        return in_dialog or speak(handler_input, line("fallback"), ask=line("reprompt"))


class YesHandler(IntentHandler):
    """Yes answers the question we asked last (kept in the session)."""

    intents = ("AMAZON.YesIntent",)

    def handle_visit(self, handler_input, visit):
        action = PENDING_ACTIONS.get(asked_question(handler_input))
        if action is not None:
            return action(handler_input, visit)
        return speak(handler_input, line("reprompt"), ask=line("reprompt"))


class NoHandler(IntentHandler):
    """No to the question we asked last: nothing happens, and an offer declined is remembered;
    a question whose "no" means something of its own answers it (see base.pending_decline)."""

    intents = ("AMAZON.NoIntent",)

    def handle_visit(self, handler_input, visit):
        declined = DECLINE_ACTIONS.get(asked_question(handler_input))
        answered = declined(handler_input, visit) if declined is not None else None
        if answered is not None:
            return answered
        return speak(handler_input, join(line("okay"), line("reprompt")), ask=line("reprompt"))


class RepeatHandler(IntentHandler):
    intents = ("AMAZON.RepeatIntent",)

    def handle(self, handler_input):
        in_dialog = resume_dialog(handler_input, None)
        if in_dialog is not None:
            return in_dialog
        last = session(handler_input).get("last_speech")
        if not last:
            return speak(handler_input, line("reprompt"), ask=line("reprompt"))
        ask_again(handler_input)  # "shall I save it?", repeated, can still be answered yes
        return speak(handler_input, last, raw_ssml=True, ask=line("reprompt"))


class SessionEndedHandler(RequestTypeHandler):
    """The session ended (user silence, exit or error): no speech is allowed in the reply."""

    request_type = "SessionEndedRequest"

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        reason = getattr(request.reason, "value", None) if request.reason else None
        if reason == "ERROR":
            error_type = getattr(getattr(request.error, "object_type", None), "value", None)
            log.warning("session ended with an error", extra={"error_type": error_type})
        return handler_input.response_builder.response


class UnhandledIntentHandler(AbstractRequestHandler):
    """Any other request (an intent from a newer model, a display event): a gentle redirect."""

    def can_handle(self, handler_input) -> bool:
        return True

    def handle(self, handler_input):
        if is_request_type("IntentRequest")(handler_input):
            return speak(handler_input, line("fallback"), ask=line("reprompt"))
        return handler_input.response_builder.response


HANDLERS = [HelpHandler(), GoodbyeHandler(), FallbackHandler(), YesHandler(), NoHandler(), RepeatHandler(),
            SessionEndedHandler()]
LAST = [UnhandledIntentHandler()]
