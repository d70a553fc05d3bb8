"""A worker that has served a user reads their record, couple and evening in one round trip, and a
hint that has gone stale (re-paired, forgotten) never changes what anyone hears.

Every test here runs twice: with hints (the default) and with CLOSER_COUPLE_HINTS=0, so the two
paths are held to the same answers.
"""
from __future__ import annotations

import pytest
from redis.connection import AbstractConnection

from skill.store.hints import CoupleHint, CoupleHints

from .helpers import pair, spoken_code


@pytest.fixture(params=[10_000, 0], ids=["hints", "no-hints"])
def app_config(app_config, request):
    app_config["CLOSER_COUPLE_HINTS"] = request.param
    return app_config


@pytest.fixture
def round_trips(monkeypatch):
    """Count what the real redis client sends: one packed send per command or pipeline."""
    sent = []
    original = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return sent


def test_a_repeat_request_costs_one_round_trip_with_hints_and_two_without(app, device, round_trips):
    ana, ben = pair(device)
    first = ana.say("ask closer together for tonight's prompt").card["content"]
    round_trips.clear()
    again = ana.say("ask closer together for tonight's prompt")
    assert again.card["content"] == first
    assert len(round_trips) == (1 if app.config["CLOSER_COUPLE_HINTS"] else 2)


def test_joining_a_partner_moves_a_solo_user_off_their_old_couple(device):
    # Ana asks alone first (a couple of one), then joins Ben: her hint still names the old couple.
    ana = device("ana", "America/Los_Angeles")
    ana.say("ask closer together for tonight's prompt")
    ben = device("ben", "Europe/Berlin")
    code = spoken_code(ben.say("ask closer together to set us up"))
    assert "linked" in ana.say(f"ask closer together to join with code {code}").speech_text
    bens = ben.say("ask closer together for tonight's prompt").card["content"]
    assert ana.say("ask closer together for tonight's prompt").card["content"] == bens


def test_after_forget_me_the_user_starts_afresh_and_the_partner_is_told(device):
    ana, ben = pair(device)
    ben.say("ask closer together for tonight's prompt")
    ben.say("ask closer together to forget me")
    assert "deleted your data" in ben.say("yes").speech_text
    assert "unlinked" in ana.launch().speech_text
    ana.say("stop")
    assert ben.say("ask closer together for tonight's prompt").card  # a prompt of his own, no error
    assert "set us up" in ben.say("ask closer together to nudge my partner").speech_text


def test_hints_are_bounded_and_follow_the_record():
    hints = CoupleHints(size=2)
    hints.remember("u1", {"couple": "c1", "partner": "a", "zone": "Europe/Lisbon"})
    hints.remember("u2", {"couple": "c2", "partner": "b"})
    assert hints.get("u2") == CoupleHint("c2", "b", "UTC")
    hints.remember("u3", {"couple": "c3", "partner": "a", "zone": "Asia/Tokyo"})
    assert hints.get("u1") is None and len(hints) == 2  # the oldest left
    hints.remember("u2", {})  # no couple any more: nothing to hint
    assert hints.get("u2") is None
    off = CoupleHints(size=0)
    off.remember("u1", {"couple": "c1", "partner": "a"})
    assert off.get("u1") is None and len(off) == 0
