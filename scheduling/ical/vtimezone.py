"""Build VTIMEZONE components from ``zoneinfo`` data.

Why not ``icalendar``'s ``add_missing_timezones()``?  It writes every
transition from 1970 to 2038 as one multi-value RDATE.  ical.js (Thunderbird
and many web calendars) reads only the first value of an RDATE property in a
VTIMEZONE, so such a feed puts a Los Angeles event an hour off all summer.

What we write instead, as Google and Outlook do: one STANDARD and one DAYLIGHT
observance with a yearly RRULE (``FREQ=YEARLY;BYMONTH=3;BYDAY=2SU``), derived
from the zone's actual transitions.  How it works:

1. Find the transitions in a window from January of the year before the
   events to the end of the year after them (one extra year on each side
   makes the rule detection see at least three years).
2. Per kind (STANDARD / DAYLIGHT), group transitions into runs: same offsets,
   name, month and wall-clock time in consecutive years, with a weekday rule
   (last / nth weekday, or fixed day) that fits every member.  A run becomes
   one observance with an RRULE; a run that stops inside the window (a rule
   change or the end of DST) gets UNTIL in UTC; a new run gets its own
   DTSTART.
3. Transitions that fit no yearly rule (Africa/Casablanca's Ramadan changes)
   become one observance each, with DTSTART only.  No RDATE at all: ical.js
   (like libical) ignores the DTSTART of an observance that has an RDATE.
4. Only observances that matter for the events' span are written, starting
   at the last change at or before the span's start: ical.js treats a time
   before the first onset as UTC+0.  If no change precedes the span inside
   the window (zones without DST), one observance with TZOFFSETFROM ==
   TZOFFSETTO opens the component.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from .errors import ZoneDataError
from .transitions import Transition, find_transitions, state_at, weekday_rules

UTC = timezone.utc


@dataclass
class _Run:
    """Transitions of one kind that follow one yearly rule."""

    members: list[Transition]
    rules: list[str]

    def key(self) -> tuple:
        return _key(self.members[-1])


def _key(t: Transition) -> tuple:
    onset = t.onset
    return (t.daylight, t.offset_before, t.offset_after, t.name, onset.month, onset.time())


def _runs(transitions: list[Transition]) -> list[_Run]:
    """Group transitions into yearly-rule runs, separately for each kind."""
    runs: list[_Run] = []
    open_run: dict[bool, _Run] = {}
    for t in transitions:
        run = open_run.get(t.daylight)
        if run is not None and run.key() == _key(t) and t.onset.year == run.members[-1].onset.year + 1:
            shared = [r for r in run.rules if r in weekday_rules(t.onset.date())]
            if shared:
                run.members.append(t)
                run.rules = shared
                continue
        run = _Run([t], weekday_rules(t.onset.date()))
        runs.append(run)
        open_run[t.daylight] = run
    return runs


def _observance(t: Transition, onset: datetime, offset_from: timedelta):
    comp = TimezoneDaylight() if t.daylight else TimezoneStandard()
    comp.add("dtstart", onset)
    comp.add("tzoffsetfrom", offset_from)
    comp.add("tzoffsetto", t.offset_after)
    if t.name:
        comp.add("tzname", t.name)
    return comp


def _runs_past(run: _Run, window_end: datetime) -> bool:
    """Whether the run's next yearly onset would fall after the window.

    If so, the run simply reaches the end of what we looked at, and its RRULE
    stays open-ended like Google's; otherwise the rule really stopped there.
    """
    return run.members[-1].onset.year + 1 >= window_end.year


def _rrule(run: _Run, until: datetime | None) -> vRecur:
    rule = f"FREQ=YEARLY;BYMONTH={run.members[0].onset.month};{run.rules[0]}"
    if until is not None:
        rule += ";UNTIL=" + until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return vRecur.from_ical(rule)


def _zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ZoneDataError(f"unknown time zone {key!r}", reason="unknown_zone", zone=key) from exc


def build_vtimezone(key: str, start: datetime, end: datetime) -> Timezone:
    """A VTIMEZONE for IANA zone ``key`` that is exact from ``start`` to ``end``.

    ``start`` and ``end`` are aware instants (the first and last moment any
    event of the feed uses this zone).  Observances continue past ``end``
    where the zone keeps a yearly rule.

    >>> from datetime import datetime, timezone
    >>> tz = build_vtimezone("Asia/Kathmandu", datetime(2025, 1, 1, tzinfo=timezone.utc),
    ...                      datetime(2025, 12, 31, tzinfo=timezone.utc))
    >>> [(c.name, str(c.decoded("TZOFFSETTO"))) for c in tz.subcomponents]
    [('STANDARD', '5:45:00')]
    """
    if start.tzinfo is None or end.tzinfo is None or end < start:
        raise ZoneDataError("span must be two aware instants, start <= end",
                            reason="bad_span", zone=key, start=start, end=end)
    zone = _zone(key)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    window_start = datetime(start.year - 1, 1, 1, tzinfo=UTC)
    window_end = datetime(end.year + 2, 1, 1, tzinfo=UTC)
    transitions = find_transitions(zone, window_start, window_end)
    before = [t for t in transitions if t.at <= start]
    first_at = before[-1].at if before else None

    vtz = Timezone()
    vtz.add("tzid", key)
    vtz.add("x-lic-location", key)
    observances = []
    if first_at is None:
        offset, daylight, name = state_at(zone, window_start)
        opening = Transition(window_start, offset, offset, name, daylight)
        # Local midnight of the window's first day reads better than the UTC
        # instant shifted; nothing changes in between (no transition before start).
        observances.append(_observance(opening, window_start.replace(tzinfo=None), offset))
    for run in _runs(transitions):
        shown = [t for t in run.members if (first_at is None or t.at >= first_at) and t.at <= end]
        if not shown:
            continue
        if len(run.members) >= 2:
            is_last_of_kind = not any(t.daylight == run.members[0].daylight and t.at > run.members[-1].at
                                      for t in transitions)
            open_ended = is_last_of_kind and _runs_past(run, window_end)
            comp = _observance(shown[0], shown[0].onset, shown[0].offset_before)
            comp.add("rrule", _rrule(run, None if open_ended else run.members[-1].at))
            observances.append(comp)
        else:
            observances.extend(_observance(t, t.onset, t.offset_before) for t in shown)
    observances.sort(key=lambda c: c.decoded("dtstart"))
    for comp in observances:
        vtz.add_component(comp)
    return vtz
