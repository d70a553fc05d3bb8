"""The couple's schedule: standing call, visits and rituals, between Redis and `scheduling/`.

A planned call is stored as its RFC 5545 segments (zone, first start, UNTIL, RRULE, EXDATEs), the
same shape the calendar feed writes, so reading it back needs no re-planning and every answer
("when is our next call?", feeds, nudge avoidance) expands the very same series.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from scheduling import (CallPlan, CallSegment, Partner, Timeline, Visit, WeeklyWindows, Window, plan_call,
                        plan_rituals)
from scheduling.clock_changes import offset_changes
from scheduling.zones import get_zone

from ..store.couples import Couple


def domain_partner(partner) -> Partner:
    """The scheduling view of a stored partner (name, zone, windows, quiet hours)."""
    return Partner(partner.name or partner.id.upper(), partner.zone or "UTC", partner.windows, partner.quiet)


def _anchor_partner(couple: Couple, anchor: str | None):
    if anchor is None:
        return couple.partners["a"]
    found = couple.by_name(anchor) or couple.partners.get(anchor)
    if found is None:
        raise KeyError(anchor)
    return found


def plan(couple: Couple, *, cadence: str, minutes: int, anchor: str | None, now: datetime, busy=None,
         anchor_windows: WeeklyWindows | None = None) -> CallPlan:
    """Plan a standing call for the couple (raises scheduling errors, e.g. NoCommonTime).

    `anchor_windows` narrows the anchor partner's windows to a preference ("Sunday evenings").
    """
    anchor_pid = _anchor_partner(couple, anchor).id
    people = {}
    for pid in ("a", "b"):
        person = domain_partner(couple.partners[pid])
        if pid == anchor_pid and anchor_windows is not None:
            person = Partner(person.name, person.zone, anchor_windows, person.quiet)
        people[pid] = person
    return plan_call(people["a"], people["b"], cadence=cadence, minutes=minutes, anchor=people[anchor_pid].name,
                     start=now, busy=busy)


PARTS_OF_DAY = {"MO": (5 * 60, 12 * 60), "AF": (12 * 60, 17 * 60), "EV": (17 * 60, 22 * 60), "NI": (20 * 60, 24 * 60)}
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


def preferred_windows(spec: str, weekday: int | None, part: tuple[int, int] | None) -> WeeklyWindows | None:
    """A partner's windows narrowed to one weekday and/or part of day; None when nothing is left.

    >>> str(preferred_windows("Sat-Sun 09:00-23:00", 6, (17 * 60, 22 * 60)))
    'Sun 17:00-22:00'
    """
    kept = []
    for window in WeeklyWindows.parse(spec).windows:
        if weekday is not None and window.weekday != weekday:
            continue
        start, end = window.start, window.end
        if part is not None:
            start, end = max(start, part[0]), min(end, part[1])
        if end > start:
            kept.append(Window(window.weekday, start, end))
    return WeeklyWindows(tuple(kept)) if kept else None


def serialise_plan(call: CallPlan) -> dict:
    """A plan as stored on the couple."""
    return {"cadence": call.cadence, "minutes": call.minutes, "anchor": call.anchor, "notes": list(call.notes),
            "segments": [{"zone": s.anchor_zone, "start": s.start.isoformat(), "until": s.until.isoformat(),
                          "rrule": s.rrule, "minutes": int(s.duration.total_seconds() // 60),
                          "exdates": [x.isoformat() for x in s.exdates]} for s in call.segments]}


def stored_plan(couple: Couple) -> CallPlan | None:
    """The couple's standing call, rebuilt from storage (no alternatives), or None."""
    data = couple.call
    if not data:
        return None
    segments = []
    for s in data["segments"]:
        zone = get_zone(s["zone"])
        segments.append(CallSegment(anchor_zone=s["zone"], start=datetime.fromisoformat(s["start"]).astimezone(zone),
                                    until=datetime.fromisoformat(s["until"]), rrule=s["rrule"],
                                    duration=timedelta(minutes=s["minutes"]),
                                    exdates=tuple(datetime.fromisoformat(x).astimezone(zone) for x in s["exdates"])))
    return CallPlan(segments=tuple(segments), minutes=data["minutes"], cadence=data["cadence"], anchor=data["anchor"],
                    alternatives=(), skipped=(), notes=tuple(data.get("notes", ())))


def call_dates(couple: Couple, zone: str) -> set[date]:
    """Local dates (in `zone`) with a standing-call occurrence; empty without a plan."""
    call = stored_plan(couple)
    if call is None:
        return set()
    tz = get_zone(zone)
    return {o.astimezone(tz).date() for o in call.occurrences()}


def next_call(couple: Couple, now: datetime) -> datetime | None:
    """The next standing call starting at or after `now` (UTC), or None."""
    call = stored_plan(couple)
    return call.next_occurrence(now) if call else None


def visits(couple: Couple) -> list[Visit]:
    """The couple's visits as domain objects."""
    return [Visit(start=date.fromisoformat(v["start"]), end=date.fromisoformat(v["end"]), traveler=v["traveler"],
                  where=v.get("where")) for v in couple.visits]


def timeline(couple: Couple) -> Timeline:
    """The visit timeline (validated), with the closing-the-distance date if set."""
    closing = date.fromisoformat(couple.closing_date) if couple.closing_date else None
    return Timeline(visits(couple), closing_date=closing)


def add_visit(couple: Couple, visit: Visit) -> None:
    """Add a visit, validating the whole timeline first (raises VisitOverlap / VisitError)."""
    closing = date.fromisoformat(couple.closing_date) if couple.closing_date else None
    Timeline(visits(couple) + [visit], closing_date=closing)
    couple.visits.append({"start": visit.start.isoformat(), "end": visit.end.isoformat(),
                          "traveler": visit.traveler, "where": visit.where})
    couple.visits.sort(key=lambda v: v["start"])


def rituals(couple: Couple, now: datetime, *, call: CallPlan | None = None):
    """The ritual calendar inside both partners' windows (None for a couple of one).

    `call` is the stored plan when the caller already has it (default: read from the couple).
    """
    if not couple.paired:
        return None
    a, b = (domain_partner(couple.partners[p]) for p in ("a", "b"))
    return plan_rituals(a, b, anchor=a.name, start=now, plan_start=couple.plan_start_date(),
                        call=call if call is not None else stored_plan(couple))




def clock_changes(couple: Couple, pid: str, now: datetime, *, days: int):
    """When the difference between `pid`'s clock and the other partner's changes, in the next `days`."""
    other = couple.other(pid)
    if other is None:
        return []
    me = couple.partners[pid]
    return offset_changes(me.zone or "UTC", other.zone or "UTC", now, now + timedelta(days=days))
