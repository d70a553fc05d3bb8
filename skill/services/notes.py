"""Notes: a few words one partner leaves for the other ("tell Ben I love him").

A note is not kept once heard: it waits in the partner's inbox (see `relay`) until their next
visit, and forgetting either partner removes it with the rest of what waits.
"""
from __future__ import annotations

from . import notify, relay, warmth

KIND = "partner_note"


def leave(visit, couple, text: str) -> bool:
    """Leave `text` for the other partner, as it should be spoken to them; False when there is
    no partner to leave it for."""
    partner = couple.other(visit.pid)
    if partner is None:
        return False
    relay.leave(visit.redis, couple.id, partner.id, KIND, visit.now, **{"from": visit.pid, "text": text})
    warmth.record(visit.redis, couple.id, visit.pid, "note", visit.local_date)
    notify.something_waiting(visit, partner.id)
    return True
