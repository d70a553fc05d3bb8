"""Inbound SMS: consent keywords, DONE/LATER/SKIP, and refusing unsigned or forged calls."""
from __future__ import annotations

import pytest

from skill.nudges import dispatch_once, enroll, keys
from skill.nudges.consent import get as consent_of
from skill.nudges.records import NudgeStore
from skill.nudges.sender import OutboxSender

from .helpers import ANA_PHONE, PUBLIC, WEDNESDAY, enrolled_couple, make_couple, post_signed, sign, snapshot


def sms(client, body, phone=ANA_PHONE):
    return post_signed(client, "/twilio/sms", {"From": phone, "To": "+15005550006", "Body": body,
                                               "MessageSid": "SM" + "1" * 32})


@pytest.fixture
def app(outbox_app):
    outbox_app.config["CLOSER_NOW"] = WEDNESDAY.isoformat()
    return outbox_app


@pytest.mark.parametrize("word", ["STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT", "REVOKE",
                                  "OPTOUT", "stop please"])
def test_every_opt_out_keyword_stops_at_once_and_confirms(app, word):
    enrolled_couple(app)
    answer = sms(app.test_client(), word)
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    assert "unsubscribed" in answer.get_data(as_text=True)
    record = consent_of(app.extensions["closer.redis"], ANA_PHONE)
    assert record.state == "stopped" and record.stopped_via.startswith("sms:")


def test_after_stop_nothing_but_the_confirmation_reaches_the_number(app):
    couple = enrolled_couple(app)
    redis = app.extensions["closer.redis"]
    client = app.test_client()
    sms(client, "STOP")
    from skill.nudges import notify_waiting, request_voice_note

    assert request_voice_note(app, couple.id, "b", WEDNESDAY) is None
    assert notify_waiting(app, couple.id, "a", WEDNESDAY) is None
    # Enrolling the number again (by the partner, by voice) sends nothing either.
    assert enroll(app, couple.id, "a", ANA_PHONE, source="alexa", now=WEDNESDAY).state == "stopped"
    for day in range(14):
        dispatch_once(app, WEDNESDAY.replace(day=5 + day, hour=18))
    assert [m for m in OutboxSender(redis).messages(500) if m["to"] == ANA_PHONE] == []


@pytest.mark.parametrize("word", ["START", "yes", "UNSTOP"])
def test_opt_in_keywords_confirm_and_start_three_nudges_a_week(app, word):
    couple = make_couple(app)
    enroll(app, couple.id, "a", ANA_PHONE, source="cli", now=WEDNESDAY)
    answer = sms(app.test_client(), word)
    assert "You're in" in answer.get_data(as_text=True) and "Ben" in answer.get_data(as_text=True)
    redis = app.extensions["closer.redis"]
    record = consent_of(redis, ANA_PHONE)
    assert (record.state, record.confirmed_via, record.source) == ("active", f"sms:{word.upper()}", "cli")
    head = redis.hget(keys.settings(couple.id, "a"), "next")
    assert NudgeStore(redis).get(head).kind == "nudge"


def test_start_after_stop_opts_back_in(app):
    enrolled_couple(app)
    client = app.test_client()
    sms(client, "STOP")
    sms(client, "START")
    assert consent_of(app.extensions["closer.redis"], ANA_PHONE).state == "active"


@pytest.mark.parametrize("word", ["HELP", "info"])
def test_help_says_what_closer_is_and_how_to_stop(app, word):
    text = sms(app.test_client(), word).get_data(as_text=True)
    assert "Closer" in text and "STOP" in text


def test_an_unknown_number_saying_yes_is_not_enrolled(app):
    answer = sms(app.test_client(), "YES", phone="+447700900123")
    assert "STOP" in answer.get_data(as_text=True)  # the help text
    assert consent_of(app.extensions["closer.redis"], "+447700900123").state == "none"


def test_other_messages_get_no_reply(app):
    enrolled_couple(app)
    text = sms(app.test_client(), "I love you").get_data(as_text=True)
    assert "<Message>" not in text


def test_skip_drops_the_next_nudge_and_plans_the_one_after(app):
    couple = enrolled_couple(app)
    redis = app.extensions["closer.redis"]
    store = NudgeStore(redis)
    head = redis.hget(keys.settings(couple.id, "a"), "next")
    assert "skip the next nudge" in sms(app.test_client(), "SKIP").get_data(as_text=True)
    follower = redis.hget(keys.settings(couple.id, "a"), "next")
    assert store.get(head).state == "cancelled"
    assert follower != head and store.get(follower).due_at > store.get(head).due_at


def test_done_marks_the_latest_nudge_and_later_asks_again_in_an_hour(app):
    couple = enrolled_couple(app)
    redis = app.extensions["closer.redis"]
    store = NudgeStore(redis)
    head = store.get(redis.hget(keys.settings(couple.id, "a"), "next"))
    dispatch_once(app, head.due_at)
    app.config["CLOSER_NOW"] = head.due_at.isoformat()
    client = app.test_client()
    assert "<Message>" in sms(client, "DONE").get_data(as_text=True)
    assert store.get(head.id).done_at == head.due_at.isoformat()
    assert "check back" in sms(client, "LATER").get_data(as_text=True)
    again = next(n for n in store.history(couple.id) if n.kind == "ask")
    assert again.to == "a" and again.state == "scheduled"
    assert (again.due_at - head.due_at).total_seconds() >= 59 * 60


@pytest.mark.parametrize("headers", [
    {},  # unsigned
    {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},  # garbage
    sign(PUBLIC + "/twilio/sms", {"From": ANA_PHONE, "Body": "STOP"}, token="someone-elses-token"),
    sign(PUBLIC + "/twilio/sms", {"From": ANA_PHONE, "Body": "START"}),  # signed for another body
    sign("https://evil.example/twilio/sms", {"From": ANA_PHONE, "Body": "STOP"}),  # another URL
])
def test_unsigned_or_forged_sms_is_403_and_changes_nothing(app, headers):
    enrolled_couple(app)
    redis = app.extensions["closer.redis"]
    before = snapshot(redis)
    answer = app.test_client().post("/twilio/sms", data={"From": ANA_PHONE, "Body": "STOP"}, headers=headers)
    assert answer.status_code == 403
    assert snapshot(redis) == before


def test_without_an_auth_token_every_webhook_is_refused(app):
    app.config["TWILIO_AUTH_TOKEN"] = None
    answer = sms(app.test_client(), "STOP")
    assert answer.status_code == 403


def test_signature_follows_forwarded_proto_and_host_without_a_public_url(app):
    app.config["CLOSER_PUBLIC_URL"] = None
    enrolled_couple(app)
    params = {"From": ANA_PHONE, "Body": "STOP"}
    headers = {**sign("https://hooks.closer.example/twilio/sms", params),
               "X-Forwarded-Proto": "https", "X-Forwarded-Host": "hooks.closer.example"}
    assert app.test_client().post("/twilio/sms", data=params, headers=headers).status_code == 200
    assert app.test_client().post("/twilio/sms", data=params, headers={
        **sign("https://hooks.closer.example/twilio/sms", params)}).status_code == 403


def test_missing_sender_is_400(app):
    assert post_signed(app.test_client(), "/twilio/sms", {"Body": "STOP"}).status_code == 400
