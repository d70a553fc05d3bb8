"""Nudge timing: sender's waking window, receiver's quiet hours, each on their
own wall clock, across clock changes and arbitrary zone pairs."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.nudge_timing import first_decent_time, is_decent_hour, next_nudge_time
from scheduling.windows import QuietHours, WeeklyWindows

UTC = timezone.utc
ZONES = st.sampled_from(sorted(zoneinfo.available_timezones()))
INSTANTS = st.datetimes(datetime(2024, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC))
DAYSETS = st.none() | st.frozensets(st.integers(0, 6), min_size=1)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _suitable(oracle, t, *, sender_zone, windows, receiver_zone, quiet, days, avoid) -> bool:
    local_day = t.astimezone(zoneinfo.ZoneInfo(sender_zone)).date()
    return (oracle.in_windows(windows, sender_zone, t)
            and not oracle.is_quiet(quiet, receiver_zone, t)
            and (days is None or local_day.weekday() in days)
            and not (avoid and avoid(local_day)))


@FAST
@given(after=INSTANTS, sender_zone=ZONES, receiver_zone=ZONES, windows=st.from_type(WeeklyWindows),
       quiet=st.from_type(QuietHours), days=DAYSETS, seed=st.sampled_from(["", "a", "couple-7"]))
def test_result_never_in_quiet_hours_nor_outside_sender_window(oracle, after, sender_zone, receiver_zone,
                                                               windows, quiet, days, seed):
    got = next_nudge_time(after, sender_zone=sender_zone, sender_windows=windows,
                          receiver_zone=receiver_zone, receiver_quiet=quiet, days=days, seed=seed)
    if got is None:
        return
    assert after < got <= after + timedelta(days=14)
    assert got.tzinfo is not None and got.utcoffset() == timedelta(0)
    assert got.second == 0 and got.microsecond == 0
    assert _suitable(oracle, got, sender_zone=sender_zone, windows=windows, receiver_zone=receiver_zone,
                     quiet=quiet, days=days, avoid=None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(after=INSTANTS, sender_zone=ZONES, receiver_zone=ZONES, windows=st.from_type(WeeklyWindows),
       quiet=st.from_type(QuietHours), days=DAYSETS)
def test_unseeded_result_is_the_earliest_suitable_minute(oracle, after, sender_zone, receiver_zone,
                                                         windows, quiet, days):
    """Brute force over every whole minute: nothing suitable comes earlier, and
    None means nothing suitable in the next 14 days at all."""
    got = next_nudge_time(after, sender_zone=sender_zone, sender_windows=windows,
                          receiver_zone=receiver_zone, receiver_quiet=quiet, days=days)
    t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    stop = got if got is not None else after + timedelta(days=14)
    while t < stop:
        assert not _suitable(oracle, t, sender_zone=sender_zone, windows=windows,
                             receiver_zone=receiver_zone, quiet=quiet, days=days, avoid=None), t
        t += timedelta(minutes=1)


def test_avoid_dates_skips_standing_call_days():
    sundays_with_call = lambda d: d.weekday() == 6  # noqa: E731 - the point of the test
    got = next_nudge_time(utc(2025, 6, 7, 22, 0), sender_zone="Europe/London",
                          sender_windows=WeeklyWindows.parse("Sat-Sun 09:00-23:00, Mon 18:00-22:00"),
                          receiver_zone="Europe/Berlin", receiver_quiet=QuietHours(),
                          avoid_dates=sundays_with_call)
    # Saturday 23:00 BST is past the window; Sunday is avoided; Monday 18:00 BST.
    assert got == utc(2025, 6, 9, 17, 0)


def test_days_filter_uses_the_sender_local_weekday():
    # 23:30 Sunday in Auckland is still Sunday there, though Sunday 10:30 UTC.
    got = next_nudge_time(utc(2025, 6, 1, 0, 0), sender_zone="Pacific/Auckland",
                          sender_windows=WeeklyWindows.parse("daily 07:00-23:45"),
                          receiver_zone="Pacific/Auckland", receiver_quiet=QuietHours.parse("none"),
                          days=frozenset({0}))
    assert got == utc(2025, 6, 1, 19, 0)  # Monday 07:00 NZST
    assert got.astimezone(zoneinfo.ZoneInfo("Pacific/Auckland")).weekday() == 0


def test_us_eu_mismatch_week_shifts_the_first_decent_minute():
    """New York sender 06:00-09:00, London receiver awake from 08:00 (quiet 21-08).

    Usually London is 5 h ahead: NY 06:00 is 11:00 London, fine.  The result's
    UTC hour moves with New York's clock change on 9 March 2025, not London's.
    """
    kwargs = dict(sender_zone="America/New_York", sender_windows=WeeklyWindows.parse("daily 06:00-09:00"),
                  receiver_zone="Europe/London", receiver_quiet=QuietHours())
    assert next_nudge_time(utc(2025, 3, 8, 0, 0), **kwargs) == utc(2025, 3, 8, 11, 0)   # EST
    assert next_nudge_time(utc(2025, 3, 10, 0, 0), **kwargs) == utc(2025, 3, 10, 10, 0)  # EDT


def test_receiver_quiet_hours_follow_the_receiver_clock_change():
    """Sydney sender, London receiver, 6 April 2025: Sydney leaves DST (+11 -> +10)."""
    kwargs = dict(sender_zone="Australia/Sydney", sender_windows=WeeklyWindows.parse("daily 17:00-23:00"),
                  receiver_zone="Europe/London", receiver_quiet=QuietHours.parse("22:00-08:00"))
    # Sydney 17:00 AEDT = 06:00 UTC = 07:00 BST: London still quiet until 08:00 BST (07:00 UTC).
    assert next_nudge_time(utc(2025, 4, 4, 0, 0), **kwargs) == utc(2025, 4, 4, 7, 0)
    # After Sydney's change 17:00 AEST = 07:00 UTC = 08:00 BST: exactly when quiet ends.
    assert next_nudge_time(utc(2025, 4, 7, 0, 0), **kwargs) == utc(2025, 4, 7, 7, 0)


def test_returns_none_when_nothing_fits_for_fourteen_days():
    got = next_nudge_time(utc(2025, 1, 1), sender_zone="Asia/Tokyo",
                          sender_windows=WeeklyWindows.parse("daily 10:00-12:00"),
                          receiver_zone="America/New_York", receiver_quiet=QuietHours.parse("19:00-23:30"))
    assert got is None  # Tokyo 10-12 is 20:00-22:00 EST, always quiet


def test_strictly_after_even_on_a_window_edge():
    kwargs = dict(sender_zone="UTC", sender_windows=WeeklyWindows.parse("daily 18:00-19:00"),
                  receiver_zone="UTC", receiver_quiet=QuietHours())
    assert next_nudge_time(utc(2025, 1, 1, 18, 0), **kwargs) == utc(2025, 1, 1, 18, 1)
    assert next_nudge_time(utc(2025, 1, 1, 18, 58, 59), **kwargs) == utc(2025, 1, 1, 18, 59)
    assert next_nudge_time(utc(2025, 1, 1, 18, 59), **kwargs) == utc(2025, 1, 2, 18, 0)


def test_seed_spreads_deterministically_inside_the_span():
    kwargs = dict(sender_zone="Asia/Kolkata", sender_windows=WeeklyWindows.parse("daily 09:00-21:00"),
                  receiver_zone="Asia/Kathmandu", receiver_quiet=QuietHours())
    after = utc(2025, 5, 1, 0, 0)
    plain = next_nudge_time(after, **kwargs)
    seeded = {s: next_nudge_time(after, seed=s, **kwargs) for s in ("a", "b", "c", "d", "e", "f")}
    assert plain == utc(2025, 5, 1, 3, 30)  # 09:00 IST
    assert seeded == {s: next_nudge_time(after, seed=s, **kwargs) for s in seeded}
    assert all(plain <= t < plain + timedelta(minutes=90) for t in seeded.values())
    assert len(set(seeded.values())) > 1


class TestDecentHours:
    """``is_decent_hour`` / ``first_decent_time`` on ordinary, gap and fold nights."""

    def test_kathmandu_quarter_hour_offset(self):
        # 21:00 in Kathmandu (+05:45) is 15:15 UTC.
        assert is_decent_hour(utc(2025, 2, 1, 15, 14), "Asia/Kathmandu", QuietHours())
        assert not is_decent_hour(utc(2025, 2, 1, 15, 15), "Asia/Kathmandu", QuietHours())
        assert first_decent_time(utc(2025, 2, 1, 15, 15), "Asia/Kathmandu", QuietHours()) == utc(2025, 2, 2, 2, 15)

    def test_decent_instant_is_returned_unchanged(self):
        t = utc(2025, 2, 1, 12, 0, 30)
        assert first_decent_time(t, "Europe/Paris", QuietHours()) == t

    def test_quiet_ending_inside_the_spring_forward_gap(self):
        # New York 9 March 2025: 02:00 EST jumps to 03:00 EDT (07:00 UTC); quiet
        # until 02:30 ends when the wall clock first passes 02:30, i.e. at 03:00 EDT.
        quiet = QuietHours.parse("21:00-02:30")
        assert first_decent_time(utc(2025, 3, 9, 6, 30), "America/New_York", quiet) == utc(2025, 3, 9, 7, 0)

    def test_quiet_hours_repeat_in_the_fall_back_fold(self):
        # New York 2 Nov 2025: 01:00-02:00 happens twice (EDT, then EST from 06:00 UTC).
        quiet = QuietHours.parse("23:00-01:30")
        zone = "America/New_York"
        assert not is_decent_hour(utc(2025, 11, 2, 5, 10), zone, quiet)      # 01:10 EDT
        assert is_decent_hour(utc(2025, 11, 2, 5, 40), zone, quiet)          # 01:40 EDT
        assert not is_decent_hour(utc(2025, 11, 2, 6, 10), zone, quiet)      # 01:10 EST again
        assert first_decent_time(utc(2025, 11, 2, 6, 10), zone, quiet) == utc(2025, 11, 2, 6, 30)

    def test_no_quiet_hours(self):
        assert is_decent_hour(utc(2025, 1, 1, 3), "Europe/London", QuietHours.parse("none"))

    def test_naive_datetimes_are_rejected_with_the_parameter_name(self):
        with pytest.raises(ValueError) as info:
            first_decent_time(datetime(2025, 1, 1), "UTC", QuietHours())
        assert info.value.name == "after"


@pytest.mark.parametrize("zone", ["Australia/Lord_Howe", "Asia/Tokyo", "America/Sao_Paulo", "Pacific/Chatham"])
def test_first_decent_time_is_decent_and_minimal(zone):
    quiet = QuietHours()
    start = utc(2025, 1, 1)
    for hours in range(0, 24 * 400, 37):  # crosses Lord Howe's 30-minute changes
        t = start + timedelta(hours=hours)
        got = first_decent_time(t, zone, quiet)
        assert got >= t and is_decent_hour(got, zone, quiet)
        if got > t:
            assert not is_decent_hour(got - timedelta(minutes=1), zone, quiet)
