"""What a partner hears about a visit added or called off by the other partner, or from the
`closer` command.

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
FROM_CLOSER = ""  # the `by` of news from the `closer` command rather than from a partner


def announce_added(redis, couple: Couple, by_pid: str | None, new: Visit, *, traveller_pid: str,
                   now: datetime) -> None:
    """Leave news of `new` for the partners who did not add it: the other partner when `by_pid`
    added it by voice, both (those with a linked device) when `by_pid` is None."""
    for pid in _listeners(couple, by_pid):
        relay.leave(redis, couple.id, pid, ADDED, now, start=new.start.isoformat(), end=new.end.isoformat(),
                    traveller=traveller_pid, by=by_pid or FROM_CLOSER)


def announce_cancelled(redis, couple: Couple, by_pid: str | None, gone: Visit, *, now: datetime) -> bool:
    """Tell the partners who did not call `gone` off, unless they never heard of it.

    Returns True when news of the cancellation is left for someone, and False when every
    listener's news of the visit was still waiting and has been taken back instead.
    """
    start, told = gone.start.isoformat(), False
    if by_pid is not None:
        relay.withdraw(redis, couple.id, by_pid, kind=ADDED, start=start)
    for pid in _listeners(couple, by_pid):
        if relay.withdraw(redis, couple.id, pid, kind=ADDED, start=start):
            continue
        relay.leave(redis, couple.id, pid, CANCELLED, now, start=start, end=gone.end.isoformat(),
                    by=by_pid or FROM_CLOSER)
        told = True
    return told


def _listeners(couple: Couple, by_pid: str | None) -> list[str]:
    """Partners with a linked device, other than the one who made the change."""
    return [p.id for p in couple.partners.values() if p.id != by_pid and p.user]
