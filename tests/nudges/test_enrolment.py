"""Enrolment: numbers to E.164, double opt-in, consent records, settings and defaults."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from skill.nudges import (BadSettings, InvalidPhoneNumber, NumberInUse, UnknownPartner, confirmed,
                          dispatch_once, enroll, keys, notify_waiting, request_voice_note, set_preferences)
from skill.nudges.consent import get as consent_of
from skill.nudges.consent import history as consent_history
from skill.nudges.phones import normalise, region_for_zone
from skill.nudges.records import NudgeStore
from skill.nudges.sender import OutboxSender
from skill.nudges.settings import load as load_settings

from .helpers import ANA_PHONE, BEN_PHONE, WEDNESDAY, enrolled_couple, make_couple


@pytest.mark.parametrize("raw, where, expected", [
    ("0151 23456789", {"zone": "Europe/Berlin"}, "+4915123456789"),
    ("(201) 555-0123", {"zone": "America/New_York"}, "+12015550123"),
    ("07911 123456", {"zone": "Europe/London"}, "+447911123456"),
    ("0412 345 678", {"zone": "Australia/Sydney"}, "+61412345678"),
    ("+49 151 2345 6789", {"zone": "America/New_York"}, "+4915123456789"),  # a +code wins
    ("07911 123456", {"zone": "Europe/Berlin", "region": "GB"}, "+447911123456"),  # given region wins
])
def test_numbers_are_normalised_to_e164(raw, where, expected):
    assert normalise(raw, **where) == expected


@pytest.mark.parametrize("raw, where", [
    ("", {"zone": "Europe/Berlin"}),
    ("not a number", {"zone": "Europe/Berlin"}),
    ("0151 234", {"zone": "Europe/Berlin"}),  # too short
    ("030 901820", {"zone": "Europe/Berlin"}),  # a landline cannot get texts
    ("201 555 0123", {"zone": "UTC"}),  # no +code and no country to read it in
])
def test_bad_numbers_are_refused_with_a_reason(raw, where):
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalise(raw, **where)
    assert caught.value.reason


def test_zones_map_to_their_country():
    assert [region_for_zone(z) for z in ("Asia/Kolkata", "America/Sao_Paulo", "Etc/GMT+3")] == ["IN", "BR", None]


def test_double_opt_in_sends_only_the_request_until_yes(outbox_app):
    couple = make_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    result = enroll(outbox_app, couple.id, "Ana", "0151 23456789", source="alexa", now=WEDNESDAY)
    assert (result.phone, result.state, result.confirm_at) == (ANA_PHONE, "pending", WEDNESDAY)
    record = consent_of(redis, ANA_PHONE)
    assert (record.couple, record.pid, record.source, record.requested_at) == (
        couple.id, "a", "alexa", WEDNESDAY.isoformat())
    assert request_voice_note(outbox_app, couple.id, "b", WEDNESDAY) is None
    assert notify_waiting(outbox_app, couple.id, "a", WEDNESDAY) is None
    for hours in range(0, 24 * 7, 3):
        dispatch_once(outbox_app, WEDNESDAY.replace(hour=0) + timedelta(hours=hours))
    texts = [m for m in OutboxSender(redis).messages(100) if m["to"] == ANA_PHONE]
    assert len(texts) == 1 and "Reply YES" in texts[0]["body"] and "STOP" in texts[0]["body"]


def test_yes_stores_time_and_source_and_starts_three_a_week(outbox_app):
    couple = make_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    enroll(outbox_app, couple.id, "a", ANA_PHONE, source="cli", now=WEDNESDAY)
    confirmed(outbox_app, ANA_PHONE, via="sms:YES", now=WEDNESDAY)
    record = consent_of(redis, ANA_PHONE)
    assert (record.state, record.confirmed_at, record.confirmed_via) == ("active", WEDNESDAY.isoformat(), "sms:YES")
    assert [e["event"] for e in consent_history(redis, ANA_PHONE)] == ["enrolled", "opted-in"]
    prefs = load_settings(redis, couple.id, "a")
    assert (prefs.per_week, prefs.days, prefs.enabled) == (3, None, True)
    assert NudgeStore(redis).get(prefs.next).kind == "nudge"


def test_a_number_belongs_to_one_partner(outbox_app):
    couple = enrolled_couple(outbox_app)
    with pytest.raises(NumberInUse):
        enroll(outbox_app, couple.id, "b", ANA_PHONE, source="cli", now=WEDNESDAY)
    other = make_couple(outbox_app)
    with pytest.raises(NumberInUse):
        enroll(outbox_app, other.id, "a", BEN_PHONE, source="cli", now=WEDNESDAY)


def test_a_new_number_needs_its_own_yes_and_releases_the_old_one(outbox_app):
    couple = enrolled_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    result = enroll(outbox_app, couple.id, "a", "+4915199999999", source="cli", now=WEDNESDAY)
    assert result.state == "pending"
    assert consent_of(redis, ANA_PHONE).state == "released"
    assert request_voice_note(outbox_app, couple.id, "b", WEDNESDAY) is None


def test_unknown_partner_is_an_error(outbox_app):
    couple = make_couple(outbox_app)
    with pytest.raises(UnknownPartner):
        enroll(outbox_app, couple.id, "Zoe", ANA_PHONE, source="cli", now=WEDNESDAY)


def test_settings_change_the_plan(outbox_app):
    couple = enrolled_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    store = NudgeStore(redis)
    first = load_settings(redis, couple.id, "a").next
    prefs = set_preferences(outbox_app, couple.id, "Ana", now=WEDNESDAY, per_week=2, days=frozenset({5}))
    assert store.get(first).state == "cancelled"
    head = store.get(prefs.next)
    assert head.due_at.astimezone(ZoneInfo("Europe/Berlin")).weekday() == 5
    off = set_preferences(outbox_app, couple.id, "a", now=WEDNESDAY, enabled=False)
    assert not off.enabled and store.get(prefs.next).state == "cancelled"
    assert redis.zscore(keys.DUE, prefs.next) is None
    with pytest.raises(BadSettings):
        set_preferences(outbox_app, couple.id, "a", now=WEDNESDAY, per_week=9)


def test_enrolling_again_does_not_spam_opt_in_requests(outbox_app):
    couple = make_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    for hours in (0, 1, 5):  # "text me nudges", said three times in an afternoon
        at = WEDNESDAY + timedelta(hours=hours)
        enroll(outbox_app, couple.id, "a", ANA_PHONE, source="alexa", now=at)
        dispatch_once(outbox_app, at)
    assert len(OutboxSender(redis).messages()) == 1
    enroll(outbox_app, couple.id, "a", ANA_PHONE, source="alexa", now=WEDNESDAY + timedelta(days=1, hours=1))
    dispatch_once(outbox_app, WEDNESDAY + timedelta(days=1, hours=1))
    assert len(OutboxSender(redis).messages()) == 2  # a day later they may ask again
