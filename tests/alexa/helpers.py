"""Test helpers for multi-device conversations."""
from __future__ import annotations

import re
from datetime import date


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


def reminder_days(reminder: dict) -> tuple[date, date | None, int | None]:
    """(first day, last day or None when open-ended, days between rings or None for a one-off)."""
    trigger = reminder["trigger"]
    recurrence = trigger.get("recurrence")
    first = date.fromisoformat(trigger["scheduledTime"][:10])
    if not recurrence:
        return first, first, None
    rule = dict(part.split("=") for part in recurrence["recurrenceRules"][0].split(";"))
    assert rule["FREQ"] == "WEEKLY" and date.fromisoformat(recurrence["startDateTime"][:10]) == first
    last = recurrence.get("endDateTime")
    return first, last and date.fromisoformat(last[:10]), 7 * int(rule["INTERVAL"])


def rings_on(reminders: list[dict], day: date) -> bool:
    for reminder in reminders:
        first, last, every = reminder_days(reminder)
        if first <= day and (last is None or day <= last) and (day - first).days % (every or 10**6) == 0:
            return True
    return False
