"""When each nudge goes out: glue between the couple store, settings and `scheduling`.

Who is who: a nudge texts partner X inviting them to send a voice note to partner Y. So X is
the *sender* for `scheduling.nudge_timing` (inside X's waking windows, on X's allowed days, not
on a standing-call day) and Y the *receiver* (outside Y's quiet hours); X's own quiet hours are
respected as well, since the text lands on X's phone.

Periodic nudges form a chain per partner: each one, once settled (sent, failed, skipped...),
schedules the next. A crash between the two is repaired by `repair_chains_if_due`.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from scheduling.nudge_timing import first_decent_time, is_decent_hour, next_nudge_time
from scheduling.partners import Partner as SchedPartner
from scheduling.windows import QuietHours, WeeklyWindows
from scheduling.zones import get_zone
from skill.services.schedule import call_dates
from skill.store.couples import CoupleRepository

from . import consent, keys, options
from . import settings as settings_mod
from .records import PENDING, PERIODIC, Nudge, NudgeStore

log = logging.getLogger(__name__)

HOLD = timedelta(hours=12)  # confirmations, "waiting" and voice-note links keep this long, then move
REPAIR_EVERY = 300  # seconds between chain repairs (one dispatcher does it, under a lock)


def grace(app) -> timedelta:
    """How late a voice-note nudge may still go out (else skipped and the next one planned)."""
    return timedelta(minutes=options.get(app.config, "CLOSER_NUDGE_GRACE_MINUTES"))


def timing_fields(me, other) -> dict[str, str]:
    """What the dispatcher needs to re-check the hour at send time, copied into the record."""
    fields = {"zone": me.zone or "UTC", "quiet": me.quiet or "", "windows": me.windows or ""}
    if other is not None:
        fields.update(name=other.name or "", ozone=other.zone or "UTC", oquiet=other.quiet or "")
    return fields


def voice_note_time(couple, me, other, after: datetime, *, days=None, seed: str) -> datetime | None:
    """The first good minute after `after` for texting `me` about a voice note for `other`."""
    zone, quiet = me.zone or "UTC", QuietHours.parse(me.quiet)
    calls = call_dates(couple, zone) if couple is not None else set()
    moment = after
    for _ in range(20):  # each round skips past one span that suits `other` but not `me`
        moment = next_nudge_time(
            moment, sender_zone=zone, sender_windows=WeeklyWindows.parse(me.windows),
            receiver_zone=other.zone or "UTC", receiver_quiet=QuietHours.parse(other.quiet),
            days=days, avoid_dates=(lambda d: d in calls) if calls else None, seed=seed)
        if moment is None or is_decent_hour(moment, zone, quiet):
            return moment
        moment = first_decent_time(moment, zone, quiet) - timedelta(minutes=1)
    return None


def unfit_reason(nudge: Nudge, now: datetime) -> str:
    """Why `nudge` must not go out at `now` ('' when it may): the send-time guard.

    Voice-note nudges must go out near their planned minute (else skipped or moved); texts that
    carry something (an opt-in request, a link, "something is waiting") only wait for a
    decent hour.
    """
    if not is_decent_hour(now, nudge.get("zone") or "UTC", QuietHours.parse(nudge.get("quiet"))):
        return "quiet hours"
    if nudge.kind in (PERIODIC, "ask"):
        if now.timestamp() > float(nudge.late):
            return "late"
        if nudge.get("ozone") and not is_decent_hour(now, nudge.ozone, QuietHours.parse(nudge.get("oquiet"))):
            return "partner's quiet hours"
        if nudge.get("windows") and not SchedPartner("sender", nudge.zone, nudge.windows).contains(now):
            return "outside waking window"
    return ""


def moved_due(app, nudge: Nudge, now: datetime) -> tuple[datetime, datetime] | None:
    """A new (due, late), strictly after `now`, for a one-off that could not go out at `now`;
    None when a voice-note request finds no good minute in the next two weeks."""
    if nudge.kind == "ask":
        me = _Spec(nudge.zone, nudge.get("quiet"), nudge.get("windows") or "daily 00:00-24:00")
        other = _Spec(nudge.get("ozone") or nudge.zone, nudge.get("oquiet"), "")
        due = voice_note_time(None, me, other, now, seed=nudge.id)
        return (due, due + grace(app)) if due is not None else None
    due = first_decent_time(now, nudge.get("zone") or "UTC", QuietHours.parse(nudge.get("quiet")))
    due = max(due, now + timedelta(seconds=1))  # never back into this tick
    return due, due + HOLD


class _Spec:
    """The few partner fields the timing needs, rebuilt from a record."""

    def __init__(self, zone: str, quiet: str | None, windows: str):
        self.zone, self.quiet, self.windows, self.name = zone, quiet, windows, ""


# -- periodic chains ---------------------------------------------------------------------------
def day_gap(per_week: int, seq: int) -> int:
    """Local days between periodic nudge `seq` and the next, so `per_week` fit each week exactly.

    >>> [day_gap(3, k) for k in range(6)], [day_gap(5, k) for k in range(5)]
    ([2, 2, 3, 2, 2, 3], [1, 1, 2, 1, 2])
    """
    k = seq % per_week
    return (k + 1) * 7 // per_week - k * 7 // per_week


def _periodic_due(couple, pid: str, prefs, after: datetime, previous: Nudge | None, seed: str):
    me, other = couple.partner(pid), couple.other(pid)
    if other is None:
        return None  # nobody to send a voice note to yet
    start = after
    if previous is not None:
        # The next one goes on the partner's local day `gap` days after the previous one's.
        zone = get_zone(me.zone or "UTC")
        gap = day_gap(prefs.per_week, int(previous.get("seq") or 0))
        day = previous.due_at.astimezone(zone).date() + timedelta(days=gap)
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(timezone.utc)
        start = max(after, midnight - timedelta(minutes=1))
    return voice_note_time(couple, me, other, start, days=prefs.days, seed=seed)


def _schedule_periodic(app, couple_id: str, pid: str, now: datetime, *, chain: str,
                       previous: Nudge | None) -> str | None:
    redis = app.extensions["closer.redis"]
    prefs = settings_mod.load(redis, couple_id, pid)
    couple = CoupleRepository(redis).get(couple_id)
    if couple is None or not prefs.enabled or not prefs.phone or pid not in couple.partners:
        return None
    if consent.get(redis, prefs.phone).state != "active":
        return None  # paused until they opt in again (START), which restarts the chain
    due = _periodic_due(couple, pid, prefs, now, previous, seed=f"{couple_id}:{pid}:{chain}")
    if due is None:
        log.info("no time for a nudge in the next two weeks", extra={"couple": couple_id, "pid": pid})
        return None
    me, other = couple.partner(pid), couple.other(pid)
    seq = int(previous.get("seq") or 0) + 1 if previous is not None else 0
    return NudgeStore(redis).schedule(
        kind=PERIODIC, couple=couple_id, to=pid, phone=prefs.phone, due=due, late=due + grace(app),
        created=now, chain=chain, fields={**timing_fields(me, other), "seq": str(seq)})


def restart_chain(app, couple_id: str, pid: str, now: datetime) -> str | None:
    """(Re)plan a partner's periodic nudges from `now`, cancelling a pending one."""
    return _schedule_periodic(app, couple_id, pid, now, chain="*", previous=None)


