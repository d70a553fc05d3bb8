"""Visit timeline: validation, countdowns on each partner's own date, gaps."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import Timeline, UnknownZone, Visit, VisitError, VisitOverlap

UTC = timezone.utc


def v(start: str, end: str, who: str = "Ana", **kw) -> Visit:
    return Visit(date.fromisoformat(start), date.fromisoformat(end), who, **kw)


SPRING = v("2025-03-01", "2025-03-08")
MAY = v("2025-05-10", "2025-05-17", "Ben", where="Lisbon")
JULY = v("2025-07-20", "2025-07-20")


class TestValidation:
    def test_end_before_start(self):
        with pytest.raises(VisitError) as info:
            v("2025-03-08", "2025-03-01")
        assert isinstance(info.value, ValueError) and info.value.visit.traveler == "Ana"

    def test_overlap_names_both_visits(self):
        with pytest.raises(VisitOverlap) as info:
            Timeline([MAY, SPRING, v("2025-03-08", "2025-03-10", "Ben")])
        assert (info.value.first, info.value.second) == (SPRING, v("2025-03-08", "2025-03-10", "Ben"))

    def test_naive_arrival_needs_a_zone_and_zone_must_exist(self):
        with pytest.raises(VisitError):
            v("2025-03-01", "2025-03-02", arrival=datetime(2025, 3, 1, 9, 30))
        with pytest.raises(UnknownZone):
            v("2025-03-01", "2025-03-02", arrival=datetime(2025, 3, 1, 9, 30), arrival_zone="Lisbon")

    def test_datetimes_are_not_dates(self):
        with pytest.raises(VisitError):
            Visit(datetime(2025, 3, 1), date(2025, 3, 2), "Ana")

    def test_visits_are_sorted(self):
        assert Timeline([JULY, SPRING, MAY]).visits == (SPRING, MAY, JULY)


class TestCountdown:
    tl = Timeline([SPRING, MAY, JULY])

    def test_days_until_on_each_partner_local_date(self):
        now = datetime(2025, 5, 9, 15, 0, tzinfo=UTC)  # already 10 May in Sydney
        london = self.tl.days_until_next(now, "Europe/London")
        sydney = self.tl.days_until_next(now, "Australia/Sydney")
        assert (london.days, london.ongoing, london.visit) == (1, False, MAY)
        assert (sydney.days, sydney.ongoing, sydney.day_number, sydney.days_left) == (0, True, 1, 8)
        assert sydney.starts_today and not london.starts_today  # the first day comes sooner in Sydney

    def test_visit_starting_today_counts_as_zero(self):
        c = self.tl.days_until_next(datetime(2025, 7, 20, 8, 0, tzinfo=UTC), "Europe/Berlin")
        assert (c.days, c.ongoing, c.day_number, c.days_left) == (0, True, 1, 1)
        assert c.starts_today

    def test_ongoing_visit_reports_its_day(self):
        c = self.tl.days_until_next(datetime(2025, 3, 4, 12, 0, tzinfo=UTC), "America/New_York")
        assert (c.visit, c.days, c.day_number, c.days_left) == (SPRING, 0, 4, 5)
        assert not c.starts_today

    def test_after_the_last_visit_there_is_none(self):
        assert self.tl.days_until_next(datetime(2025, 7, 21, 12, 0, tzinfo=UTC), "UTC") is None

    def test_across_the_spring_forward_night(self):
        # 30 March 2025 is 23 hours long in London; still exactly one day later.
        tl = Timeline([v("2025-03-31", "2025-04-02")])
        assert tl.days_until_next(datetime(2025, 3, 29, 23, 30, tzinfo=UTC), "Europe/London").days == 2
        assert tl.days_until_next(datetime(2025, 3, 30, 23, 30, tzinfo=UTC), "Europe/London").days == 0

    def test_naive_now_is_rejected(self):
        with pytest.raises(ValueError):
            self.tl.days_until_next(datetime(2025, 3, 4), "UTC")

    def test_time_until_arrival_uses_the_arrival_zone(self):
        tl = Timeline([v("2025-06-01", "2025-06-05", arrival=datetime(2025, 6, 1, 9, 30),
                         arrival_zone="Asia/Kathmandu")])
        # 09:30 in Kathmandu (+05:45) is 03:45 UTC.
        assert tl.time_until_arrival(datetime(2025, 6, 1, 0, 45, tzinfo=UTC)) == timedelta(hours=3)
        assert tl.time_until_arrival(datetime(2025, 6, 1, 4, 0, tzinfo=UTC)) is None


class TestGapsAndSuggestions:
    def test_gaps(self):
        tl = Timeline([SPRING, MAY, JULY])
        assert tl.gaps() == [63, 64] and tl.longest_gap() == 64 and tl.average_gap() == 63.5
        assert Timeline([SPRING]).longest_gap() is None and Timeline([]).average_gap() is None

    def test_suggest_next_keeps_the_gap_under_target(self):
        tl = Timeline([SPRING, MAY])
        got = tl.suggest_next(datetime(2025, 5, 20, tzinfo=UTC), "Europe/London", target_gap_days=42)
        assert got == date(2025, 6, 27) and (got - MAY.end).days < 42

    def test_overdue_suggests_today_and_empty_timeline_too(self):
        now = datetime(2025, 12, 1, 23, 30, tzinfo=UTC)
        assert Timeline([SPRING]).suggest_next(now, "Asia/Tokyo") == date(2025, 12, 2)
        assert Timeline([]).suggest_next(now, "Europe/London") == date(2025, 12, 1)

    def test_closing_the_distance(self):
        tl = Timeline([SPRING], closing_date=date(2025, 4, 1))
        now = datetime(2025, 3, 20, 12, tzinfo=UTC)
        assert tl.days_until_closing(now, "Europe/London") == 12
        assert tl.suggest_next(now, "Europe/London") is None  # together before another visit is due
        assert Timeline([SPRING]).days_until_closing(now, "UTC") is None

    def test_target_must_be_positive(self):
        with pytest.raises(VisitError):
            Timeline([SPRING]).suggest_next(datetime(2025, 1, 1, tzinfo=UTC), "UTC", target_gap_days=0)


@st.composite
def timelines(draw):
    visits, day = [], date(2025, 1, 1)
    for _ in range(draw(st.integers(0, 6))):
        day += timedelta(days=draw(st.integers(1, 90)))
        end = day + timedelta(days=draw(st.integers(0, 20)))
        visits.append(Visit(day, end, draw(st.sampled_from(["Ana", "Ben"]))))
        day = end
    return visits


@settings(max_examples=100, deadline=None)
@given(visits=timelines(), now=st.datetimes(datetime(2025, 1, 1), datetime(2027, 1, 1), timezones=st.just(UTC)),
       zone=st.sampled_from(["Pacific/Kiritimati", "Pacific/Niue", "Europe/London", "Asia/Kathmandu"]),
       target=st.integers(1, 120))
def test_timeline_properties(visits, now, zone, target):
    tl = Timeline(reversed(visits))
    countdown = tl.days_until_next(now, zone)
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    if countdown is None:
        assert all(x.end < today for x in visits)
    else:
        assert countdown.visit.start == today + timedelta(days=countdown.days) or countdown.ongoing
        assert not any(x.start <= today <= x.end for x in visits) or countdown.ongoing
        assert all(x.end < today or x.start >= countdown.visit.start for x in visits)
    assert len(tl.gaps()) == max(0, len(visits) - 1) and all(g >= 1 for g in tl.gaps())
    suggestion = tl.suggest_next(now, zone, target)
    assert suggestion >= today
    if visits and suggestion > today:
        assert (suggestion - max(x.end for x in visits)).days == target - 1
