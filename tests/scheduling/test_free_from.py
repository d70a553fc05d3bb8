"""`Partner.free_from`: when a partner's free hours next begin, on their own clock, through
clock changes in both hemispheres ("is it a good time to call Ana?")."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import Partner

UTC = timezone.utc


def test_inside_the_windows_it_is_now():
    ana = Partner("Ana", "Europe/London", "Mon-Fri 18:00-22:30")
    now = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)  # Tuesday 19:00 in London
    assert ana.free_from(now) == now


def test_before_the_evening_it_is_that_evening_and_after_it_the_next_one():
    ana = Partner("Ana", "Europe/London", "Mon-Fri 18:00-22:30")
    assert ana.free_from(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)) == datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    # Friday 23:00: nothing at the weekend, so Monday evening.
    assert ana.free_from(datetime(2026, 11, 27, 23, 0, tzinfo=UTC)) == datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def test_the_wall_clock_is_kept_across_clock_changes_in_both_hemispheres():
    # London springs forward on 29 March 2026: 09:00 local is 08:00 UTC from then on.
    ana = Partner("Ana", "Europe/London", "Sun 09:00-12:00")
    assert ana.free_from(datetime(2026, 3, 28, 12, 0, tzinfo=UTC)) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    # Sydney falls back on 5 April 2026: 09:00 local is 23:00 UTC the day before from then on.
    kai = Partner("Kai", "Australia/Sydney", "Sun 09:00-12:00")
    assert kai.free_from(datetime(2026, 4, 4, 12, 0, tzinfo=UTC)) == datetime(2026, 4, 4, 23, 0, tzinfo=UTC)


ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Auckland",
         "America/Sao_Paulo", "Asia/Tokyo"]
SPECS = ["Mon-Fri 18:00-22:30, Sat-Sun 09:00-22:30", "Sat 23:00-02:00", "Mon,Wed 07:00-08:00", "Sun 00:30-01:30",
         "Mon-Sun 06:00-08:00 19:00-23:00"]


@settings(max_examples=150, deadline=None)
@given(zone=st.sampled_from(ZONES), spec=st.sampled_from(SPECS),
       instant=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)))
def test_free_from_is_the_first_free_instant(zone, spec, instant):
    partner = Partner("P", zone, spec)
    free = partner.free_from(instant)
    assert instant <= free < instant + timedelta(days=8)
    assert partner.contains(free)
    # Nothing earlier is free: checked every 15 minutes back to `instant`, and just before `free`.
    step = instant
    while step < free:
        assert not partner.contains(step)
        step += timedelta(minutes=15)
    if free > instant:
        assert not partner.contains(free - timedelta(seconds=1))
