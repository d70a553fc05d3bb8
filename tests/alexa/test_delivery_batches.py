"""Much waiting for a partner: spoken a few at a time, the rest offered with a yes, nothing lost.

All at once, a couple of weeks of appreciations would run for minutes and past the 8,000
characters of speech Alexa accepts in one reply (it would then say the skill failed).
"""
from __future__ import annotations

from .helpers import pair

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def _appreciations(ana, count: int) -> list[str]:
    said = [f"the note number {n} you left me" for n in range(1, count + 1)]
    for words in said:
        ana.say(f"ask closer together i appreciated {words}")
    return said


def _heard(turn, said: list[str]) -> list[str]:
    return [words for words in said if words + "." in turn.speech_text]


def test_a_long_wait_is_told_three_at_a_time_with_a_yes_for_the_rest(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    said = _appreciations(ana, 7)
    first = ben.launch()
    assert _heard(first, said) == said[:3]
    assert first.speech_text.endswith("There are 4 more things from Ana. Would you like to hear them now?")
    second = ben.say("yes")
    assert _heard(second, said) == said[3:6]
    assert second.speech_text.endswith("There's one more thing from Ana. Would you like to hear it now?")
    last = ben.say("yes")
    assert _heard(last, said) == said[6:]
    assert last.speech_text.endswith("That's everything for now. What would you like to do?")
    ben.say("stop")
    assert _heard(ben.launch(), said) == []


def test_a_no_keeps_the_rest_for_next_time(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    said = _appreciations(ana, 5)
    assert _heard(ben.launch(), said) == said[:3]
    ben.say("no")
    again = ben.launch()
    assert _heard(again, said) == said[3:]
    assert "more things" not in again.speech_text and "one more thing" not in again.speech_text


def test_every_reply_stays_within_alexas_speech_limit(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    long_words = "the way you " + " ".join(["always"] * 40) + " remember the small things"
    for _ in range(25):  # about 8,700 characters if spoken at once
        ana.say(f"ask closer together i appreciated {long_words}")
    turn, heard = ben.launch(), 0
    while True:
        assert len(turn.raw["response"]["outputSpeech"]["ssml"]) <= 8000
        heard += turn.speech_text.count("left you an appreciation")
        if "Would you like to hear" not in turn.speech_text:
            break
        turn = ben.say("yes")
    assert heard == 25
