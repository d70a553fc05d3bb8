"""The appreciation ritual and the weekly soft check-in: recorded by one partner, delivered to the other."""
from __future__ import annotations

from ask_sdk_model import Intent, Slot

from ...services import checkins, warmth
from ..speech import line
from .base import IntentHandler, elicit, free_text, pending_action, speak


class AppreciationHandler(IntentHandler):
    """"I appreciated how you ..." — asks for the words when they weren't said."""

    intents = ("AppreciationIntent",)

    def handle_visit(self, handler_input, visit):
        text, safe_answer = free_text(handler_input, "appreciation")
        if safe_answer is not None:
            return safe_answer
        if not text:
            return elicit(handler_input, "appreciation", line("appreciation_ask"))
        couple = visit.ensure_couple()
        delivered = checkins.appreciate(visit, couple, text)
        warmth.record(visit.redis, couple.id, visit.pid, "appreciation", visit.local_date)
        if delivered:
            return speak(handler_input, line("appreciation_saved", visit.local_date.isoformat(),
                                             partner=visit.partner.display_name), end=True)
        return speak(handler_input, line("appreciation_saved_solo"), end=True)


class SoftCheckInHandler(IntentHandler):
    """The weekly soft check-in: one need and one appreciation, collected slot by slot."""

    intents = ("SoftCheckInIntent",)

    def handle_visit(self, handler_input, visit):
        need, safe_answer = free_text(handler_input, "need")
        appreciation, safe_other = free_text(handler_input, "appreciation")
        if safe_answer is not None or safe_other is not None:
            return safe_answer or safe_other
        if not need:
            return elicit(handler_input, "need", line("checkin_need"))
        if not appreciation:
            partner = visit.partner.display_name if visit.partner else line("partner_unnamed")
            return elicit(handler_input, "appreciation", line("checkin_appreciation", partner=partner))
        couple = visit.ensure_couple()
        delivered = checkins.check_in(visit, couple, need, appreciation)
        warmth.record(visit.redis, couple.id, visit.pid, "check-in", visit.local_date)
        from .reminders import offer_nightly_reminder

        if delivered:
            return offer_nightly_reminder(handler_input, visit, line("checkin_saved", partner=visit.partner.display_name))
        return offer_nightly_reminder(handler_input, visit, line("checkin_saved_solo"))


@pending_action("checkin_yours")
def start_checkin(handler_input, visit):
    """The yes to sharing one's own check-in right after hearing the partner's: the dialog begins."""
    intent = Intent(name="SoftCheckInIntent", slots={"need": Slot(name="need"), "appreciation": Slot(name="appreciation")})
    return elicit(handler_input, "need", line("checkin_need"), intent)


HANDLERS = [AppreciationHandler(), SoftCheckInHandler()]
