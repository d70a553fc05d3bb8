"""Voice notes: call in, get greeted by name, record; the partner gets a link at a good hour."""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from skill.nudges import dispatch_once, set_preferences
from skill.nudges.records import NudgeStore
from skill.nudges.sender import OutboxSender

from .helpers import ANA_PHONE, BEN_PHONE, PUBLIC, WEDNESDAY, enrolled_couple, post_signed, snapshot

RECORDING = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE" + "a" * 32


class EightDaysAgo(TimestampSigner):
    """Signs with a timestamp from eight days ago, as if the token had been sent then."""

    def get_timestamp(self) -> int:
        return int(time.time()) - 8 * 86400


CALL = {"CallSid": "CA" + "c" * 32, "From": BEN_PHONE, "To": "+15005550006"}


@pytest.fixture
def app(outbox_app):
    outbox_app.config["CLOSER_NOW"] = WEDNESDAY.replace(hour=23).isoformat()  # 00:00 in Berlin
    return outbox_app


@pytest.fixture
def couple(app):
    couple = enrolled_couple(app)
    for pid in "ab":
        set_preferences(app, couple.id, pid, now=WEDNESDAY, enabled=False)
    return couple


def completed(client, **extra):
    params = {"CallSid": CALL["CallSid"], "RecordingSid": "RE" + "a" * 32, "RecordingUrl": RECORDING,
              "RecordingStatus": "completed", "RecordingDuration": "42", "AccountSid": "AC1", **extra}
    return post_signed(client, "/twilio/voice/recording", params)


def test_a_known_caller_is_greeted_by_name_and_recorded(app, couple):
    answer = post_signed(app.test_client(), "/twilio/voice", CALL)
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    root = ET.fromstring(answer.get_data())
    assert "Hi Ben" in root.find("Say").text and "Ana" in root.find("Say").text
    record = root.find("Record").attrib
    assert record["maxLength"] == "120"
    assert record["action"] == PUBLIC + "/twilio/voice/recorded"
    assert record["recordingStatusCallback"] == PUBLIC + "/twilio/voice/recording"


def test_an_unknown_caller_hears_how_to_link_and_nothing_is_recorded(app, couple):
    answer = post_signed(app.test_client(), "/twilio/voice", {**CALL, "From": "+447700900123"})
    root = ET.fromstring(answer.get_data())
    assert root.find("Record") is None and root.find("Hangup") is not None


def test_a_recording_reaches_the_partner_at_her_first_decent_hour(app, couple):
    client = app.test_client()
    post_signed(client, "/twilio/voice", CALL)
    assert "Thank you" in post_signed(client, "/twilio/voice/recorded", {**CALL, "RecordingDuration": "42"}
                                      ).get_data(as_text=True)
    assert completed(client).status_code == 204
    store = NudgeStore(app.extensions["closer.redis"])
    note = next(n for n in store.history(couple.id) if n.kind == "voicenote")
    # Midnight in Berlin: held until Ana's quiet hours end at 08:00 (07:00 UTC).
    assert note.to == "a" and note.due_at == WEDNESDAY.replace(day=6, hour=7)
    dispatch_once(app, WEDNESDAY.replace(hour=23))
    assert OutboxSender(app.extensions["closer.redis"]).messages() == []
    dispatch_once(app, note.due_at)
    [text] = OutboxSender(app.extensions["closer.redis"]).messages()
    assert text["to"] == ANA_PHONE and "Ben" in text["body"] and "STOP" in text["body"]
    link = next(word for word in text["body"].split() if word.startswith(PUBLIC))
    assert len(link) <= 40  # the content library's limit, so the text stays one segment
    hop = client.get(link.removeprefix(PUBLIC))
    assert hop.status_code == 302 and hop.location.startswith("/voice-notes/")
    audio = client.get(hop.location)
    assert audio.status_code == 302 and audio.location == RECORDING + ".mp3"


def test_a_retried_recording_callback_sends_one_link(app, couple):
    client = app.test_client()
    post_signed(client, "/twilio/voice", CALL)
    completed(client)
    completed(client)
    notes = [n for n in NudgeStore(app.extensions["closer.redis"]).history(couple.id) if n.kind == "voicenote"]
    assert len(notes) == 1


def test_voice_note_tokens_are_signed_and_expire(app, couple):
    client = app.test_client()
    post_signed(client, "/twilio/voice", CALL)
    completed(client)
    token = URLSafeTimedSerializer("someone-else", salt="closer-voice-note").dumps("RE" + "a" * 32)
    assert client.get(f"/voice-notes/{token}").status_code == 404
    good = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="closer-voice-note")
    assert client.get(f"/voice-notes/{good.dumps('RE' + 'a' * 32)}").status_code == 302
    # A token signed eight days ago is refused.
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="closer-voice-note", signer=EightDaysAgo)
    assert client.get(f"/voice-notes/{old.dumps('RE' + 'a' * 32)}").status_code == 410
    assert client.get("/l/not-a-code").status_code == 404


def test_forged_voice_webhooks_are_403_and_change_nothing(app, couple):
    redis = app.extensions["closer.redis"]
    before = snapshot(redis)
    client = app.test_client()
    assert client.post("/twilio/voice", data=CALL).status_code == 403
    assert post_signed(client, "/twilio/voice/recording", {"CallSid": CALL["CallSid"]}, token="x").status_code == 403
    assert snapshot(redis) == before


def test_bad_recording_callbacks_get_4xx(app, couple):
    client = app.test_client()
    assert completed(client).status_code == 404  # a call we never answered
    post_signed(client, "/twilio/voice", CALL)
    assert completed(client, RecordingUrl="http://insecure.example/x").status_code == 400
