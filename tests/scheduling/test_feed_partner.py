"""partner_feed: what each partner's subscribed calendar shows, end to end.

Domain objects here are small stand-ins with the documented shape of
CallSegment / CallPlan / Visit / ritual (see scheduling/calls.py etc.);
their ``occurrences()`` are computed directly with zoneinfo, so the feed is
checked against an expectation that does not come from the renderer.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from scheduling.feeds import feed_events, partner_feed
from scheduling.ical import next_sequence
from tests.support.icaljs import icaljs_events, icaljs_expand

UTC = timezone.utc
NOW = datetime(2025, 1, 1, 12, tzinfo=UTC)
ANA = SimpleNamespace(id="a", name="Ana", zone="Europe/London")
BEN = SimpleNamespace(id="b", name="Ben", zone="America/Los_Angeles")
VIDEO = "https://meet.example/closer-c1"


@dataclass(frozen=True)
class Segment:
    """Stand-in for scheduling.calls.CallSegment (weekly rules only)."""

    anchor_zone: str
    start: datetime
    until: datetime
    rrule: str
    duration: timedelta
    exdates: tuple[datetime, ...] = ()

    def occurrences(self) -> list[datetime]:
        step = timedelta(weeks=2 if "INTERVAL=2" in self.rrule else 1)
        day, result = self.start.date(), []
        while True:
            moment = datetime.combine(day, self.start.timetz().replace(tzinfo=None), ZoneInfo(self.anchor_zone))
            if moment > self.until:
                return result
            if moment not in self.exdates:
                result.append(moment)
            day += step


@dataclass(frozen=True)
class Ritual(Segment):
    kind: str = "nightly"
    title: str = "Nightly check-in"


def weekly_plan(hour=10, until=datetime(2025, 12, 31, 23, 59, tzinfo=UTC), exdates=()):
    la = ZoneInfo("America/Los_Angeles")
    segment = Segment("America/Los_Angeles", datetime(2025, 1, 5, hour, tzinfo=la), until,
                      "FREQ=WEEKLY;BYDAY=SU", timedelta(minutes=45), exdates)
    return SimpleNamespace(segments=(segment,), anchor="Ben", cadence="weekly", minutes=45)


def visits():
    return [SimpleNamespace(start=date(2025, 4, 18), end=date(2025, 4, 27), traveler="Ana", where="Los Angeles",
                            arrival=datetime(2025, 4, 18, 21, 40, tzinfo=UTC), arrival_zone="America/Los_Angeles"),
            SimpleNamespace(start=date(2025, 8, 1), end=date(2025, 8, 10), traveler="Ben", where="London",
                            arrival=None, arrival_zone=None)]


def strict(ics: bytes) -> Calendar:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cal = Calendar.from_ical(ics)
    assert all(not c.errors for c in cal.walk())
    assert cal.get_missing_tzids() == set()
    return cal


def event(cal: Calendar, uid_prefix: str):
    return next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(uid_prefix))


def test_call_shows_both_local_times_me_first_with_dst_mismatch_stretches():
    cal = strict(partner_feed("c1", BEN, ANA, plan=weekly_plan(), video_url=VIDEO, now=NOW))
    call = event(cal, "call-0.")
    assert str(call["SUMMARY"]) == "Call with Ana"
    assert str(call["URL"]) == VIDEO
    # The US changes clocks three weeks before the UK in spring and a week after in autumn.
    assert str(call["DESCRIPTION"]) == (
        "Jan 5–Mar 2: 10:00 AM for you · 6:00 PM for Ana\n"
        "Mar 9–Mar 23: 10:00 AM for you · 5:00 PM for Ana\n"
        "Mar 30–Oct 19: 10:00 AM for you · 6:00 PM for Ana\n"
        "Oct 26: 10:00 AM for you · 5:00 PM for Ana\n"
        "Nov 2–Dec 28: 10:00 AM for you · 6:00 PM for Ana\n\n"
        f"Join: {VIDEO}")


def test_other_partner_reads_their_own_time_first_and_weekday_shift():
    cal = strict(partner_feed("c1", ANA, BEN, plan=weekly_plan(hour=19), video_url=VIDEO, now=NOW))
    lines = str(event(cal, "call-0.")["DESCRIPTION"]).splitlines()
    assert lines[0] == "Jan 6–Mar 3: 3:00 AM for you · 7:00 PM Sun for Ben"
    assert str(event(cal, "call-0.")["SUMMARY"]) == "Call with Ben"
    assert str(cal["X-WR-CALNAME"]) == "Closer: Ana & Ben"


def test_visits_are_all_day_and_say_who_travels():
    cal = strict(partner_feed("c1", BEN, ANA, plan=None, visits=visits(), now=NOW))
    first, second = event(cal, "visit-20250418."), event(cal, "visit-20250801.")
    assert str(first["SUMMARY"]) == "Ana visits you in Los Angeles"
    assert (first.start, first.end) == (date(2025, 4, 18), date(2025, 4, 28))
    assert str(first["DESCRIPTION"]) == "Arrives Fri Apr 18, 2:40 PM"  # Ben's own zone: no second time
    assert str(second["SUMMARY"]) == "You visit Ana in London"
    ana_view = strict(partner_feed("c1", ANA, BEN, plan=None, visits=visits(), now=NOW))
    assert str(event(ana_view, "visit-20250418.")["DESCRIPTION"]) == \
        "Arrives Fri Apr 18, 2:40 PM Los Angeles time (10:40 PM for you)"
    assert str(event(ana_view, "visit-20250418.")["SUMMARY"]) == "You visit Ben in Los Angeles"


def test_rituals_are_recurring_events_with_both_times():
    london = ZoneInfo("Europe/London")
    nightly = Ritual("Europe/London", datetime(2025, 1, 6, 21, 30, tzinfo=london),
                     datetime(2025, 2, 28, tzinfo=UTC), "FREQ=WEEKLY;BYDAY=MO", timedelta(minutes=10))
    cal = strict(partner_feed("c1", ANA, BEN, plan=None, rituals=[nightly], now=NOW))
    ritual = event(cal, "ritual-nightly.")
    assert str(ritual["SUMMARY"]) == "Nightly check-in"
    assert str(ritual["DESCRIPTION"]) == "9:30 PM for you · 1:30 PM for Ben"
    assert ritual["DTSTART"].params["TZID"] == "Europe/London"


def test_feed_occurrences_match_the_plan_in_icaljs_and_recurring_ical_events(icaljs_node):
    la = ZoneInfo("America/Los_Angeles")
    plan = weekly_plan(hour=18, exdates=(datetime(2025, 7, 6, 18, tzinfo=la),))
    ics = partner_feed("c1", ANA, BEN, plan=plan, visits=visits(), video_url=VIDEO, now=NOW)
    expected = [o.astimezone(UTC) for o in plan.segments[0].occurrences()]
    assert len(expected) == 51 and datetime(2025, 7, 7, 1, tzinfo=UTC) not in expected
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    got = icaljs_expand(icaljs_node, ics, *window)
    assert got["call-0.c1@closer"] == expected
    assert got["visit-20250418.c1@closer"] == [date(2025, 4, 18)]
    python = sorted(o["DTSTART"].dt.astimezone(UTC) for o in recurring_ical_events.of(strict(ics)).between(*window)
                    if str(o["UID"]).startswith("call-"))
    assert python == expected


def test_uids_are_stable_and_sequence_rises_when_the_plan_changes():
    stored = {}
    for event_ in feed_events("c1", BEN, ANA, plan=weekly_plan(), visits=visits(), video_url=VIDEO):
        stored[event_.uid] = next_sequence(None, None, event_)
    first = partner_feed("c1", BEN, ANA, plan=weekly_plan(), visits=visits(), video_url=VIDEO, now=NOW,
                         sequences={uid: seq for uid, (_, seq) in stored.items()})
    later = partner_feed("c1", BEN, ANA, plan=weekly_plan(), visits=visits(), video_url=VIDEO,
                         now=NOW + timedelta(days=3), sequences={uid: seq for uid, (_, seq) in stored.items()})
    uids = lambda ics: sorted(str(e["UID"]) for e in Calendar.from_ical(ics).walk("VEVENT"))  # noqa: E731
    assert uids(first) == uids(later) == ["call-0.c1@closer", "visit-20250418.c1@closer",
                                          "visit-20250801.c1@closer"]
    # Move the call to 11:00: only the call's SEQUENCE goes up.
    for event_ in feed_events("c1", BEN, ANA, plan=weekly_plan(hour=11), visits=visits(), video_url=VIDEO):
        stored[event_.uid] = next_sequence(*stored[event_.uid], event_)
    assert {uid: seq for uid, (_, seq) in stored.items()} == {
        "call-0.c1@closer": 1, "visit-20250418.c1@closer": 0, "visit-20250801.c1@closer": 0}
    moved = strict(partner_feed("c1", BEN, ANA, plan=weekly_plan(hour=11), visits=visits(), video_url=VIDEO,
                                now=NOW, sequences={uid: seq for uid, (_, seq) in stored.items()}))
    assert event(moved, "call-0.")["SEQUENCE"] == 1
    assert event(moved, "visit-20250418.")["SEQUENCE"] == 0


def test_partner_without_zone_gets_no_time_comparison():
    nobody = SimpleNamespace(name="Ana", zone=None)
    cal = strict(partner_feed("c1", BEN, nobody, plan=weekly_plan(), video_url=VIDEO, now=NOW))
    assert str(event(cal, "call-0.")["DESCRIPTION"]) == f"Join: {VIDEO}"


def test_a_call_needs_the_other_partner():
    """A standing call left in the data after a partner unlinked is no event (it used to raise)."""
    assert feed_events("c1", BEN, None, plan=weekly_plan()) == []


def test_each_call_carries_a_display_alarm_fifteen_minutes_before_and_nothing_else_does(icaljs_node):
    """The standing call's alarm, as icalendar and ical.js (an independent parser) read it;
    visits and rituals are information, not appointments to be woken for."""
    london = ZoneInfo("Europe/London")
    nightly = Ritual("Europe/London", datetime(2025, 1, 6, 21, 30, tzinfo=london),
                     datetime(2025, 2, 28, tzinfo=UTC), "FREQ=WEEKLY;BYDAY=MO", timedelta(minutes=10))
    ics = partner_feed("c1", ANA, BEN, plan=weekly_plan(), visits=visits(), rituals=[nightly], now=NOW)
    cal = strict(ics)
    [alarm] = event(cal, "call-0.").walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"]) == "Call with Ben"
    assert alarm["TRIGGER"].dt == timedelta(minutes=-15)
    for other in ("visit-", "ritual-"):
        assert not event(cal, other).walk("VALARM")
    read = {e["uid"]: e["alarms"] for e in icaljs_events(icaljs_node, ics, NOW, NOW + timedelta(days=60))}
    assert read["call-0.c1@closer"] == [{"action": "DISPLAY", "trigger": "-PT15M"}]
    assert read["visit-20250418.c1@closer"] == [] and read["ritual-nightly.c1@closer"] == []
