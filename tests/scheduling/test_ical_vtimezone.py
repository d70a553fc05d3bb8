"""build_vtimezone: yearly rules like Google/Outlook, exact over the events' span.

Coverage is checked by letting dateutil (through icalendar's ``to_tz``) read
our VTIMEZONE and comparing its offset with zoneinfo hour by hour.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from scheduling.ical import ZoneDataError, build_vtimezone
from scheduling.ical.transitions import find_transitions, weekday_rules

UTC = timezone.utc


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def observances(vtz) -> list[tuple[str, str, str, str, str]]:
    """(kind, DTSTART, RRULE, FROM, TO) of every observance, as written."""
    rows = []
    for comp in vtz.subcomponents:
        lines = dict(line.split(":", 1) for line in comp.to_ical().decode().replace("\r\n ", "").splitlines()
                     if ":" in line and not line.startswith(("BEGIN", "END")))
        rows.append((comp.name, lines["DTSTART"], lines.get("RRULE", ""), lines["TZOFFSETFROM"],
                     lines["TZOFFSETTO"]))
    return rows


def ambiguous(local: datetime) -> bool:
    """A wall time that happens twice (clocks went back): its UTC offset is a matter of fold."""
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def assert_covers(key: str, start: datetime, end: datetime) -> None:
    """The VTIMEZONE, read by dateutil, agrees with zoneinfo on every hour of the span.

    Both directions are checked: UTC -> offset, and wall time -> offset (what an
    event's TZID time needs).  Repeated wall times are left out: dateutil and
    zoneinfo resolve that hour differently, and no standing call sits there.
    """
    tz = build_vtimezone(key, start, end).to_tz(lookup_tzid=False)
    zone = ZoneInfo(key)
    # Every 5 hours, plus one second either side of every real change: an
    # onset off by minutes would slip between grid points but not these.
    grid = [start + timedelta(hours=5 * i) for i in range(int((end - start) / timedelta(hours=5)) + 1)]
    edges = [t.at + timedelta(seconds=d) for t in find_transitions(zone, start, end) for d in (-1, 0, 1)]
    wrong = []
    for moment in sorted(grid + edges):
        local = moment.astimezone(zone)
        wall = local.replace(tzinfo=None)
        if not ambiguous(local) and (moment.astimezone(tz).utcoffset() != local.utcoffset()
                                     or wall.replace(tzinfo=tz).utcoffset() != local.utcoffset()):
            wrong.append(moment)
    assert not wrong, f"{key}: {len(wrong)} wrong hours, first {wrong[0]}"


def test_los_angeles_is_one_pair_of_yearly_rules():
    vtz = build_vtimezone("America/Los_Angeles", at(2025, 1, 5), at(2025, 12, 28))
    assert str(vtz["TZID"]) == "America/Los_Angeles"
    assert observances(vtz) == [
        ("STANDARD", "20241103T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "-0700", "-0800"),
        ("DAYLIGHT", "20250309T020000", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "-0800", "-0700"),
    ]


def test_southern_hemisphere_daylight_starts_in_october():
    rows = observances(build_vtimezone("Australia/Sydney", at(2025, 2, 1), at(2026, 1, 31)))
    assert rows == [
        ("DAYLIGHT", "20241006T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "+1000", "+1100"),
        ("STANDARD", "20250406T030000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "+1100", "+1000"),
    ]


def test_lord_howe_half_hour_daylight_saving():
    rows = observances(build_vtimezone("Australia/Lord_Howe", at(2025, 2, 1), at(2026, 1, 31)))
    assert [(kind, frm, to) for kind, _, _, frm, to in rows] == [
        ("DAYLIGHT", "+1030", "+1100"), ("STANDARD", "+1100", "+1030")]
    assert all(rule for _, _, rule, _, _ in rows)


def test_europe_uses_last_sunday_rules():
    rows = observances(build_vtimezone("Europe/London", at(2025, 1, 1), at(2025, 12, 31)))
    assert [rule for _, _, rule, _, _ in rows] == [
        "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"]


@pytest.mark.parametrize("key, offset", [("Asia/Kathmandu", "+0545"), ("Asia/Kolkata", "+0530"),
                                         ("America/Sao_Paulo", "-0300"), ("UTC", "+0000")])
def test_zone_without_dst_is_one_standard(key, offset):
    rows = observances(build_vtimezone(key, at(2025, 1, 1), at(2025, 12, 31)))
    assert len(rows) == 1
    kind, dtstart, rule, frm, to = rows[0]
    assert (kind, rule, frm, to) == ("STANDARD", "", offset, offset)
    assert dtstart < "20250101T000000"  # starts before the first event


def test_us_2007_rule_change_gets_a_new_pair_with_its_own_dtstart():
    vtz = build_vtimezone("America/New_York", at(2005, 1, 1), at(2009, 12, 31))
    rows = observances(vtz)
    assert ("DAYLIGHT", "20050403T020000", "FREQ=YEARLY;UNTIL=20060402T070000Z;BYDAY=1SU;BYMONTH=4",
            "-0500", "-0400") in rows
    assert ("DAYLIGHT", "20070311T020000", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "-0500", "-0400") in rows
    assert ("STANDARD", "20041031T020000", "FREQ=YEARLY;UNTIL=20061029T060000Z;BYDAY=-1SU;BYMONTH=10",
            "-0400", "-0500") in rows
    assert len(rows) == 4
    assert ("STANDARD", "20071104T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "-0400", "-0500") in rows
    assert_covers("America/New_York", at(2005, 1, 1), at(2009, 12, 31))


def test_abolished_dst_rule_ends_with_until():
    # Brazil's last summer time ended in February 2019.
    rows = observances(build_vtimezone("America/Sao_Paulo", at(2017, 1, 1), at(2020, 12, 31)))
    rules = [rule for _, _, rule, _, _ in rows if rule]
    assert rules and all("UNTIL=" in rule for rule in rules)
    assert_covers("America/Sao_Paulo", at(2017, 1, 1), at(2020, 12, 31))


def test_irregular_zone_uses_single_dtstart_observances_without_rdate():
    vtz = build_vtimezone("Africa/Casablanca", at(2025, 1, 1), at(2026, 12, 31))
    text = vtz.to_ical().decode()
    assert "RDATE" not in text
    assert len(vtz.subcomponents) >= 5  # Ramadan changes every year
    assert_covers("Africa/Casablanca", at(2025, 1, 1), at(2026, 12, 31))


@pytest.mark.parametrize("key", ["America/Los_Angeles", "Europe/London", "Australia/Sydney",
                                 "Australia/Lord_Howe", "Asia/Kathmandu", "America/Sao_Paulo",
                                 "Europe/Dublin", "Asia/Almaty", "Pacific/Chatham", "America/Santiago",
                                 "Asia/Tehran", "Asia/Jerusalem", "America/Godthab"])
def test_vtimezone_covers_the_span(key):
    assert_covers(key, at(2023, 6, 1), at(2026, 6, 1))


def test_never_writes_multi_value_rdate():
    for key in ("America/Los_Angeles", "Africa/Casablanca", "Asia/Jerusalem", "Europe/Moscow"):
        assert "RDATE" not in build_vtimezone(key, at(2010, 1, 1), at(2026, 1, 1)).to_ical().decode()


def test_dublin_negative_dst_still_names_summer_daylight():
    rows = observances(build_vtimezone("Europe/Dublin", at(2025, 1, 1), at(2025, 12, 31)))
    assert {(kind, to) for kind, _, _, _, to in rows} == {("STANDARD", "+0000"), ("DAYLIGHT", "+0100")}


def test_transitions_are_exact_to_the_second():
    found = find_transitions(ZoneInfo("Australia/Lord_Howe"), at(2025, 1, 1), at(2026, 1, 1))
    assert [(t.at, t.offset_after) for t in found] == [
        (at(2025, 4, 5, 15, 0), timedelta(hours=10, minutes=30)),   # 02:00 +11 -> 01:30 +1030
        (at(2025, 10, 4, 15, 30), timedelta(hours=11)),            # 02:00 +1030 -> 02:30 +11
    ]


def test_weekday_rules_prefer_last_then_nth():
    assert weekday_rules(datetime(2025, 3, 30).date()) == ["BYDAY=-1SU", "BYMONTHDAY=30"]
    assert weekday_rules(datetime(2025, 3, 9).date()) == ["BYDAY=2SU", "BYMONTHDAY=9"]
    assert weekday_rules(datetime(2027, 3, 28).date()) == ["BYDAY=-1SU", "BYDAY=4SU", "BYMONTHDAY=28"]


def test_bad_zone_and_span_raise():
    with pytest.raises(ZoneDataError) as err:
        build_vtimezone("Mars/Olympus", at(2025, 1, 1), at(2025, 2, 1))
    assert (err.value.reason, err.value.zone) == ("unknown_zone", "Mars/Olympus")
    with pytest.raises(ZoneDataError) as err:
        build_vtimezone("Europe/Paris", at(2025, 2, 1), at(2025, 1, 1))
    assert err.value.reason == "bad_span"
