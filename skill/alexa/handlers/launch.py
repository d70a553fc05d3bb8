"""LaunchRequest: deliver what's waiting, then a short welcome that keeps the session open."""
from __future__ import annotations

from datetime import timedelta

from ...services import checkins
from ..speech import join, line
from .base import PENDING, RequestTypeHandler, session, speak
from .delivery import deliver_waiting, offer_more
from .prompts import offer_missed_prompt
from .reminders import follow_visits, remove_reminders, stale_call_reminders
from .schedule import countdown_said, days_until_together


class LaunchHandler(RequestTypeHandler):
    """"Alexa, open Closer Together"."""

    request_type = "LaunchRequest"

    def handle_visit(self, handler_input, visit):
        delivered = deliver_waiting(visit)
        waiting = delivered.speech
        if stale_call_reminders(visit):
            removed = remove_reminders(handler_input, visit, ("call_reminder",))
            visit.save_record()
            waiting = join(waiting, line("call_reminders_removed" if removed else "call_reminders_left"))
        else:
            waiting = join(waiting, follow_visits(handler_input, visit))
        seed, reprompt = visit.local_date.isoformat(), line("reprompt")
        if visit.couple is None:
            welcome = line("welcome_first")
        elif delivered.more:  # the rest of what waits comes first, with a yes
            welcome, reprompt = offer_more(handler_input, visit, delivered)
        elif visit.partner is not None and "checkin" in delivered.kinds and not _checked_in_this_week(visit):
            # They just heard their partner's check-in: the moment to offer their own.
            session(handler_input)[PENDING] = "checkin_yours"
            welcome = line("checkin_yours_offer", partner=visit.partner.display_name)
            reprompt = line("checkin_yours_reprompt")
        elif visit.partner is not None and (offer := offer_missed_prompt(handler_input, visit)) is not None:
            welcome, reprompt = offer  # an answer of theirs would otherwise never be heard
        elif visit.partner is not None:
            welcome = _welcome_paired(visit, seed)
        else:
            welcome = line("welcome_back", seed)
        return speak(handler_input, join(visit.zone_note, waiting, welcome), ask=reprompt)


def _welcome_paired(visit, seed: str) -> str:
    """The welcome back; in the last week before a visit, it counts the days down."""
    name, countdown = visit.partner.display_name, days_until_together(visit)
    soon = countdown_said(countdown) if countdown is not None and countdown.days <= 7 else None
    if soon is not None:
        return line("welcome_back_soon", soon=soon)
    return line("welcome_back_paired", seed, partner=name)


def _checked_in_this_week(visit) -> bool:
    """This partner did their own soft check-in in the last seven days, on their own dates."""
    return checkins.checked_in_since(visit.redis, visit.couple.id, visit.pid, visit.local_date - timedelta(days=6))


HANDLERS = [LaunchHandler()]
