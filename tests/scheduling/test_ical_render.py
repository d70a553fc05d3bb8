"""render_calendar: exact bytes of the feed properties, folding, UIDs, SEQUENCE."""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from scheduling.ical import FeedError, FeedEvent, make_uid, next_sequence, render_calendar

UTC = timezone.utc
LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2025, 1, 2, 8, 30, 15, 123456, tzinfo=UTC)


def call(**overrides) -> FeedEvent:
    fields = dict(
        uid=make_uid("c1", "call-0"), summary="Call with Ana",
        start=datetime(2025, 1, 5, 19, 0, tzinfo=LA), duration=timedelta(minutes=45),
        rrule="FREQ=WEEKLY;BYDAY=SU", until=datetime(2025, 12, 31, 23, 59, tzinfo=UTC),
        exdates=(datetime(2025, 2, 16, 19, 0, tzinfo=LA), datetime(2025, 7, 6, 2, 0, tzinfo=UTC)),
        description="7:00 PM for you · 4:00 AM Mon for Ana", url="https://meet.example/abc", sequence=3)
    fields.update(overrides)
    return FeedEvent(**fields)


def visit(**overrides) -> FeedEvent:
    fields = dict(uid=make_uid("c1", "visit-20250303"), summary="Ana visits",
                  start=date(2025, 3, 3), last_day=date(2025, 3, 9), location="Lisbon")
    fields.update(overrides)
    return FeedEvent(**fields)


def lines(ics: bytes) -> list[bytes]:
    assert ics.endswith(b"\r\n")
    return ics[:-2].split(b"\r\n")


def unfolded(ics: bytes) -> list[str]:
    return ics.decode("utf-8").replace("\r\n ", "").split("\r\n")


