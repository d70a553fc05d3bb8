""""Send me our calendar link": the speaking partner's own feed, on a card in the Alexa app.

The link is a secret (anyone holding it reads the couple's schedule) and unspeakable, so it is
only ever shown, never said. Each partner has their own link, worded from their side.
"""
from __future__ import annotations

from flask import current_app

from ...services import feeds
from ..speech import line
from .base import IntentHandler, needs_partner, speak


class CalendarLinkHandler(IntentHandler):
    """Put the partner's https and webcal subscription links, with how to add them, on a card."""

    intents = ("CalendarLinkIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        token = feeds.token_for(visit.redis, visit.couple, visit.pid)
        https, webcal = feeds.subscription_links(current_app.config.get("CLOSER_PUBLIC_URL"), token)
        return speak(handler_input, line("calendar_link", partner=visit.partner.display_name), end=True,
                     card_title=line("calendar_card_title"),
                     card_text=line("calendar_card", https=https, webcal=webcal))


HANDLERS = [CalendarLinkHandler()]
