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
