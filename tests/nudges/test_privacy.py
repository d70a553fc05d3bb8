"""Export and "forget me" cover nudges: numbers, consent, texts, voice notes."""
from __future__ import annotations

from skill.nudges import dispatch_once, keys
from skill.nudges.consent import get as consent_of
from skill.nudges.records import NudgeStore
from skill.nudges.sender import OutboxSender
from skill.services.privacy import export_couple, forget_partner

from .helpers import ANA_PHONE, BEN_PHONE, WEDNESDAY, enrolled_couple, post_signed


def test_export_includes_numbers_consent_and_texts(outbox_app):
    couple = enrolled_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    dispatch_once(outbox_app, NudgeStore(redis).get(redis.hget(keys.settings(couple.id, "a"), "next")).due_at)
    data = export_couple(redis, couple.id)["extra"]["nudges"]
    assert data["partners"]["a"]["phone"] == ANA_PHONE
    assert [e["event"] for e in data["partners"]["a"]["consent"]] == ["enrolled", "opted-in"]
    assert any(t["kind"] == "nudge" and t["state"] == "sent" and "Ben" in t["text"] for t in data["texts"])


def test_forgetting_a_partner_removes_their_nudge_data_and_sends_nothing_more(outbox_app):
    couple = enrolled_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    outbox_app.config["CLOSER_NOW"] = WEDNESDAY.isoformat()
    client = outbox_app.test_client()
    post_signed(client, "/twilio/voice", {"CallSid": "CA1", "From": BEN_PHONE})
    post_signed(client, "/twilio/voice/recording", {
        "CallSid": "CA1", "RecordingSid": "RE1", "RecordingStatus": "completed",
        "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"})
    assert redis.exists(keys.voice_note("RE1"))

    assert forget_partner(redis, couple.id, "a", WEDNESDAY)
    assert consent_of(redis, ANA_PHONE).state == "none"
    assert not redis.exists(keys.settings(couple.id, "a"), keys.voice_note("RE1"), keys.history(couple.id))
    assert not [k for k in redis.keys("{nudges}:*") if ANA_PHONE in k or ANA_PHONE in str(redis.dump(k))]
    for day in range(7):
        dispatch_once(outbox_app, WEDNESDAY.replace(day=5 + day, hour=19))
    assert OutboxSender(redis).messages() == []


def test_a_stop_survives_forgetting(outbox_app):
    couple = enrolled_couple(outbox_app)
    redis = outbox_app.extensions["closer.redis"]
    post_signed(outbox_app.test_client(), "/twilio/sms", {"From": ANA_PHONE, "Body": "STOP"})
    forget_partner(redis, couple.id, "a", WEDNESDAY)
    record = consent_of(redis, ANA_PHONE)
    assert (record.state, record.couple, record.pid) == ("stopped", "", "")
