"""LaunchRequest: deliver what's waiting, then a short welcome that keeps the session open."""
from __future__ import annotations

from ..speech import join, line
from .base import RequestTypeHandler, speak
from .delivery import deliver_waiting
from .reminders import follow_visits, remove_reminders, stale_call_reminders


class LaunchHandler(RequestTypeHandler):
    """"Alexa, open Closer Together"."""

    request_type = "LaunchRequest"

    def handle_visit(self, handler_input, visit):
        waiting = deliver_waiting(visit)
        if stale_call_reminders(visit):
            removed = remove_reminders(handler_input, visit, ("call_reminder",))
            visit.save_record()
            waiting = join(waiting, line("call_reminders_removed" if removed else "call_reminders_left"))
        else:
            waiting = join(waiting, follow_visits(handler_input, visit))
        seed = visit.local_date.isoformat()
        if visit.couple is None:
            welcome = line("welcome_first")
        elif visit.partner is not None:
            welcome = line("welcome_back_paired", seed, partner=visit.partner.display_name)
        else:
            welcome = line("welcome_back", seed)
        return speak(handler_input, join(visit.zone_note, waiting, welcome), ask=line("reprompt"))


HANDLERS = [LaunchHandler()]
