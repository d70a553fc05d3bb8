"""What a partner hears about a visit the other partner added or called off.

The news waits in the partner's inbox (services.relay) and is spoken at their next launch.
Calling off a visit takes back any news of it that nobody has heard yet. Otherwise the partner
would hear that a visit was added and then that it was cancelled, for a visit they never knew
of. The partner who cancels would also later hear stale news of a visit that is already gone.
"""
from __future__ import annotations

from datetime import datetime

from scheduling import Visit

from ..store.couples import Couple
from . import relay

ADDED, CANCELLED = "visit_added", "visit_cancelled"
# Who travels, from the listener's side: the partner who added the visit, or the listener.
SENDER_TRAVELS, LISTENER_TRAVELS = "sender", "listener"


def announce_added(redis, couple: Couple, by_pid: str, new: Visit, *, sender_travels: bool,
                   now: datetime) -> None:
    """Leave the other partner news of the visit `by_pid` just added."""
    partner = couple.other(by_pid)
    relay.leave(redis, couple.id, partner.id, ADDED, now, start=new.start.isoformat(),
                end=new.end.isoformat(), traveller=SENDER_TRAVELS if sender_travels else LISTENER_TRAVELS)


def announce_cancelled(redis, couple: Couple, by_pid: str, gone: Visit, *, now: datetime) -> bool:
    """Tell the other partner that `by_pid` called off `gone`, unless the partner never heard of it.

    Returns True when news of the cancellation is left, and False when the partner's news of the
    visit was still waiting and has been taken back (there is then nothing to tell them).
    """
    partner, start = couple.other(by_pid), gone.start.isoformat()
    relay.withdraw(redis, couple.id, by_pid, kind=ADDED, start=start)
    if relay.withdraw(redis, couple.id, partner.id, kind=ADDED, start=start):
        return False
    relay.leave(redis, couple.id, partner.id, CANCELLED, now, start=start, end=gone.end.isoformat())
    return True
