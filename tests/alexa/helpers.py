"""Test helpers for multi-device conversations."""
from __future__ import annotations

import re


def spoken_code(turn) -> str:
    """The six-digit pairing code a "set us up" answer spoke."""
    ssml = turn.raw["response"]["outputSpeech"]["ssml"]
    match = re.search(r'<say-as interpret-as="digits">(\d{6})</say-as>', ssml)
    assert match, f"no code in {ssml!r}"
    return match.group(1)


def pair(device, first=("ana", "America/Los_Angeles"), second=("ben", "Europe/Berlin")):
    """Two devices linked as one couple (names given by voice); returns both conversations."""
    ana, ben = device(*first), device(*second)
    code = spoken_code(ana.say("ask closer together to set us up"))
    ana.say(f"my name is {first[0]}")
    ben.say(f"ask closer together to join with code {code}")
    ben.say(f"my name is {second[0]}")
    return ana, ben


def plan_saturday_call(person):
    """Plan the couple's standing call on Saturday evenings by voice and say yes to saving it;
    returns the answer to that yes (which offers a reminder)."""
    proposal = person.say("ask closer together to plan our standing call on saturday evenings")
    assert "Shall I save it?" in proposal.speech_text and "for you" in proposal.speech_text
    return person.say("yes")
