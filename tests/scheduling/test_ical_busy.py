"""read_busy: a partner's own calendar -> busy intervals in UTC, text-free."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from scheduling.ical import BusyCalendarError, BusyInterval, read_busy

UTC = timezone.utc
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def wrap(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR", ""]
    return "\r\n".join(body).encode()


def test_partner_calendar_fixture():
    ics = (FIXTURES / "busy_partner_calendar.ics").read_bytes()
    busy = read_busy(ics, at(2025, 3, 24), at(2025, 4, 3), zone="Europe/Lisbon")
    assert busy == [
        BusyInterval(at(2025, 3, 24, 9, 30), at(2025, 3, 24, 10), False),   # standup (WET = UTC)
        # 26th: EXDATE; focus time: transparent; birthday: transparent; dinner: cancelled
        BusyInterval(at(2025, 3, 25, 12, 30), at(2025, 3, 25, 13, 30), False),  # floating lunch
        BusyInterval(at(2025, 3, 25, 17), at(2025, 3, 25, 17, 45), True),      # CLASS:PRIVATE
        BusyInterval(at(2025, 3, 28), at(2025, 3, 30), False),                 # all-day conference
        BusyInterval(at(2025, 3, 31, 13), at(2025, 3, 31, 13, 30), False),     # moved, now WEST
        # 2 April: that occurrence is cancelled
    ]


def test_floating_and_all_day_times_are_read_in_the_owners_zone():
    ics = wrap("BEGIN:VEVENT", "UID:a", "DTSTAMP:20250101T000000Z",
               "DTSTART:20250710T090000", "DTEND:20250710T100000", "END:VEVENT",
               "BEGIN:VEVENT", "UID:b", "DTSTAMP:20250101T000000Z",
               "DTSTART;VALUE=DATE:20250711", "END:VEVENT")
    busy = read_busy(ics, at(2025, 7, 1), at(2025, 8, 1), zone="America/New_York")
    assert busy == [
        BusyInterval(at(2025, 7, 10, 13), at(2025, 7, 10, 14)),  # 09:00 EDT
        BusyInterval(at(2025, 7, 11, 4), at(2025, 7, 12, 4)),    # a whole New York day
    ]
    in_tokyo = read_busy(ics, at(2025, 7, 1), at(2025, 8, 1), zone="Asia/Tokyo")
    assert in_tokyo[0].start_utc == at(2025, 7, 10, 0)


def test_only_intervals_overlapping_the_range_and_not_clipped():
    ics = wrap("BEGIN:VEVENT", "UID:a", "DTSTAMP:20250101T000000Z",
               "DTSTART:20250301T220000Z", "DTEND:20250302T020000Z", "RRULE:FREQ=DAILY;COUNT=5",
               "END:VEVENT")
    busy = read_busy(ics, at(2025, 3, 3), at(2025, 3, 4), zone="UTC")
    assert busy == [BusyInterval(at(2025, 3, 2, 22), at(2025, 3, 3, 2)),
                    BusyInterval(at(2025, 3, 3, 22), at(2025, 3, 4, 2))]


def test_zero_length_and_empty_calendars_give_no_busy_time():
    ics = wrap("BEGIN:VEVENT", "UID:a", "DTSTAMP:20250101T000000Z", "DTSTART:20250303T100000Z", "END:VEVENT")
    assert read_busy(ics, at(2025, 3, 1), at(2025, 3, 5), zone="UTC") == []
    assert read_busy(wrap(), at(2025, 3, 1), at(2025, 3, 5), zone="UTC") == []


@pytest.mark.parametrize("payload", [
    b"", b"hello world", b"<!doctype html><html><body>Sign in</body></html>",
    b"BEGIN:VCALENDAR\r\nthis is not a content line\r\n", "\ufeffnot ics at all".encode(),
    bytes(range(256)),
])
def test_garbage_is_a_clear_error(payload):
    with pytest.raises(BusyCalendarError) as err:
        read_busy(payload, at(2025, 3, 1), at(2025, 3, 5), zone="UTC")
    assert err.value.reason == "not_icalendar"
    assert isinstance(err.value, ValueError)


def test_size_limit():
    ics = wrap(*(["X-FILLER:" + "x" * 60] * 100))
    with pytest.raises(BusyCalendarError) as err:
        read_busy(ics, at(2025, 3, 1), at(2025, 3, 5), zone="UTC", max_bytes=1000)
    assert (err.value.reason, err.value.size, err.value.limit) == ("too_large", len(ics), 1000)


def test_runaway_recurrence_is_refused():
    ics = wrap("BEGIN:VEVENT", "UID:a", "DTSTAMP:20250101T000000Z", "DTSTART:20250301T000000Z",
               "DURATION:PT1S", "RRULE:FREQ=SECONDLY", "END:VEVENT")
    with pytest.raises(BusyCalendarError) as err:
        read_busy(ics, at(2025, 3, 1), at(2025, 3, 5), zone="UTC")
    assert err.value.reason == "too_many"


def test_bad_range_and_zone():
    with pytest.raises(BusyCalendarError) as err:
        read_busy(wrap(), at(2025, 3, 5), at(2025, 3, 1), zone="UTC")
    assert err.value.reason == "bad_range"
    with pytest.raises(BusyCalendarError) as err:
        read_busy(wrap(), datetime(2025, 3, 1), at(2025, 3, 5), zone="UTC")
    assert err.value.reason == "bad_range"
    with pytest.raises(BusyCalendarError) as err:
        read_busy(wrap(), at(2025, 3, 1), at(2025, 3, 5), zone="Nowhere/Land")
    assert (err.value.reason, err.value.zone) == ("unknown_zone", "Nowhere/Land")
