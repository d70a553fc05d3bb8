"""A gentle SMS that something is waiting in Closer, for partners enrolled in nudges."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def something_waiting(visit, to_pid: str) -> None:
    """Ask the nudge system to text `to_pid` at their first decent hour (at most once a day).

    Partners who never enrolled a phone, or who opted out, get nothing: the nudge system decides.
    A failure here must never cost the partner their spoken answer, so it is logged, not raised.
    """
    from flask import current_app

    from ..nudges import service

    try:
        service.notify_waiting(current_app._get_current_object(), visit.couple.id, to_pid, visit.now)
    except Exception:  # the relay already stored the item; the text is a courtesy
        log.exception("could not schedule the 'something is waiting' text")
