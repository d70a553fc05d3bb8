"""DST matrix, dateutil style: every row starts from a UTC instant and asks
whether ``[instant, instant + minutes)`` is inside a wall-clock window.

Both hemispheres, half- and quarter-hour offsets, Lord Howe's 30-minute DST, a
zone without DST, gap hours (spring forward) and fold hours (fall back).  The
expected value of every row is also checked against the naive minute-by-minute
oracle, so a wrong table entry cannot hide a wrong implementation.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from scheduling import Partner, WeeklyWindows

UTC = timezone.utc


def u(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


MATRIX = [
    # zone, windows, instant (UTC), minutes, expected, why
    ("America/New_York", "Sun 00:00-01:30", u(2025, 11, 2, 5, 0), 30, True,
     "fall-back night: 01:00-01:30 EDT, first pass of the fold"),
    ("America/New_York", "Sun 00:00-01:30", u(2025, 11, 2, 5, 0), 60, False,
     "01:30-01:59 EDT is after the 01:30 window edge"),
    ("America/New_York", "Sun 00:00-01:30", u(2025, 11, 2, 6, 0), 30, True,
     "01:00-01:30 EST, second pass of the fold, still inside"),
    ("America/New_York", "Sun 00:00-01:30", u(2025, 11, 2, 6, 30), 1, False,
     "01:30 EST is past the edge again"),
    ("America/New_York", "Sun 00:00-01:30", u(2025, 11, 2, 4, 0), 90, True,
     "00:00-01:30 EDT"),
    ("America/New_York", "Sun 01:00-04:00", u(2025, 3, 9, 6, 0), 120, True,
     "spring-forward night: the 3-hour window lasts 2 real hours"),
    ("America/New_York", "Sun 01:00-04:00", u(2025, 3, 9, 6, 0), 150, False,
     "150 real minutes end at 04:30 EDT"),
    ("America/New_York", "Sun 02:00-04:00", u(2025, 3, 9, 7, 30), 30, True,
     "a call 'at 02:30' that night happens at 03:30 EDT (07:30 UTC), inside"),
    ("America/New_York", "Sun 02:00-04:00", u(2025, 3, 9, 6, 59), 2, False,
     "01:59 EST is before the window"),
    ("Europe/London", "Sun 00:30-01:30", u(2025, 3, 30, 0, 30), 30, True,
     "00:30-01:00 GMT, just before London's clocks go forward"),
    ("Europe/London", "Sun 00:30-01:30", u(2025, 3, 30, 0, 30), 31, False,
     "01:00 GMT becomes 02:00 BST: past 01:30"),
    ("Europe/London", "Sun 01:00-02:00", u(2025, 10, 26, 0, 0), 120, True,
     "01:00-02:00 happens twice in London on 26 Oct 2025 (BST then GMT)"),
    ("Australia/Sydney", "Sun 07:00-09:00", u(2025, 4, 5, 21, 0), 120, True,
     "first Sunday on AEST (+10): 07:00 is 21:00 UTC Saturday"),
    ("Australia/Sydney", "Sun 07:00-09:00", u(2025, 3, 29, 20, 0), 120, True,
     "the Sunday before, AEDT (+11): 07:00 is 20:00 UTC"),
    ("Australia/Sydney", "Sun 07:00-09:00", u(2025, 4, 5, 20, 0), 60, False,
     "20:00 UTC is 06:00 AEST after the change"),
    ("Australia/Sydney", "Sun 01:00-04:00", u(2025, 10, 4, 15, 0), 120, True,
     "southern spring forward (02:00 -> 03:00): 3-hour window lasts 2 hours"),
    ("Asia/Kolkata", "daily 07:00-09:00", u(2025, 7, 1, 1, 30), 120, True, "+05:30: 07:00 is 01:30 UTC"),
    ("Asia/Kolkata", "daily 07:00-09:00", u(2025, 7, 1, 1, 15), 30, False, "06:45 IST"),
    ("America/Los_Angeles", "daily 18:00-21:00", u(2025, 1, 15, 2, 0), 180, True, "PST: 18:00 is 02:00 UTC"),
    ("America/Los_Angeles", "daily 18:00-21:00", u(2025, 7, 15, 2, 0), 180, False, "PDT: 02:00 UTC is 19:00"),
    ("America/Los_Angeles", "daily 18:00-21:00", u(2025, 7, 15, 1, 0), 180, True, "PDT: 18:00 is 01:00 UTC"),
    ("Asia/Kathmandu", "Mon 20:00-21:00", u(2025, 2, 3, 14, 15), 60, True, "+05:45: 20:00 is 14:15 UTC"),
    ("Asia/Kathmandu", "Mon 20:00-21:00", u(2025, 2, 3, 14, 0), 60, False, "19:45 NPT"),
    ("Australia/Lord_Howe", "Sun 01:45-03:00", u(2025, 10, 4, 15, 15), 45, True,
     "Lord Howe springs forward only 30 minutes (02:00 -> 02:30)"),
    ("Australia/Lord_Howe", "Sun 01:45-03:00", u(2025, 10, 4, 15, 15), 60, False,
     "60 real minutes end at 03:15 LHDT"),
    ("Australia/Lord_Howe", "Sun 01:30-02:00", u(2025, 4, 5, 14, 30), 60, True,
     "Lord Howe falls back 30 minutes: 01:30-02:00 twice"),
    ("Asia/Tokyo", "Sat 10:00-12:00", u(2025, 1, 4, 1, 0), 120, True, "no DST: 01:00 UTC in winter"),
    ("Asia/Tokyo", "Sat 10:00-12:00", u(2025, 7, 5, 1, 0), 120, True, "and 01:00 UTC in summer"),
    ("Europe/Berlin", "Fri 22:00-01:00", u(2025, 6, 6, 21, 30), 90, True, "crosses midnight: 23:30-01:00 CEST"),
    ("Europe/Berlin", "Fri 22:00-01:00", u(2025, 6, 6, 22, 30), 31, False, "00:30-01:01 CEST"),
    ("Pacific/Chatham", "Sat 09:00-10:00", u(2025, 1, 3, 19, 15), 60, True, "+13:45 in January"),
]


@pytest.mark.parametrize("zone, spec, instant, minutes, expected, why", MATRIX,
                         ids=[f"{r[0]}-{r[2]:%Y%m%dT%H%M}-{r[3]}m" for r in MATRIX])
def test_contains(oracle, zone, spec, instant, minutes, expected, why):
    partner = Partner("P", zone, spec)
    assert partner.contains(instant, timedelta(minutes=minutes)) is expected, why
    assert oracle.span_in_windows(WeeklyWindows.parse(spec), zone, instant, minutes) is expected, why


def test_contains_takes_any_aware_instant_not_only_utc():
    partner = Partner("P", "Asia/Tokyo", "Sat 10:00-12:00")
    tokyo = datetime(2025, 1, 4, 10, 0, tzinfo=partner.tz)
    assert partner.contains(tokyo, timedelta(hours=2))
    assert partner.contains(tokyo + timedelta(minutes=119))
    assert not partner.contains(tokyo + timedelta(minutes=120))  # windows are half-open
