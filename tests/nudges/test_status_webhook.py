"""Delivery status callbacks, posted back over HTTP by the stand-in and signed like Twilio's."""
from __future__ import annotations

from skill.nudges import couple_status, dispatch_once, request_voice_note, set_preferences
from skill.nudges.consent import get as consent_of
from skill.nudges.records import NudgeStore
from skill.nudges.report import format_status

from .helpers import ANA_PHONE, WEDNESDAY, enrolled_couple, post_signed, snapshot


def sent_ask(app, standin, *fault):
    """Ben asks for a voice note and the dispatcher sends it to Ana; returns the record."""
    couple = enrolled_couple(app)
    set_preferences(app, couple.id, "a", now=WEDNESDAY, enabled=False)
    standin.enqueue(*fault)
    due = request_voice_note(app, couple.id, "b", WEDNESDAY)
    dispatch_once(app, due)
    store = NudgeStore(app.extensions["closer.redis"])
    return couple, store, next(n for n in store.history(couple.id) if n.kind == "ask")


def test_callbacks_are_recorded_and_shown_in_status(live, standin):
    couple, store, nudge = sent_ask(live, standin)
    assert standin.send_status_callbacks(("sent", "delivered")) == [204, 204]
    assert (store.get(nudge.id).status, store.get(nudge.id).state) == ("delivered", "sent")
    status = couple_status(live, couple.id)
    assert next(n for n in status["nudges"] if n["id"] == nudge.id)["delivery"] == "delivered"
    assert "ask       to a  sent (delivery delivered)" in format_status(status)


def test_an_older_status_never_overwrites_a_newer_one(live, standin):
    _, store, nudge = sent_ask(live, standin)
    standin.send_status_callbacks(("delivered", "sent", "queued"))
    assert store.get(nudge.id).status == "delivered"


def test_undelivered_and_failed_are_recorded_with_their_error(live, standin):
    _, store, nudge = sent_ask(live, standin)
    standin.send_status_callbacks(("sent", "undelivered"), error_code="30003")
    record = store.get(nudge.id)
    assert (record.status, record.error) == ("undelivered", "30003")


def test_a_failed_21610_callback_opts_the_number_out(live, standin):
    _, _, _ = sent_ask(live, standin)
    standin.send_status_callbacks(("failed",), error_code="21610")
    assert consent_of(live.extensions["closer.redis"], ANA_PHONE).state == "stopped"


def test_a_callback_settles_a_send_whose_outcome_was_unknown(live, standin):
    _, store, nudge = sent_ask(live, standin, "timeout")
    assert store.get(nudge.id).state == "unknown"
    standin.send_status_callbacks(("sent",))
    record = store.get(nudge.id)
    assert (record.state, record.status) == ("sent", "sent")
    assert record.sid == standin.received[-1]["sid"]


def test_forged_callbacks_are_403_and_change_nothing(live, standin):
    _, store, nudge = sent_ask(live, standin)
    before = snapshot(store.redis)
    assert standin.send_status_callbacks(("delivered",), token="not-our-token") == [403]
    assert snapshot(store.redis) == before


def test_bad_callbacks_get_the_right_4xx(outbox_app):
    couple = enrolled_couple(outbox_app)
    set_preferences(outbox_app, couple.id, "a", now=WEDNESDAY, enabled=False)
    dispatch_once(outbox_app, request_voice_note(outbox_app, couple.id, "b", WEDNESDAY))
    store = NudgeStore(outbox_app.extensions["closer.redis"])
    nudge = next(n for n in store.history(couple.id) if n.kind == "ask")
    client = outbox_app.test_client()
    good = {"MessageSid": nudge.sid, "MessageStatus": "delivered"}
    assert post_signed(client, "/twilio/status", good).status_code == 400  # no ?n=
    assert post_signed(client, "/twilio/status?n=nope", good).status_code == 404
    assert post_signed(client, f"/twilio/status?n={nudge.id}", {**good, "MessageStatus": "eaten"}).status_code == 400
    assert post_signed(client, f"/twilio/status?n={nudge.id}", {**good, "MessageSid": "SM" + "9" * 32}).status_code == 409
    assert post_signed(client, f"/twilio/status?n={nudge.id}", good).status_code == 204
    assert store.get(nudge.id).status == "delivered"


def test_a_callback_that_beats_our_own_record_is_kept(outbox_app):
    couple = enrolled_couple(outbox_app)
    set_preferences(outbox_app, couple.id, "a", now=WEDNESDAY, enabled=False)
    due = request_voice_note(outbox_app, couple.id, "b", WEDNESDAY)
    store = NudgeStore(outbox_app.extensions["closer.redis"])
    [claimed] = [n for n in store.claim(due, limit=10, lease=60, owner="us") if n.kind == "ask"]
    assert store.begin(claimed, consent="active", lease=60, text="hi") == "go"
    sid = "SM" + "5" * 32
    # Twilio accepted it and delivered it before our dispatcher wrote down the answer.
    answer = post_signed(outbox_app.test_client(), f"/twilio/status?n={claimed.id}",
                         {"MessageSid": sid, "MessageStatus": "delivered"})
    assert answer.status_code == 204
    assert store.move(claimed, src="sending", dst="sent", sid=sid, status="queued", status_rank=1) == "sent"
    record = store.get(claimed.id)
    assert (record.state, record.sid, record.status) == ("sent", sid, "delivered")
