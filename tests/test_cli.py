"""The `closer` command end to end: real argument parsing, the real store, JSON for scripts."""
from __future__ import annotations

import json

import pytest

from skill.store.couples import CoupleRepository

BUSY_ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//busy//EN
BEGIN:VEVENT
UID:choir@test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Lisbon:20261128T090000
DTEND;TZID=Europe/Lisbon:20261128T230000
RRULE:FREQ=WEEKLY;BYDAY=SA
SUMMARY:Choir
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def couple_id(closer):
    status, out, _ = closer("couple", "create", "--partner", "Ana:Europe/Lisbon", "--partner", "Ben:America/Chicago")
    assert status == 0
    return out.strip()


def test_couple_create_show_and_windows(closer, couple_id, redis_client):
    status, out, _ = closer("window", "set", couple_id, "Ana", "Mon-Fri 18:00-22:30", "Sat-Sun 09:00-23:00",
                            "--quiet", "21:30-08:00", "--json")
    assert status == 0 and json.loads(out)["windows"] == "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00"
    shown = json.loads(closer("couple", "show", couple_id, "--json")[1])
    assert shown["partners"]["a"] == {"name": "Ana", "zone": "Europe/Lisbon", "linked": False,
                                      "windows": "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00", "quiet": "21:30-08:00"}


@pytest.mark.parametrize("argv,message", [
    (("couple", "create", "--partner", "Ana:Mars/Olympus", "--partner", "Ben:UTC"), "unknown time zone"),
    (("couple", "create", "--partner", "Ana", "--partner", "Ben:UTC"), "NAME:ZONE"),
    (("call", "plan", "nope"), "no couple"),
    (("visit", "list", "nope"), "no couple"),
    (("data", "export", "nope"), "no couple"),
])
def test_bad_input_says_what_is_wrong_and_exits_2(closer, argv, message):
    status, _, err = closer(*argv)
    assert status == 2 and message in err


@pytest.mark.parametrize("value", ["many", "-1"])
def test_a_malformed_setting_is_named_and_exits_2(closer, monkeypatch, value):
    monkeypatch.setenv("CLOSER_COUPLE_HINTS", value)
    status, out, err = closer("outbox")
    assert status == 2 and out == "" and "CLOSER_COUPLE_HINTS" in err and "Traceback" not in err


def test_bad_windows_and_visits_are_refused_and_nothing_changes(closer, couple_id, redis_client):
    before = CoupleRepository(redis_client).get(couple_id)
    status, _, err = closer("window", "set", couple_id, "Ana", "Mon-Fry 18:00-22:30")
    assert status == 2 and "mon-fry" in err.lower()
    status, _, err = closer("visit", "add", couple_id, "--from", "2027-01-10", "--to", "2027-01-03", "--traveler", "Ben")
    assert status == 2
    assert CoupleRepository(redis_client).get(couple_id).to_json() == before.to_json()


def test_call_plan_saves_a_series_inside_both_windows(closer, couple_id, redis_client):
    closer("window", "set", couple_id, "Ana", "Mon-Fri 18:00-22:30", "Sat-Sun 09:00-23:00")
    closer("window", "set", couple_id, "Ben", "Mon-Fri 17:00-22:00", "Sat-Sun 08:00-22:00")
    status, out, _ = closer("call", "plan", couple_id, "--cadence", "weekly", "--minutes", "45", "--anchor", "Ana",
                            "--json")
    plan = json.loads(out)
    assert status == 0 and plan["saved"] and plan["segments"][0]["zone"] == "Europe/Lisbon"
    assert CoupleRepository(redis_client).get(couple_id).call["segments"] == plan["segments"]


def test_call_plan_avoids_a_partners_busy_calendar(closer, couple_id, tmp_path):
    closer("window", "set", couple_id, "Ana", "Sun 09:00-23:00", "Sat 09:00-23:00")
    closer("window", "set", couple_id, "Ben", "Sat-Sun 06:00-22:00")
    calendar = tmp_path / "ana.ics"
    calendar.write_bytes(BUSY_ICS)  # Ana sings in a choir all day on Saturdays, the best day otherwise
    plan = json.loads(closer("call", "plan", couple_id, "--anchor", "Ana", "--busy", f"Ana={calendar}",
                             "--dry-run", "--json")[1])
    assert "BYDAY=SU" in plan["segments"][0]["rrule"] and not plan["saved"]


def test_call_plan_keeps_to_a_preference_or_says_it_offers_the_nearest(closer, couple_id, redis_client):
    closer("window", "set", couple_id, "Ana", "Mon-Fri 18:00-22:30", "Sat-Sun 09:00-23:00")
    closer("window", "set", couple_id, "Ben", "Mon-Fri 17:00-22:00", "Sat-Sun 08:00-22:00")
    # Sunday afternoon in Lisbon is Sunday morning in Chicago: inside both windows all year.
    status, out, _ = closer("call", "plan", couple_id, "--anchor", "Ana", "--prefer", "sunday afternoon", "--json")
    kept = json.loads(out)
    assert status == 0 and kept["preference_kept"] is True and kept["saved"]
    segment = kept["segments"][0]
    assert "BYDAY=SU" in segment["rrule"] and "12:00" <= segment["start"][11:16] < "17:00"
    # Half past eleven on a Sunday night is past Ana's own window: the nearest time is offered, and said.
    status, out, _ = closer("call", "plan", couple_id, "--anchor", "Ana", "--prefer", "sun 23:30", "--dry-run")
    assert status == 0 and "'sun 23:30' does not fit both of you all year; this is the nearest time that does" in out
    assert CoupleRepository(redis_client).get(couple_id).call["segments"] == kept["segments"]  # dry run: unchanged


