"""Zone arithmetic against ``zoneinfo`` itself, over every IANA zone."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling import Partner, UnknownZone, WindowSpecError, get_zone
from scheduling.intervals import complement, intersect
from scheduling.zones import ZoneOffsets, naive_seconds, transitions

UTC = timezone.utc
ZONES = st.sampled_from(sorted(zoneinfo.available_timezones()))
# fold=0: hypothesis also draws fold=1, and the oracle below is zoneinfo's fold=0 reading.
NAIVE = st.datetimes(datetime(2023, 1, 1), datetime(2028, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, fold=0))


def seconds(dt: datetime) -> int:
    return int(dt.replace(tzinfo=UTC).timestamp())


@settings(max_examples=300, deadline=None)
@given(zone=ZONES, wall=NAIVE)
def test_wall_to_utc_matches_zoneinfo_fold_0(zone, wall):
    """Gap and fold resolution is exactly RFC 5545 / PEP 495 ``fold=0``."""
    offsets = ZoneOffsets(zone, seconds(wall) - 86400, seconds(wall) + 86400)
    expected = int(wall.replace(tzinfo=zoneinfo.ZoneInfo(zone)).timestamp())
    assert offsets.wall_to_utc(seconds(wall)) == expected


@settings(max_examples=40, deadline=None)
@given(zone=ZONES, wall=NAIVE, hours=st.integers(1, 30))
def test_preimage_is_exactly_the_instants_with_that_wall_time(zone, wall, hours):
    a, b = seconds(wall), seconds(wall) + hours * 3600
    offsets = ZoneOffsets(zone, a - 86400, b + 86400)
    spans = offsets.preimage(a, b)
    assert all(s < e for s, e in spans) and all(s1[1] <= s2[0] for s1, s2 in zip(spans, spans[1:]))
    tz = zoneinfo.ZoneInfo(zone)
    t = a - 16 * 3600
    while t < b + 16 * 3600:
        local = datetime.fromtimestamp(t, tz).replace(tzinfo=None)
        inside = wall <= local < wall + timedelta(hours=hours)
        assert inside == any(s <= t < e for s, e in spans), (zone, datetime.fromtimestamp(t, UTC))
        t += 60


def test_transitions_lord_howe_half_hour_dst():
    lo, hi = naive_seconds(2025, 1, 1), naive_seconds(2026, 1, 1)
    got = [(datetime.fromtimestamp(t.at, UTC), t.before // 60, t.after // 60)
           for t in transitions("Australia/Lord_Howe", lo, hi)]
    assert got == [(datetime(2025, 4, 5, 15, 0, tzinfo=UTC), 660, 630),
                   (datetime(2025, 10, 4, 15, 30, tzinfo=UTC), 630, 660)]


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Asia/Kolkata", "Asia/Tokyo", "UTC", "America/Sao_Paulo"])
def test_zones_without_dst_have_no_transitions(zone):
    assert transitions(zone, naive_seconds(2025, 1, 1), naive_seconds(2027, 1, 1)) == []


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "America", None, "/etc/localtime",
                                  ["Europe/London"]])
def test_unknown_zone_is_a_value_error_with_the_name(name):
    with pytest.raises(UnknownZone) as info:
        get_zone(name)
    assert isinstance(info.value, ValueError) and info.value.zone == name


def test_partner_validates_its_zone_and_windows():
    with pytest.raises(UnknownZone):
        Partner("Ana", "Europe/Londres", "daily 09:00-17:00")
    with pytest.raises(WindowSpecError) as info:
        Partner("Ana", "Europe/London", "Mon 9-")
    assert info.value.part == "Mon 9-"
    ana = Partner("Ana", "Europe/London", "daily 09:00-17:00", "22:00-07:00")
    assert str(ana.quiet) == "22:00-07:00" and ana.tz.key == "Europe/London"


def test_interval_helpers():
    assert intersect([(0, 5), (10, 20)], [(3, 12), (15, 16)]) == [(3, 5), (10, 12), (15, 16)]
    assert complement([(0, 5), (10, 20)], 2, 30) == [(5, 10), (20, 30)]
    assert complement([], 0, 3) == [(0, 3)]
