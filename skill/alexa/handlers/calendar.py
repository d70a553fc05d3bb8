""""Send me our calendar link": the speaking partner's own page and feed, on a card in the Alexa
app, and texted to them when they are enrolled for texts.

The link is a secret (anyone holding it reads the couple's schedule) and unspeakable, so it is
only ever shown, never said. Each partner has their own link, worded from their side. A card's
link may not be tappable in the Alexa app; a text's is, and the page it leads to subscribes the
phone's calendar with one tap.
"""
from __future__ import annotations

import logging

from flask import current_app

from ...services import feeds, page
from ..speech import join, line
from .base import IntentHandler, needs_partner, speak

log = logging.getLogger(__name__)


class CalendarLinkHandler(IntentHandler):
    """Put the partner's page and subscription links, with how to add them, on a card."""

    intents = ("CalendarLinkIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        base = current_app.config.get("CLOSER_PUBLIC_URL")
        token = feeds.token_for(visit.redis, visit.couple, visit.pid)
        https, webcal = feeds.subscription_links(base, token)
        said = join(line("calendar_link", partner=visit.partner.display_name), _text_it(visit, base, token))
        return speak(handler_input, said, end=True, card_title=line("calendar_card_title"),
                     card_text=line("calendar_card", page=feeds.page_link(base, token), https=https, webcal=webcal,
                                    google=page.GOOGLE_STEP, outlook=page.OUTLOOK_STEP))


def _text_it(visit, base: str | None, token: str) -> str | None:
    """Text the page's short link to a partner enrolled for texts; what to add to the answer."""
    from ...nudges import service

    try:
        outcome = service.send_calendar_link(current_app._get_current_object(), visit.couple, visit.pid,
                                             lambda: feeds.short_page_link(visit.redis, base, token), visit.now)
    except Exception:  # the card already holds the link: a failed text must not cost the answer
        log.exception("could not schedule the calendar link text")
        return None
    return {"now": line("calendar_link_texted"), "after quiet hours": line("calendar_link_texted_later"),
            "already": line("calendar_link_texted_earlier")}.get(outcome)


HANDLERS = [CalendarLinkHandler()]