@pytest.mark.parametrize("prefer, message", [
    ("funday", "'funday' is not a part of the day or a time like 19:00"),
    ("sunday monday", "give a day, a part of the day or a time, or one of each"),
    ("sun 25:00", "'25:00' is not a part of the day"),
])
def test_call_plan_refuses_a_preference_it_cannot_read(closer, couple_id, redis_client, prefer, message):
    status, out, err = closer("call", "plan", couple_id, "--prefer", prefer)
    assert status == 2 and message in err and out == ""
    assert CoupleRepository(redis_client).get(couple_id).call is None


def test_a_visit_is_removed_by_its_first_day_and_a_wrong_day_names_the_visits(closer, couple_id, redis_client):
    for start, end in (("2027-01-10", "2027-01-17"), ("2027-03-03", "2027-03-08")):
        assert closer("visit", "add", couple_id, "--from", start, "--to", end, "--traveler", "Ben")[0] == 0
    status, _, err = closer("visit", "remove", couple_id, "--from", "2027-01-11")
    assert status == 2 and "no visit starts on 2027-01-11" in err and "2027-01-10, 2027-03-03" in err
    status, _, err = closer("visit", "remove", couple_id, "--from", "11 January")
    assert status == 2 and "YYYY-MM-DD" in err
    assert [v["start"] for v in CoupleRepository(redis_client).get(couple_id).visits] == ["2027-01-10", "2027-03-03"]
    status, out, _ = closer("visit", "remove", couple_id, "--from", "2027-01-10", "--json")
    assert status == 0 and json.loads(out) == {"removed": "2027-01-10"}
    assert [v["start"] for v in CoupleRepository(redis_client).get(couple_id).visits] == ["2027-03-03"]


def test_visits_countdowns_and_suggestion(closer, couple_id):
    assert closer("visit", "add", couple_id, "--from", "2030-01-10", "--to", "2030-01-17", "--traveler", "Ben",
                  "--where", "Lisbon")[0] == 0
    status, _, err = closer("visit", "add", couple_id, "--from", "2030-01-15", "--to", "2030-01-20",
                            "--traveler", "Ana")
    assert status == 2 and err.strip() == "closer: that visit overlaps the one from 2030-01-10 to 2030-01-17"
    status, _, err = closer("visit", "add", couple_id, "--from", "2030-03-10", "--to", "2030-03-05", "--traveler", "Ana")
    assert status == 2 and err.strip() == ("closer: bad visit: a visit cannot end before it starts "
                                           "(2030-03-10 to 2030-03-05)")  # not the dataclass's repr
    listed = json.loads(closer("visit", "list", couple_id, "--json")[1])
    assert set(listed["countdown"]) == {"Ana", "Ben"} and listed["countdown"]["Ana"] > 1000


def test_calendar_url_export_and_rotate(closer, couple_id, client, tmp_path):
    links = json.loads(closer("calendar", "url", couple_id, "--partner", "Ben", "--json")[1])
    assert links["https"].startswith("https://closer.example/calendar/") and links["webcal"].startswith("webcal://")
    path = "/" + links["https"].split("/", 3)[3]
    assert client.get(path).status_code == 200
    page = "/" + links["page"].split("/", 3)[3]
    assert links["page"].startswith("https://closer.example/page/") and client.get(page).status_code == 200
    rotated = json.loads(closer("calendar", "rotate", couple_id, "--partner", "Ben", "--json")[1])
    assert rotated["https"] != links["https"]
    assert client.get(path).status_code == 404 and client.get(page).status_code == 404
    out = tmp_path / "ben.ics"
    assert closer("calendar", "export", couple_id, "--partner", "Ben", "-o", str(out))[0] == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_invite_and_join_link_a_local_user(closer, couple_id, redis_client):
    code = json.loads(closer("couple", "invite", couple_id, "--partner", "Ana", "--json")[1])["code"]
    status, out, _ = closer("couple", "join", code, "--user", "ana", "--json")
    assert status == 0 and json.loads(out) == {"couple": couple_id, "partner": "Ana"}
    assert closer("couple", "join", code, "--user", "someone")[0] == 2  # single use


def test_data_export_and_delete(closer, couple_id, redis_client, tmp_path):
    out = tmp_path / "export.json"
    assert closer("data", "export", couple_id, "-o", str(out))[0] == 0
    exported = json.loads(out.read_text())
    assert exported["couple"]["id"] == couple_id
    assert closer("data", "delete", couple_id)[0] == 2  # asks for --yes
    assert closer("data", "delete", couple_id, "--yes")[0] == 0
    assert not list(redis_client.scan_iter(f"{{couple:{couple_id}}}*"))


@pytest.mark.parametrize("day, part, expected", [
    ("sunday", "EV", (6, (17 * 60, 22 * 60))),
    ("Sundays", "evenings", (6, (17 * 60, 22 * 60))),
    ("weds", None, (2, None)),
    ("thurs", "morning", (3, (5 * 60, 12 * 60))),
    ("TUE", "19:30", (1, (19 * 60 + 30, 20 * 60 + 15))),   # the call itself, starting then
    (None, "23:30", (None, (23 * 60 + 30, 24 * 60))),      # clipped at midnight: the nearest is offered
])
def test_call_preference_words(day, part, expected):
    from skill.services.schedule import call_preference

    preference = call_preference(day, part, 45)
    assert (preference.weekday, preference.part) == expected


@pytest.mark.parametrize("day, part", [("t", None), ("someday", None), (None, "teatime"), (None, "7pm"), (None, "24:00")])
def test_call_preference_refuses_what_is_not_a_day_or_a_time(day, part):
    from skill.services.schedule import call_preference

    with pytest.raises(ValueError):
        call_preference(day, part, 45)
