"""GET /calendar/<token>.ics: the feed partners subscribe to from Google, Apple or Outlook."""
from __future__ import annotations

from datetime import date, datetime, timezone

import icalendar
import pytest

from scheduling import Visit
from skill.services import feeds, schedule
from skill.store.couples import CoupleRepository, Partner

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def couple(redis_client):
    repo = CoupleRepository(redis_client)
    created = repo.create([Partner("", "Ana", "Europe/London", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00"),
                           Partner("", "Ben", "America/New_York", "Mon-Fri 17:00-22:00, Sat-Sun 08:00-22:00")])
    plan = schedule.plan(created, cadence="weekly", minutes=45, anchor="Ana", now=NOW)
    return repo.update(created.id, lambda c: setattr(c, "call", schedule.serialise_plan(plan)))


@pytest.fixture
def app_config(app_config):
    app_config["CLOSER_NOW"] = NOW.isoformat()
    return app_config


def _url(redis_client, couple, pid="b"):
    return f"/calendar/{feeds.token_for(redis_client, couple, pid)}.ics"


def test_feed_is_calendar_text_with_etag_and_the_other_partners_time(client, redis_client, couple):
    response = client.get(_url(redis_client, couple))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["ETag"] and "max-age" in response.headers["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.data)
    call = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    assert "Ana" in call["SUMMARY"] + call.get("DESCRIPTION", "")
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} >= {"Europe/London"}


def test_if_none_match_answers_304_and_a_change_gives_a_new_etag_and_sequence(client, redis_client, couple):
    url = _url(redis_client, couple)
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    new_plan = schedule.plan(couple, cadence="biweekly", minutes=60, anchor="Ana", now=NOW)
    CoupleRepository(redis_client).update(couple.id, lambda c: setattr(c, "call", schedule.serialise_plan(new_plan)))
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    before = {e["UID"]: int(e.get("SEQUENCE", 0)) for e in icalendar.Calendar.from_ical(first.data).walk("VEVENT")}
    after = {e["UID"]: int(e.get("SEQUENCE", 0)) for e in icalendar.Calendar.from_ical(second.data).walk("VEVENT")}
    changed = [uid for uid in before if uid in after and uid.startswith("call")]
    assert changed and all(after[uid] > before[uid] for uid in changed)


def test_unchanged_feed_keeps_its_sequence_and_bytes(client, redis_client, couple):
    url = _url(redis_client, couple)
    assert client.get(url).data == client.get(url).data


def test_unknown_and_rotated_tokens_are_plain_404s(client, redis_client, couple):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    old = _url(redis_client, couple)
    feeds.rotate(redis_client, couple, "b")
    response = client.get(old)
    assert response.status_code == 404 and b"couple" not in response.data.lower()


def test_tokens_are_long_random_and_one_per_partner(redis_client, couple):
    a, b = feeds.token_for(redis_client, couple, "a"), feeds.token_for(redis_client, couple, "b")
    assert a != b and len(a) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    assert feeds.token_for(redis_client, couple, "a") == a


def test_visits_are_all_day_events(client, redis_client, couple):
    CoupleRepository(redis_client).update(couple.id, lambda c: schedule.add_visit(
        c, Visit(start=date(2027, 1, 10), end=date(2027, 1, 17), traveler="Ben", where="London")))
    calendar = icalendar.Calendar.from_ical(client.get(_url(redis_client, couple)).data)
    visit = next(e for e in calendar.walk("VEVENT") if e["UID"].startswith("visit"))
    assert visit.decoded("DTSTART") == date(2027, 1, 10) and visit.decoded("DTEND") == date(2027, 1, 18)


def test_each_change_of_the_time_difference_is_an_all_day_heads_up(client, redis_client, couple):
    calendar = icalendar.Calendar.from_ical(client.get(_url(redis_client, couple, "b")).data)
    heads_up = {e.decoded("DTSTART"): str(e["SUMMARY"]) for e in calendar.walk("VEVENT") if e["UID"].startswith("clocks")}
    # Ben is in New York: the US moves on 14 March 2027 and 7 November; the UK moves at 01:00 UTC
    # on 28 March and 31 October, which is still the evening before on Ben's calendar.
    assert set(heads_up) == {date(2027, 3, 14), date(2027, 3, 27), date(2027, 10, 30), date(2027, 11, 7)}
    assert heads_up[date(2027, 3, 14)] == "Clocks change: 4 hours between you and Ana"
