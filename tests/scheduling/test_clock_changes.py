"""Offset changes between two partners' zones."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import difference_periods, offset_changes, offset_difference

UTC = timezone.utc
ZONES = st.sampled_from(sorted(zoneinfo.available_timezones()))
Y2025, Y2026 = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)


def u(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_us_eu_mismatch_weeks():
    changes = offset_changes("Europe/London", "America/New_York", Y2025, Y2026)
    assert [(c.at, c.before_minutes, c.after_minutes, c.moved) for c in changes] == [
        (u(2025, 3, 9, 7), 300, 240, ("America/New_York",)),
        (u(2025, 3, 30, 1), 240, 300, ("Europe/London",)),
        (u(2025, 10, 26, 1), 300, 240, ("Europe/London",)),
        (u(2025, 11, 2, 6), 240, 300, ("America/New_York",)),
    ]
    assert [c.delta_minutes for c in changes] == [-60, 60, -60, 60]


def test_each_partner_gets_their_own_local_date():
    # Sydney leaves DST at 03:00 AEDT on Sunday 6 April = 16:00 UTC Saturday 5 April.
    (april,) = [c for c in offset_changes("Europe/London", "Australia/Sydney", Y2025, Y2026) if c.at.month == 4]
    assert (april.date_a, april.date_b) == (date(2025, 4, 5), date(2025, 4, 6))
    assert (april.before_minutes, april.after_minutes) == (-600, -540)


def test_southern_and_northern_changes_interleave():
    changes = offset_changes("Europe/London", "Australia/Sydney", Y2025, Y2026)
    assert [(c.at.date(), c.after_minutes // 60) for c in changes] == [
        (date(2025, 3, 30), -10), (date(2025, 4, 5), -9), (date(2025, 10, 4), -10), (date(2025, 10, 26), -11)]


def test_lord_howe_moves_by_half_an_hour():
    changes = offset_changes("Australia/Lord_Howe", "UTC", Y2025, Y2026)
    assert [(c.before_minutes, c.after_minutes) for c in changes] == [(660, 630), (630, 660)]


def test_zones_that_move_together_never_change_their_difference():
    assert offset_changes("Europe/London", "Europe/Paris", Y2025, Y2026) == []
    assert offset_changes("America/New_York", "America/New_York", Y2025, Y2026) == []
    assert offset_difference("Asia/Kathmandu", "Asia/Kolkata", u(2025, 6, 1)) == 15


def test_dates_are_taken_as_utc_midnight():
    assert len(offset_changes("Europe/London", "America/New_York", date(2025, 3, 1), date(2025, 4, 1))) == 2


def test_difference_periods_tile_the_range():
    periods = difference_periods("America/Los_Angeles", "Asia/Kolkata", Y2025, Y2026)
    assert [(p.start, p.end, p.minutes) for p in periods] == [
        (Y2025, u(2025, 3, 9, 10), -810), (u(2025, 3, 9, 10), u(2025, 11, 2, 9), -750), (u(2025, 11, 2, 9), Y2026, -810)]


def test_difference_periods_keep_sub_second_bounds():
    """Regression: the periods once started at the whole second before ``start``."""
    start = datetime(2024, 1, 1, 0, 0, 0, 1, tzinfo=UTC)
    (only,) = difference_periods("Africa/Abidjan", "Africa/Abidjan", start, start + timedelta(days=1))
    assert (only.start, only.end, only.minutes) == (start, start + timedelta(days=1), 0)


@settings(max_examples=80, deadline=None)
@given(zone_a=ZONES, zone_b=ZONES, start=st.datetimes(datetime(2024, 1, 1), datetime(2027, 1, 1), timezones=st.just(UTC)),
       days=st.integers(1, 500))
def test_changes_agree_with_zoneinfo(zone_a, zone_b, start, days):
    end = start + timedelta(days=days)
    za, zb = zoneinfo.ZoneInfo(zone_a), zoneinfo.ZoneInfo(zone_b)

    def diff(t: datetime) -> int:
        return int((t.astimezone(za).utcoffset() - t.astimezone(zb).utcoffset()).total_seconds()) // 60
    changes = offset_changes(zone_a, zone_b, start, end)
    for c in changes:
        assert start < c.at <= end
        assert diff(c.at - timedelta(seconds=1)) == c.before_minutes != c.after_minutes == diff(c.at)
        assert c.date_a == c.at.astimezone(za).date() and c.date_b == c.at.astimezone(zb).date()
    periods = difference_periods(zone_a, zone_b, start, end)
    assert periods[0].start == start and periods[-1].end == end
    for p, q in zip(periods, periods[1:]):
        assert p.end == q.start and p.minutes != q.minutes
    # Between changes nothing moves: sample every day at the period's own pace.
    for p in periods:
        t = p.start
        while t < p.end:
            assert diff(t) == p.minutes
            t += timedelta(hours=23)
