"""The couple's schedule: standing call, visits and rituals, between Redis and `scheduling/`.

A planned call is stored as its RFC 5545 segments (zone, first start, UNTIL, RRULE, EXDATEs), the
same shape the calendar feed writes, so reading it back needs no re-planning and every answer
("when is our next call?", feeds, nudge avoidance) expands the very same series.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from scheduling import (CallPlan, CallPreference, CallSegment, NearestCall, Partner, Timeline, Visit, WeeklyWindows,
                        paused_for_visits, plan_call, plan_call_near, plan_rituals)
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


def _people(couple: Couple, anchor: str | None) -> tuple[Partner, Partner, str]:
    """Both partners as the scheduler sees them, and the anchor's scheduling name."""
    anchor_pid = _anchor_partner(couple, anchor).id
    people = {pid: domain_partner(couple.partners[pid]) for pid in ("a", "b")}
    return people["a"], people["b"], people[anchor_pid].name


def plan(couple: Couple, *, cadence: str, minutes: int, anchor: str | None, now: datetime,
         busy=None) -> CallPlan:
    """Plan a standing call for the couple (raises scheduling errors, e.g. NoCommonTime)."""
    a, b, anchor_name = _people(couple, anchor)
    return plan_call(a, b, cadence=cadence, minutes=minutes, anchor=anchor_name, start=now, busy=busy)


def plan_near(couple: Couple, *, preference: CallPreference, minutes: int, anchor: str | None,
              now: datetime, cadence: str = "weekly", busy=None) -> NearestCall:
    """A call kept to `preference` ("Sunday evenings", on the anchor's clock), or the nearest
    time that holds all year when that cannot (raises NoCommonTime only when the two share no
    time at all)."""
    a, b, anchor_name = _people(couple, anchor)
    return plan_call_near(a, b, anchor=anchor_name, preference=preference, cadence=cadence,
                          minutes=minutes, start=now, busy=busy)


PARTS_OF_DAY = {"MO": (5 * 60, 12 * 60), "AF": (12 * 60, 17 * 60), "EV": (17 * 60, 22 * 60), "NI": (20 * 60, 24 * 60)}
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_PART_WORDS = {"MORNING": "MO", "AFTERNOON": "AF", "EVENING": "EV", "NIGHT": "NI"}


def set_free_hours(couples, couple_id: str, pid: str, weekdays, start: int, end: int) -> WeeklyWindows:
    """Partner `pid`'s free hours on `weekdays` become `start` to `end` (minutes after their local
    midnight; an end at or before the start is the next day); other days keep theirs. Returns all
    of that partner's windows. Raises WindowSpecError for a window that cannot be (start == end)."""
    def change(couple: Couple) -> None:
        partner = couple.partners[pid]
        partner.windows = str(WeeklyWindows.parse(partner.windows).with_days(weekdays, start, end))

    return WeeklyWindows.parse(couples.update(couple_id, change).partners[pid].windows)


def call_preference(day: str | None, part: str | None, minutes: int) -> CallPreference:
    """A preference from a weekday name ("Sunday", "sundays", "sun") and a part of the day: an
    AMAZON.TIME period ("EV"), its word ("evenings") or a clock time ("19:00": a call starting
    then, `minutes` long; when that cannot hold, the planner offers the nearest time that does).
    Words it does not know raise ValueError."""
    weekday = None
    if day:
        name = day.strip().upper().rstrip("S") if len(day.strip()) > 3 else day.strip().upper()
        found = [i for i, full in enumerate(WEEKDAYS) if len(name) >= 3 and full.startswith(name)]
        if len(found) != 1:
            raise ValueError(f"{day!r} is not a day of the week")
        weekday = found[0]
    window = None
    if part:
        code = _PART_WORDS.get(part.strip().upper().rstrip("S"), part.strip().upper())
        if code in PARTS_OF_DAY:
            window = PARTS_OF_DAY[code]
        else:
            try:
                hours, mins = (int(x) for x in part.strip().split(":"))
                if not (0 <= hours < 24 and 0 <= mins < 60):
                    raise ValueError
            except ValueError:
                raise ValueError(f"{part!r} is not a part of the day or a time like 19:00") from None
            start = hours * 60 + mins
            # Clipped at midnight: a call that would run past it is offered at the nearest time.
            window = (start, min(start + minutes, 24 * 60))
    return CallPreference(weekday, window)