def schedule_next(app, nudge: Nudge, now: datetime) -> str | None:
    """Plan the nudge after `nudge` (no-op if someone already did)."""
    return _schedule_periodic(app, nudge.couple, nudge.to, now, chain=nudge.id, previous=nudge)


def ensure_chain(app, couple_id: str, pid: str, now: datetime) -> str | None:
    """Make sure a partner with nudges on has one pending; returns the new id if one was needed."""
    redis = app.extensions["closer.redis"]
    head = settings_mod.load(redis, couple_id, pid).next
    if head and redis.hget(keys.nudge(head), "state") in PENDING:
        return None
    if not head:
        return restart_chain(app, couple_id, pid, now)
    return _schedule_periodic(app, couple_id, pid, now, chain=head, previous=None)


def repair_chains_if_due(app, now: datetime) -> int:
    """Every few minutes (one dispatcher at a time), re-plan chains a crash broke. Returns how
    many were repaired."""
    redis = app.extensions["closer.redis"]
    if not redis.set(keys.REPAIR_LOCK, "1", nx=True, ex=REPAIR_EVERY):
        return 0
    repaired = 0
    for member in redis.sscan_iter(keys.CHAINS, count=200):
        couple_id, _, pid = member.rpartition(":")
        if ensure_chain(app, couple_id, pid, now):
            repaired += 1
    return repaired
