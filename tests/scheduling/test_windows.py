"""Parsing weekly windows and quiet hours: specs, errors, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import QuietHours, WeeklyWindows, Window, WindowSpecError


def days_of(spec: str) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for w in WeeklyWindows.parse(spec).windows:
        out.setdefault(w.weekday, []).append((w.start, w.end))
    return out


def test_issue_example():
    got = days_of("Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00")
    assert got == {**{d: [(1080, 1350)] for d in range(5)}, 5: [(540, 1380)], 6: [(540, 1380)]}


def test_window_crossing_midnight_ends_the_next_day():
    assert days_of("Fri 22:00-01:00") == {4: [(1320, 1500)]}


def test_day_lists_ranges_and_groups():
    assert sorted(days_of("Mon,Wed,Fri 07:00-08:00")) == [0, 2, 4]
    assert sorted(days_of("Fri-Mon 07:00-08:00")) == [0, 4, 5, 6]  # wraps around Sunday
    assert sorted(days_of("weekdays 07:00-08:00")) == [0, 1, 2, 3, 4]
    assert sorted(days_of("weekends 07:00-08:00; daily 20:00-21:00")) == list(range(7))
    assert days_of("Tuesday 7-8:30 & 19:00-21:00") == {1: [(420, 510), (1140, 1260)]}
    assert days_of("sat 09:00 - 24:00") == {5: [(540, 1440)]}


@pytest.mark.parametrize("spec, part, reason", [
    ("Mon 18:00", "Mon 18:00", "time ranges"),
    ("Funday 10:00-11:00", "funday", "unknown day"),
    ("Mon 25:00-26:00", "25:00-26:00", "not a time of day"),
    ("Mon 10:61-11:00", "10:61-11:00", "not a time of day"),
    ("Mon 10:00-10:00", "10:00-10:00", "empty"),
    ("Mon 10:00-11:00, Tue", "Tue", "days without a time range"),
    ("Mon 10:00-11:00 soon", "Mon 10:00-11:00 soon", "time ranges"),
    ("", "", "empty"),
])
def test_bad_specs_name_the_offending_part(spec, part, reason):
    with pytest.raises(WindowSpecError) as info:
        WeeklyWindows.parse(spec)
    assert isinstance(info.value, ValueError)
    assert info.value.part == part and info.value.spec == spec
    assert reason in info.value.reason


@settings(max_examples=200, deadline=None)
@given(st.from_type(WeeklyWindows))
def test_text_form_round_trips(windows):
    assert WeeklyWindows.parse(str(windows)) == windows


def test_widened_moves_a_start_before_midnight_to_the_previous_day():
    w = WeeklyWindows.parse("Mon 00:30-02:00").widened((0,), earlier=60, later=15)
    assert w.windows == (Window(6, 1410, 1575),)  # Sun 23:30 - Mon 02:15


class TestQuietHours:
    def test_default_is_nine_pm_to_eight_am(self):
        q = QuietHours.parse(None)
        assert (q.start, q.end) == (21 * 60, 8 * 60) and str(q) == "21:00-08:00"
        assert q.is_quiet_minute(21 * 60) and q.is_quiet_minute(7 * 60 + 59)
        assert not q.is_quiet_minute(8 * 60) and not q.is_quiet_minute(20 * 60 + 59)

    def test_daytime_quiet_hours(self):
        q = QuietHours.parse("13:00-14:30")
        assert q.is_quiet_minute(13 * 60) and not q.is_quiet_minute(14 * 60 + 30)

    def test_none_means_never_quiet(self):
        q = QuietHours.parse("none")
        assert q.as_windows() is None and not any(q.is_quiet_minute(m) for m in range(1440))

    @pytest.mark.parametrize("spec", ["21:00", "00:00-24:00", "9pm-8am", "21:00-21:00"])
    def test_bad_quiet_hours(self, spec):
        with pytest.raises(WindowSpecError):
            QuietHours.parse(spec)


# --- Setting some days' windows (what a partner says by voice: "on weekdays I'm free from 7 to 10") ---

def test_with_days_replaces_only_the_days_named():
    windows = WeeklyWindows.parse("Mon-Fri 18:00-22:30, Sat-Sun 09:00-22:30").with_days(range(5), 7 * 60, 9 * 60)
    assert str(windows) == "Mon-Fri 07:00-09:00, Sat-Sun 09:00-22:30"


def test_with_days_drops_every_window_of_a_named_day_and_crosses_midnight():
    windows = WeeklyWindows.parse("Sat 07:00-09:00 18:00-20:00, Sun 10:00-12:00").with_days([5], 22 * 60, 60)
    assert days_of(str(windows)) == {5: [(1320, 1500)], 6: [(600, 720)]}
    assert str(WeeklyWindows.parse("Mon 07:00-08:00").with_days([0], 19 * 60, 0)) == "Mon 19:00-24:00"


@pytest.mark.parametrize("days,start,end", [([], 60, 120), ([7], 60, 120), ([0], 60, 60), ([0], -1, 60),
                                             ([0], 60, 1441)])
def test_with_days_refuses_what_is_not_a_window(days, start, end):
    with pytest.raises(WindowSpecError):
        WeeklyWindows.parse("Mon 07:00-08:00").with_days(days, start, end)


@settings(max_examples=200, deadline=None)
@given(days=st.sets(st.integers(0, 6), min_size=1), start=st.integers(0, 1439), end=st.integers(0, 1440))
def test_with_days_keeps_other_days_and_gives_named_days_exactly_the_new_window(days, start, end):
    if start == end:
        return
    before = WeeklyWindows.parse("Mon-Fri 18:00-22:30, Sat-Sun 09:00-22:30")
    after = before.with_days(days, start, end)
    expected_end = end if end > start else end + 1440
    for weekday in range(7):
        mine = [(w.start, w.end) for w in after.windows if w.weekday == weekday]
        if weekday in days:
            assert mine == [(start, expected_end)]
        else:
            assert mine == [(w.start, w.end) for w in before.windows if w.weekday == weekday]
    assert WeeklyWindows.parse(str(after)) == after  # it can be stored as text and read back