def serialise_plan(call: CallPlan) -> dict:
    """A plan as stored on the couple."""
    return {"cadence": call.cadence, "minutes": call.minutes, "anchor": call.anchor, "notes": list(call.notes),
            "segments": [{"zone": s.anchor_zone, "start": s.start.isoformat(), "until": s.until.isoformat(),
                          "rrule": s.rrule, "minutes": int(s.duration.total_seconds() // 60),
                          "exdates": [x.isoformat() for x in s.exdates]} for s in call.segments]}


def save_call(couples, couple_id: str, stored: dict, now: datetime) -> Couple:
    """Store a serialised plan as the couple's standing call, stamped with when it last changed (so
    an answer about reminders given for an earlier call is not taken for this one; saving the same
    call again keeps its stamp)."""
    def change(couple: Couple) -> None:
        stamp = (couple.call or {}).get("saved")
        unchanged = stamp is not None and _call_shape(couple.call) == _call_shape(stored)
        couple.call = {**stored, "saved": stamp if unchanged else now.isoformat()}

    return couples.update(couple_id, change)


def _call_shape(call: dict) -> list[tuple]:
    """What a partner's reminders depend on: each segment's zone, weekday and wall time, rule and
    length (planning the same call on another day moves its first date and UNTIL, nothing else)."""
    shape = []
    for s in call.get("segments", []):
        local = datetime.fromisoformat(s["start"]).astimezone(get_zone(s["zone"]))
        shape.append((s["zone"], local.strftime("%a %H:%M"), s["rrule"], s["minutes"]))
    return shape


def stored_plan(couple: Couple, *, rest_for_visits: bool = True) -> CallPlan | None:
    """The couple's standing call, rebuilt from storage (no alternatives), resting on the days of
    their visits (scheduling.paused_for_visits) unless `rest_for_visits` is False, or None."""
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
    plan = CallPlan(segments=tuple(segments), minutes=data["minutes"], cadence=data["cadence"], anchor=data["anchor"],
                    alternatives=(), skipped=(), notes=tuple(data.get("notes", ())))
    return paused_for_visits(plan, visits(couple)) if rest_for_visits else plan


def call_dates(couple: Couple, zone: str) -> set[date]:
    """Local dates (in `zone`) with a standing-call occurrence; empty without a plan."""
    call = stored_plan(couple)
    if call is None:
        return set()
    tz = get_zone(zone)
    return {o.astimezone(tz).date() for o in call.occurrences()}


def next_call_after_rest(couple: Couple, now: datetime) -> tuple[datetime | None, bool]:
    """The next standing call at or after `now` (or None), and whether a call before it rests for
    a visit. The stored series is read once and paused from there."""
    usual_plan = stored_plan(couple, rest_for_visits=False)
    if usual_plan is None:
        return None, False
    upcoming = paused_for_visits(usual_plan, visits(couple)).next_occurrence(now)
    usual = usual_plan.next_occurrence(now)
    return upcoming, upcoming is not None and usual is not None and usual < upcoming


def visits(couple: Couple) -> list[Visit]:
    """The couple's visits as domain objects."""
    return [Visit(start=date.fromisoformat(v["start"]), end=date.fromisoformat(v["end"]), traveler=v["traveler"],
                  where=v.get("where")) for v in couple.visits]


def timeline(couple: Couple) -> Timeline:
    """The visit timeline (validated), with the closing-the-distance date if set."""
    closing = date.fromisoformat(couple.closing_date) if couple.closing_date else None
    return Timeline(visits(couple), closing_date=closing)


def check_visit(couple: Couple, visit: Visit) -> None:
    """Raise VisitOverlap / VisitError if `visit` cannot join the couple's timeline; changes nothing."""
    closing = date.fromisoformat(couple.closing_date) if couple.closing_date else None
    Timeline(visits(couple) + [visit], closing_date=closing)


def add_visit(couple: Couple, visit: Visit) -> None:
    """Add a visit, validating the whole timeline first (raises VisitOverlap / VisitError)."""
    check_visit(couple, visit)
    couple.visits.append({"start": visit.start.isoformat(), "end": visit.end.isoformat(),
                          "traveler": visit.traveler, "where": visit.where})
    couple.visits.sort(key=lambda v: v["start"])


def remove_visit(couple: Couple, start: date) -> bool:
    """Take the visit starting on `start` off the couple's timeline (the standing call stops
    resting for it, and both feeds drop it); False when there is no such visit (already removed,
    perhaps by the other partner)."""
    kept = [v for v in couple.visits if v["start"] != start.isoformat()]
    removed = len(kept) != len(couple.visits)
    couple.visits[:] = kept
    return removed


def visits_from(couple: Couple, day: date) -> list[Visit]:
    """The visits that have not started before `day` (one starting that day included): those
    that can still be called off."""
    return [v for v in visits(couple) if v.start >= day]


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
