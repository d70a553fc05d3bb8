"""Every intent of the interaction model gets a valid, meaningful spoken answer.

Each intent is driven by its first sample utterance (slot values filled in as a person would
say them), through the utterance resolver, a real envelope and POST /alexa.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.alexa.speech import line

MODEL = json.loads((Path(__file__).resolve().parents[2] / "interaction_models" / "en-US.json").read_text())
INTENTS = MODEL["interactionModel"]["languageModel"]["intents"]
FILLERS = {"AMAZON.SearchQuery": "a long walk together", "AMAZON.FirstName": "ben", "AMAZON.NUMBER": "3",
           "AMAZON.DATE": "march fourth", "AMAZON.TIME": "seven pm", "DayOfWeek": "sunday"}
APOLOGY = line("error")


def _utterance(intent: dict) -> str:
    sample = intent["samples"][0] if intent.get("samples") else ""
    for slot in intent.get("slots", []):
        sample = sample.replace("{%s}" % slot["name"], FILLERS.get(slot["type"], "something"))
    return sample


CASES = [(i["name"], _utterance(i)) for i in INTENTS if i.get("samples") and not i["name"].startswith("AMAZON.")]


def test_the_model_has_the_main_intents():
    names = {i["name"] for i in INTENTS}
    for required in ("TonightPromptIntent", "AppreciationIntent", "SoftCheckInIntent", "PresenceIntent",
                     "PlanWeekIntent", "JarAddIntent", "JarDrawIntent", "OpenerIntent", "SafetyIntent",
                     "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                     "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent"):
        assert required in names


@pytest.mark.parametrize("intent,utterance", CASES, ids=[c[0] for c in CASES])
def test_intent_answers_with_speech(device, intent, utterance):
    ana = device("ana", "Europe/London")
    ana.launch()
    turn = ana.say(utterance)
    assert turn.request["request"]["intent"]["name"] == intent, f"{utterance!r} resolved elsewhere"
    speech = turn.raw["response"]["outputSpeech"]
    assert speech["type"] == "SSML" and speech["ssml"].startswith("<speak>")
    assert turn.speech_text and APOLOGY not in turn.speech_text


@pytest.mark.parametrize("utterance,ends", [("help", False), ("stop", True), ("cancel", True),
                                            ("go home", True), ("blorp flibbertigibbet", False)])
def test_built_in_intents(device, utterance, ends):
    ana = device("ana", "Europe/London")
    ana.launch()
    turn = ana.say(utterance)
    assert turn.speech_text and APOLOGY not in turn.speech_text
    assert bool(turn.should_end_session) is ends


def test_session_ended_gets_an_empty_valid_response(device):
    ana = device("ana")
    ana.launch()
    turn = ana.silence()
    assert "outputSpeech" not in turn.raw["response"]
    assert turn.raw["version"] == "1.0"


def test_repeat_says_the_last_thing_again(device):
    ana = device("ana")
    first = ana.launch()
    again = ana.say("repeat that")
    assert again.speech_text == first.speech_text


def test_safety_numbers_follow_the_country_the_device_is_in_not_only_its_language(device, redis_client):
    """A US-English Echo in London must say 999; in Berlin, where we hold no checked numbers,
    "your local emergency number" rather than a US number that would not connect."""
    for name, zone, locale, expected, absent in (
            ("expat", "Europe/London", "en-US", "nine nine nine", "nine one one"),
            ("visitor", "Australia/Sydney", "en-GB", "triple zero", "nine nine nine"),
            ("berliner", "Europe/Berlin", "en-US", "your local emergency number", "nine one one"),
            ("torontonian", "America/Toronto", "en-US", "shelter safe", "National Domestic"),
            ("unknown", None, "en-GB", "nine nine nine", "nine one one")):
        person = device(name, zone, locale=locale)
        person.launch()  # the skill learns the device's zone; the safety path reads it, never asks
        person.say("stop")
        keys_before = sorted(redis_client.keys("*"))
        turn = person.say("ask closer together i don't feel safe at home")
        assert expected in turn.speech_text.lower() and absent.lower() not in turn.speech_text.lower(), (name, turn.speech_text)
        assert sorted(redis_client.keys("*")) == keys_before  # still writes nothing
        # Inside an answer, too.
        person.say("ask closer together to start our check in")
        assert expected in person.say("i'm scared of my partner").speech_text.lower()


def test_safety_stops_prompting_and_gives_local_numbers(device):
    for locale, number_words in (("en-US", "nine one one"), ("en-GB", "nine nine nine"),
                                 ("en-AU", "triple zero"), ("en-CA", "nine one one"), ("en-IN", "one one two")):
        person = device(f"p{locale}", "UTC", locale=locale)
        person.launch()
        turn = person.say("i don't feel safe at home")
        assert turn.request["request"]["intent"]["name"] == "SafetyIntent", turn.request["request"]["intent"]
        assert number_words in turn.speech_text.lower()
        assert turn.should_end_session is True and turn.reprompt_text is None