def parse_strict(ics: bytes) -> Calendar:
    """Parse with every warning turned into an error, and no parse errors recorded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cal = Calendar.from_ical(ics)
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    return cal


def test_calendar_properties_are_written_exactly_as_rfc_7986_wants():
    ics = render_calendar([call()], name="Closer · Ana & Ben", now=NOW)
    head = lines(ics)[:9]
    assert head == [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//Closer//Closer feeds 1.0//EN",
        b"CALSCALE:GREGORIAN",
        b"METHOD:PUBLISH",
        "NAME:Closer · Ana & Ben".encode(),
        "X-WR-CALNAME:Closer · Ana & Ben".encode(),
        b"REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        b"X-PUBLISHED-TTL:PT6H",
    ]


def test_refresh_interval_follows_the_parameter():
    ics = render_calendar([], name="x", now=NOW, refresh=timedelta(days=1, minutes=30))
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:P1DT30M\r\n" in ics
    assert b"\r\nX-PUBLISHED-TTL:P1DT30M\r\n" in ics


def test_timed_recurring_event_bytes():
    ics = render_calendar([call()], name="x", now=NOW)
    text = unfolded(ics)
    assert "DTSTART;TZID=America/Los_Angeles:20250105T190000" in text
    assert "DTEND;TZID=America/Los_Angeles:20250105T194500" in text
    assert "RRULE:FREQ=WEEKLY;UNTIL=20251231T235900Z;BYDAY=SU" in text
    # One EXDATE per line, in the DTSTART's TZID even when given in UTC.
    assert "EXDATE;TZID=America/Los_Angeles:20250216T190000" in text
    assert "EXDATE;TZID=America/Los_Angeles:20250705T190000" in text
    assert "DTSTAMP:20250102T083015Z" in text  # now, in UTC, without microseconds
    assert "SEQUENCE:3" in text
    assert "UID:call-0.c1@closer" in text
    assert "URL:https://meet.example/abc" in text
    assert "DESCRIPTION:7:00 PM for you · 4:00 AM Mon for Ana" in text


def test_visit_is_all_day_with_exclusive_end():
    text = unfolded(render_calendar([visit()], name="x", now=NOW))
    assert "DTSTART;VALUE=DATE:20250303" in text
    assert "DTEND;VALUE=DATE:20250310" in text  # last day 9th -> DTEND 10th
    assert "TRANSP:TRANSPARENT" in text
    assert "LOCATION:Lisbon" in text
    assert not any(line.startswith("BEGIN:VTIMEZONE") for line in text)


def test_one_day_visit_ends_next_day():
    text = unfolded(render_calendar([visit(last_day=date(2025, 3, 3))], name="x", now=NOW))
    assert "DTEND;VALUE=DATE:20250304" in text


def test_feed_parses_without_warnings_and_has_a_vtimezone_per_tzid():
    berlin = call(uid=make_uid("c1", "ritual-nightly"), start=datetime(2025, 1, 6, 22, tzinfo=ZoneInfo("Europe/Berlin")),
                  exdates=())
    cal = parse_strict(render_calendar([call(), berlin, visit()], name="x", now=NOW))
    assert sorted(cal.get_used_tzids()) == ["America/Los_Angeles", "Europe/Berlin"]
    assert cal.get_missing_tzids() == set()
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Los_Angeles", "Europe/Berlin"]


def test_utc_event_needs_no_vtimezone():
    event = call(start=datetime(2025, 1, 6, 3, tzinfo=UTC), exdates=())
    text = unfolded(render_calendar([event], name="x", now=NOW))
    assert "DTSTART:20250106T030000Z" in text
    assert not any(line.startswith("BEGIN:VTIMEZONE") for line in text)


def test_long_utf8_text_is_folded_at_75_octets_without_splitting_characters():
    summary = "Appel du dimanche 💞 avec Zoë et Ágústa — à bientôt ❤️ " * 6
    description = "Ça va? 👩🏽‍❤️‍👨🏻 " * 20 + "\n" + "ñ" * 200
    ics = render_calendar([call(summary=summary, description=description)], name="Prénom 😀" * 20, now=NOW)
    for line in lines(ics):
        assert len(line) <= 75, line
        line.decode("utf-8")  # every physical line is valid UTF-8 on its own
    cal = parse_strict(ics)
    event = cal.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == description
    assert str(cal["NAME"]) == "Prénom 😀" * 20


def test_next_sequence_rises_only_when_content_changes():
    first_hash, first_seq = next_sequence(None, None, call())
    assert first_seq == 0
    same = next_sequence(first_hash, 4, call(sequence=9))  # SEQUENCE itself is not content
    assert same == (first_hash, 4)
    moved_hash, moved_seq = next_sequence(first_hash, 4, call(start=datetime(2025, 1, 5, 20, tzinfo=LA)))
    assert (moved_hash != first_hash, moved_seq) == (True, 5)
    # Same instant written in another zone is a change a subscriber sees.
    other_zone = call(start=datetime(2025, 1, 5, 19, tzinfo=LA).astimezone(ZoneInfo("America/Vancouver")))
    assert next_sequence(first_hash, 4, other_zone)[1] == 5


def test_make_uid_is_stable_and_rejects_unsafe_parts():
    assert make_uid("c1", "visit-20250303") == make_uid("c1", "visit-20250303") == "visit-20250303.c1@closer"
    with pytest.raises(FeedError) as err:
        make_uid("c1", "bad id\r\nX:1")
    assert err.value.reason == "bad_uid"


@pytest.mark.parametrize("overrides, reason", [
    (dict(start=datetime(2025, 1, 5, 19)), "bad_zone"),
    (dict(start=datetime(2025, 1, 5, 19, tzinfo=timezone(timedelta(hours=-8)))), "bad_zone"),
    (dict(rrule="FREQ=WEEKLY;COUNT=3"), "bad_rrule"),
    (dict(rrule="BYDAY=SU"), "bad_rrule"),
    (dict(duration=timedelta(0)), "bad_duration"),
    (dict(until=datetime(2025, 12, 31)), "naive_time"),
    (dict(rrule=None), "bad_exdate"),
    (dict(alarm_before=timedelta(0)), "bad_alarm"),
    (dict(alarm_before=timedelta(minutes=-15)), "bad_alarm"),
    (dict(alarm_before=timedelta(days=8)), "bad_alarm"),
])
def test_bad_events_raise_structured_errors(overrides, reason):
    with pytest.raises(FeedError) as err:
        call(**overrides)
    assert err.value.reason == reason
    assert err.value.uid == "call-0.c1@closer"
    assert isinstance(err.value, ValueError)


def test_until_before_start_and_duplicate_uids_are_rejected():
    with pytest.raises(FeedError) as err:
        render_calendar([call(until=datetime(2024, 1, 1, tzinfo=UTC))], name="x", now=NOW)
    assert err.value.reason == "bad_until"
    with pytest.raises(FeedError) as err:
        render_calendar([call(), call()], name="x", now=NOW)
    assert err.value.reason == "duplicate_uid"
    with pytest.raises(FeedError) as err:
        render_calendar([call()], name="x", now=datetime(2025, 1, 1))
    assert err.value.reason == "naive_time"


def test_all_day_event_validation():
    with pytest.raises(FeedError) as err:
        visit(last_day=date(2025, 3, 1))
    assert err.value.reason == "bad_last_day"
    with pytest.raises(FeedError) as err:
        visit(alarm_before=timedelta(minutes=15))
    assert err.value.reason == "bad_all_day"
