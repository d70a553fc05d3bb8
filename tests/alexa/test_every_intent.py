"""Every intent of the interaction model gets a valid, meaningful spoken answer.

Each intent is driven by its first sample utterance (slot values filled in as a person would
say them), through the utterance resolver, a real envelope and POST /alexa.
"""
from __future__ import annotations

import json
import logging
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


def test_a_skill_event_out_of_session_is_handled_without_an_error(device, caplog):
    """Skill events carry no session: nothing on their path may read session attributes (the
    response interceptor did, and turned every SkillDisabled into a logged error and an apology)."""
    ana = device("ana")
    ana.launch()
    with caplog.at_level(logging.ERROR):
        raw = ana.event("SkillDisabled")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    assert raw["version"] == "1.0" and "outputSpeech" not in raw.get("response", {})


def test_a_yes_answers_only_the_question_just_asked(device, redis_client):
    """"Forget me?", then another exchange, then "yes": the yes must not delete anything (the
    question used to stay in the session until some yes or no came)."""
    from .helpers import pair

    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    assert "?" in ana.say("ask closer together to forget me").speech_text
    assert ana.say("what's tonight's prompt").should_end_session is False
    assert "deleted" not in ana.say("yes").speech_text
    assert ana.launch() and "Ben" in ana.say("what time is it for ben").speech_text  # still paired


def test_repeat_keeps_a_yes_no_question_open(device):
    from .helpers import pair

    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    proposal = ana.say("ask closer together to plan our standing call on saturday evenings").speech_text
    assert ana.say("repeat that").speech_text == proposal
    assert "Saved" in ana.say("yes").speech_text


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


def test_no_to_forget_me_says_nothing_was_deleted(device, redis_client):
    from .helpers import pair

    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    keys = sorted(redis_client.scan_iter("*"))
    ana.say("ask closer together to forget me")
    kept = ana.say("no")
    assert kept.speech_text == "Okay, I haven't deleted anything. Everything stays as it was."
    assert kept.should_end_session is True and sorted(redis_client.scan_iter("*")) == keys
