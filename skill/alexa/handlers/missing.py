""""I miss Ben": a warm word, the days until they are together, and a way to reach them tonight
(a few words they hear when they next open Closer Together); on one's own, a presence practice."""
from __future__ import annotations

from ..speech import join, line
from .base import PENDING, IntentHandler, pending_action, session, speak
from .notes import ask_for_note
from .schedule import countdown_said, days_until_together, together_now


class MissPartnerHandler(IntentHandler):
    """"I miss my partner", "I feel lonely"."""

    intents = ("MissPartnerIntent",)

    def handle_visit(self, handler_input, visit):
        if visit.partner is None:
            session(handler_input)[PENDING] = "presence"
            return speak(handler_input, line("miss_solo"), ask=line("miss_solo_reprompt"))
        name = visit.partner.display_name
        countdown = days_until_together(visit)
        if together_now(countdown):
            return speak(handler_input, join(line("miss_partner", partner=name), line("miss_together_now")), end=True)
        session(handler_input)[PENDING] = "words_for_partner"
        said = join(line("miss_partner", partner=name), countdown_said(countdown), line("miss_offer", partner=name))
        return speak(handler_input, said, ask=line("miss_offer_reprompt", partner=name))


@pending_action("words_for_partner")
def words_for_partner(handler_input, visit):
    """The yes: the words said next are left for the partner, as a note."""
    partner = visit.partner.display_name if visit.partner else line("partner_unnamed")
    return ask_for_note(handler_input, partner, question="miss_words_ask")


HANDLERS = [MissPartnerHandler()]
