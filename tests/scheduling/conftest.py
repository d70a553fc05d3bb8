"""Shared helpers for the scheduling tests: a deliberately naive wall-clock
oracle (minute by minute, through ``datetime.astimezone`` only) to check the
span arithmetic of :mod:`scheduling` against, exposed as the ``oracle``
fixture; and hypothesis strategies registered for the window types, so tests
draw them with ``st.from_type(WeeklyWindows)`` / ``st.from_type(QuietHours)``."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import strategies as st

from scheduling.windows import DAY, QuietHours, WeeklyWindows, Window
from tests.support.icaljs import icaljs_node  # noqa: F401  (a fixture for the ical.js cross-checks)

UTC = timezone.utc
ALL_ZONES = sorted(zoneinfo.available_timezones())


def wall_in_windows(windows: WeeklyWindows, zone: str, instant: datetime) -> bool:
    """Does the wall clock in ``zone`` read inside one of ``windows`` at ``instant``?"""
    local = instant.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
    for w in windows.windows:
        for back in range(0, 1 + (w.end - 1) // DAY + 1):
            day = local.date() - timedelta(days=back)
            if day.weekday() != w.weekday:
                continue
            start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=w.start)
            if start <= local < start + timedelta(minutes=w.end - w.start):
                return True
    return False


def span_in_windows(windows: WeeklyWindows, zone: str, start: datetime, minutes: int) -> bool:
    """Every minute of the real interval ``[start, start + minutes)`` is inside.

    Minute steps are exact here because every window edge and every modern
    offset transition falls on a whole minute.
    """
    return all(wall_in_windows(windows, zone, start + timedelta(minutes=k)) for k in range(minutes))


def wall_is_quiet(quiet: QuietHours, zone: str, instant: datetime) -> bool:
    """Is the wall clock in ``zone`` inside the quiet hours at ``instant``?"""
    local = instant.astimezone(zoneinfo.ZoneInfo(zone))
    return quiet.is_quiet_minute(local.hour * 60 + local.minute)


@pytest.fixture(scope="session")
def oracle():
    """The wall-clock oracle functions, as a namespace."""
    class Oracle:
        in_windows = staticmethod(wall_in_windows)
        span_in_windows = staticmethod(span_in_windows)
        is_quiet = staticmethod(wall_is_quiet)
    return Oracle


@st.composite
def weekly_windows(draw, min_minutes: int = 30) -> WeeklyWindows:
    """Random windows: 1-4 groups of days, each with one quarter-hour range
    (possibly crossing midnight), round-tripped through the spec parser."""
    windows = []
    for _ in range(draw(st.integers(1, 4))):
        days = draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
        start = draw(st.integers(0, 95)) * 15
        length = draw(st.integers(max(1, min_minutes // 15), 64)) * 15
        windows.extend(Window(d, start, start + length) for d in days)
    parsed = WeeklyWindows(tuple(windows))
    return WeeklyWindows.parse(str(parsed))


@st.composite
def quiet_hours(draw) -> QuietHours:
    """Random quiet hours on the quarter hour (never the whole day)."""
    start = draw(st.integers(0, 95)) * 15
    length = draw(st.integers(1, 60)) * 15
    return QuietHours(start, (start + length) % DAY)


st.register_type_strategy(WeeklyWindows, weekly_windows())
st.register_type_strategy(QuietHours, quiet_hours())
