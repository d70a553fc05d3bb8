"""The dispatcher sends each nudge at most once: retries, errors, timeouts and crashes."""
from __future__ import annotations

from datetime import timedelta

from skill.nudges import dispatch_once, keys, request_voice_note, set_preferences
from skill.nudges.consent import get as consent_of
from skill.nudges.dispatcher import get_dispatcher
from skill.nudges.records import NudgeStore

from .helpers import ANA_PHONE, WEDNESDAY, enrolled_couple


def ask(app, couple):
    """Ben asks for a voice note: a one-off nudge to Ana. Returns (due, nudge id).

    Ana's periodic nudges are paused first, so the ask is the only text due for her.
    """
    set_preferences(app, couple.id, "a", now=WEDNESDAY, enabled=False)
    due = request_voice_note(app, couple.id, "b", WEDNESDAY)
    store = NudgeStore(app.extensions["closer.redis"])
    nudge = next(n for n in store.history(couple.id) if n.kind == "ask")
    return due, nudge.id


def arrived(standin, nudge_id):
    """Messages the stand-in accepted for one nudge (its callback URL names the nudge)."""
    return [m for m in standin.received if m["status_callback"].endswith(f"n={nudge_id}")]


def test_429_and_500_are_retried_with_backoff_and_sent_once(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    due, nudge_id = ask(twilio_app, couple)
    store = NudgeStore(twilio_app.extensions["closer.redis"])
    standin.enqueue("429")
    assert dispatch_once(twilio_app, due).retried >= 1
    first = store.get(nudge_id)
    assert (first.state, first.attempts, first.error) == ("scheduled", 1, "20429")
    assert first.due_at > due  # back in the due-index, later
    standin.enqueue("500")
    dispatch_once(twilio_app, first.due_at)
    second = store.get(nudge_id)
    assert (second.state, second.attempts) == ("scheduled", 2)
    dispatch_once(twilio_app, second.due_at)
    assert store.get(nudge_id).state == "sent"
    assert len(arrived(standin, nudge_id)) == 1
    assert arrived(standin, nudge_id)[0]["to"] == ANA_PHONE and "Ben" in arrived(standin, nudge_id)[0]["body"]


def test_retries_are_bounded(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    due, nudge_id = ask(twilio_app, couple)
    store = NudgeStore(twilio_app.extensions["closer.redis"])
    standin.rates = {"500": 1.0}
    moment = due
    for _ in range(10):
        dispatch_once(twilio_app, moment)
        nudge = store.get(nudge_id)
        if nudge.state != "scheduled":
            break
        moment = nudge.due_at
    assert (nudge.state, nudge.attempts) == ("failed", 5)
    assert arrived(standin, nudge_id) == []


def test_21610_fails_the_nudge_and_opts_the_number_out(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    due, nudge_id = ask(twilio_app, couple)
    standin.unsubscribed.add(ANA_PHONE)
    dispatch_once(twilio_app, due)
    nudge = NudgeStore(twilio_app.extensions["closer.redis"]).get(nudge_id)
    assert (nudge.state, nudge.error) == ("failed", "21610")
    record = consent_of(twilio_app.extensions["closer.redis"], ANA_PHONE)
    assert (record.state, record.stopped_via) == ("stopped", "twilio-21610")
    # Nothing more is even attempted for her: later nudges are suppressed before any request.
    attempts = len(standin.attempts)
    assert request_voice_note(twilio_app, couple.id, "b", due) is None
    dispatch_once(twilio_app, due + timedelta(days=7))
    assert [a for a in standin.attempts[attempts:] if a[0] == ANA_PHONE] == []


def test_timeout_is_recorded_unknown_and_never_resent(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    due, nudge_id = ask(twilio_app, couple)
    redis = twilio_app.extensions["closer.redis"]
    standin.enqueue("timeout")
    assert dispatch_once(twilio_app, due).unknown >= 1
    assert NudgeStore(redis).get(nudge_id).state == "unknown"
    assert nudge_id in redis.lrange(keys.UNKNOWN, 0, -1)[-1]
    dispatch_once(twilio_app, due + timedelta(hours=1))
    dispatch_once(twilio_app, due + timedelta(days=1))
    assert len(arrived(standin, nudge_id)) == 1  # Twilio did take it, once


def test_a_claim_whose_owner_died_before_sending_is_requeued_and_sent_once(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    due, nudge_id = ask(twilio_app, couple)
    store = NudgeStore(twilio_app.extensions["closer.redis"])
    # A dispatcher claims with a lease that is already over, and dies before `begin`.
    dead = store.claim(due, limit=10, lease=0, owner="dead")
    assert nudge_id in [n.id for n in dead]
    report = dispatch_once(twilio_app, due)
    assert report.requeued >= 1 and store.get(nudge_id).state == "sent"
    assert len(arrived(standin, nudge_id)) == 1
    # The dead owner waking up cannot send it again: its token is stale.
    stale = next(n for n in dead if n.id == nudge_id)
    assert store.begin(stale, consent="active", lease=60, text="again") == "stale"


def test_a_nudge_caught_mid_send_is_lost_logged_and_not_resent(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    redis = twilio_app.extensions["closer.redis"]
    store = NudgeStore(redis)
    head = redis.hget(keys.settings(couple.id, "a"), "next")
    periodic = store.get(head)
    # A dispatcher claims Ana's periodic nudge, commits to sending, and is killed right there.
    claimed = next(n for n in store.claim(periodic.due_at, limit=10, lease=0, owner="killed") if n.id == head)
    assert store.begin(claimed, consent="active", lease=0, text="in flight") == "go"
    report = dispatch_once(twilio_app, periodic.due_at)
    assert report.lost == 1 and report.lost_ids == [head]
    assert store.get(head).state == "lost"
    assert store.lost()[-1]["id"] == head and store.lost()[-1]["owner"] == "killed"
    assert arrived(standin, head) == []
    # Not resent, but the next periodic nudge is planned.
    follower = redis.hget(keys.settings(couple.id, "a"), "next")
    assert follower != head and store.get(follower).state == "scheduled"
    assert store.get(follower).due_at > periodic.due_at
    dispatch_once(twilio_app, periodic.due_at + timedelta(minutes=30))
    assert arrived(standin, head) == []


def test_a_slow_owner_reaped_as_lost_still_records_the_real_outcome(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    due, nudge_id = ask(twilio_app, couple)
    store = NudgeStore(twilio_app.extensions["closer.redis"])
    dispatcher = get_dispatcher(twilio_app)
    claimed = next(n for n in store.claim(due, limit=10, lease=0, owner="slow") if n.id == nudge_id)
    assert store.begin(claimed, consent="active", lease=0, text="hello") == "go"
    dispatcher.reap(due, report=type("R", (), {"lost": 0, "lost_ids": [], "requeued": 0})())
    assert store.get(nudge_id).state == "lost"
    outcome = dispatcher.sender.send(ANA_PHONE, "hello", status_callback=f"https://x/twilio/status?n={nudge_id}")
    assert store.move(claimed, **dispatcher._plan(claimed, outcome, due)) == "sent"
    assert store.get(nudge_id).sid == outcome.sid and len(arrived(standin, nudge_id)) == 1


def test_a_periodic_nudge_hours_late_is_skipped_and_the_next_one_planned(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    redis = twilio_app.extensions["closer.redis"]
    store = NudgeStore(redis)
    head = redis.hget(keys.settings(couple.id, "a"), "next")
    due = store.get(head).due_at
    late = due + timedelta(hours=5)  # the dispatcher was down
    report = dispatch_once(twilio_app, late)
    assert store.get(head).state == "skipped" and store.get(head).detail in ("late", "quiet hours")
    assert report.skipped >= 1 and arrived(standin, head) == []
    follower = store.get(redis.hget(keys.settings(couple.id, "a"), "next"))
    assert follower.state == "scheduled" and follower.due_at > late


def test_a_late_one_off_is_moved_to_a_good_hour_not_sent_late(twilio_app, standin):
    couple = enrolled_couple(twilio_app)
    due, nudge_id = ask(twilio_app, couple)
    store = NudgeStore(twilio_app.extensions["closer.redis"])
    night = due + timedelta(hours=8)  # 02:00 in Berlin
    dispatch_once(twilio_app, night)
    moved = store.get(nudge_id)
    assert moved.state == "scheduled" and moved.due_at > night
    assert arrived(standin, nudge_id) == []
    dispatch_once(twilio_app, moved.due_at)
    assert store.get(nudge_id).state == "sent" and len(arrived(standin, nudge_id)) == 1
