"""The resolver's forgiving tier (skill.alexa.near_matches), tried only when no sample matches as
written: rephrasings reach the nearest sample, and nothing turns a request around or invents one."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.alexa.near_matches import FILLERS, FUNCTION_WORDS, NEGATIONS, REVERSALS
from skill.alexa.utterances import BUILTIN_PHRASES, FALLBACK, normalise, resolve

from .test_utterances import TODAY, US, _cases, _filled

@pytest.mark.parametrize("said,intent,slots", [
    ("what's the prompt for tonight", "TonightPromptIntent", {}),
    ("give me tonight's prompt now", "TonightPromptIntent", {}),
    ("tell me the prompt for tonight", "TonightPromptIntent", {}),
    ("start the check in", "SoftCheckInIntent", {}),
    ("can we start our weekly check in", "SoftCheckInIntent", {}),
    ("draw something from the jar", "JarDrawIntent", {}),
    ("when's the next video call", "NextCallIntent", {}),
    ("when will we talk next", "NextCallIntent", {}),
    ("how many days until our next visit", "NextVisitIntent", {}),
    ("show me our progress", "HowAreWeDoingIntent", {}),
    ("give me the link to our calendar", "CalendarLinkIntent", {}),
    ("has my partner answered the prompt yet", "PartnerAnswerIntent", {}),
    ("turn off text nudges", "NudgeSettingsIntent", {}),  # not "turn on text nudges" with on unsaid
    ("add picnic in the park to the jar now", "JarAddIntent", {"idea": "picnic in the park"}),
    ("please add a picnic to the connection jar now", "JarAddIntent", {"idea": "a picnic"}),
    ("what time is it for ana right now", "PartnerTimeIntent", {"partnerName": "Ana"}),
    ("what did ana say about tonight's prompt", "PartnerAnswerIntent", {"partnerName": "Ana"}),
    ("add a visit on march 4th now", "AddVisitIntent", {"startDate": "2027-03-04"}),
])
def test_rephrasings_reach_the_nearest_sample(said, intent, slots):
    got = resolve(US, said, today=TODAY)
    assert (got.intent, {k: got.slots[k] for k in slots}) == (intent, slots)


@pytest.mark.parametrize("said", [
    "i really don't feel safe right now", "i am scared right now", "i'm in danger right now",
    "my partner is hurting me right now", "my partner hit me again", "i don't feel safe here",
])
def test_safety_rephrasings_reach_the_safety_intent(said):
    assert resolve(US, said, today=TODAY).intent == "SafetyIntent"


@pytest.mark.parametrize("said", [
    # The model's "i'm not safe", "i'm scared", "i'm in danger", "my partner hurts me" with a
    # negation left out or added: the opposite request, so no near match.
    "i am safe", "i'm safe right now", "i'm not scared", "i'm not in danger", "i am not afraid of my partner",
    "my partner never hurts me",
    # A word that ends or undoes what the rest of a sample asks for.
    "stop the presence practice", "i want to stop the presence practice", "delete tonight's prompt",
    "skip tonight's prompt",
    # Words touching a capture belong to it: no name "Doctor", no date "February", no idea "... into".
    "what did the doctor say", "add a visit on february thirtieth", "put a movie night into the jar",
    # Other requests, and other content words than the model's.
    "what is the capital of france", "order more paper towels",
    "what time is it", "play some music", "give me a new recipe",
])
def test_near_matches_do_not_turn_a_request_around_or_invent_one(said):
    assert resolve(US, said, today=TODAY).intent == FALLBACK


@pytest.mark.parametrize("said,intent,slots", [
    ("tell ben i love him", "LeaveNoteIntent", {"message": "ben i love him", "partnerName": None}),
    ("tell ben i'm proud of him", "LeaveNoteIntent", {"message": "ben i'm proud of him", "partnerName": None}),
    # Another request is the note's handler's to turn down ("tell me ..." is no note for Ben).
    ("tell me a joke about cats", "LeaveNoteIntent", {"message": "me a joke about cats", "partnerName": None}),
    ("tell me the prompt for tonight", "TonightPromptIntent", {}),
    ("tell ben i miss him", "NudgePartnerIntent", {"partnerName": "Ben"}),  # its own sample: a nudge
])
def test_a_catch_all_sample_gives_way_only_to_a_near_sample_of_another_intent(said, intent, slots):
    got = resolve(US, said, today=TODAY)
    assert (got.intent, got.slots) == (intent, slots)


def test_negations_reversals_and_safety_words_are_content_words():
    safety_words = {"not", "safe", "unsafe", "safety", "scared", "scares", "afraid", "danger", "help",
                    "emergency", "hurts", "hurting", "hit", "threatens", "abused"}
    samples = next(i for i in US["interactionModel"]["languageModel"]["intents"] if i["name"] == "SafetyIntent")
    assert all(safety_words & set(normalise(s)) for s in samples["samples"])  # the list covers each sample
    assert not (safety_words | NEGATIONS | REVERSALS) & FUNCTION_WORDS


def test_an_exact_tie_between_intents_goes_to_the_first_in_the_model():
    def model(*intents):
        return {"interactionModel": {"languageModel": {"intents": [
            {"name": name, "samples": [sample]} for name, sample in intents]}}}

    first, second = ("AppleIntent", "apple pie"), ("PieIntent", "pie apple")
    assert resolve(model(first, second), "pie with apple").intent == "AppleIntent"
    assert resolve(model(second, first), "pie with apple").intent == "PieIntent"


class TestExpectingNearMatches:
    @pytest.mark.parametrize("expecting", [("JoinIntent", "code"), ("AddVisitIntent", "startDate"),
                                           ("SoftCheckInIntent", "need")])
    def test_not_being_safe_in_other_words_escapes_any_question(self, expecting):
        got = resolve(US, "i really don't feel safe right now", expecting=expecting, today=TODAY)
        assert got.intent == "SafetyIntent"
        assert resolve(US, "i really don't feel safe right now", expecting=expecting, today=TODAY,
                       forgiving=False).intent != "SafetyIntent"  # only the near match hears it

    @pytest.mark.parametrize("said", ["give me tonight's prompt now", "what's the prompt for tonight"])
    def test_a_free_answer_is_not_taken_by_a_near_match(self, said):
        got = resolve(US, said, expecting=("SoftCheckInIntent", "need"), today=TODAY)
        assert (got.intent, got.slots["need"]) == ("SoftCheckInIntent", said)


_US_CASES = [c.values[1:] for c in _cases() if c.values[0] == "en-US"]


@given(st.sampled_from(_US_CASES))
def test_near_matches_never_change_what_a_sample_resolves_to(case):
    intent, sample, types = case
    said, _ = _filled(sample, types)
    got = resolve(US, said, today=TODAY)
    assert got == resolve(US, said, today=TODAY, forgiving=False) and got.intent == intent


_WORDED = [c for c in _US_CASES if "{" not in c[1] and set(normalise(c[1])) - FUNCTION_WORDS]


@given(st.sampled_from(_WORDED), st.sampled_from(sorted(FILLERS)), st.integers(0, 20))
def test_a_filler_anywhere_in_a_sample_keeps_its_intent(case, filler, at):
    intent, sample, _ = case
    words = sample.split()
    at %= len(words) + 1
    assert resolve(US, " ".join(words[:at] + [filler] + words[at:]), today=TODAY).intent == intent


_SALAD = ("cats joke weather paris pizza music capital france towels paper order banana rain football recipe "
          "lamp garden purple quickly").split()
_MODEL_WORDS = ({w for i in US["interactionModel"]["languageModel"]["intents"] for s in i["samples"] for w in normalise(s)}
                | {w for phrases in BUILTIN_PHRASES.values() for s in phrases for w in normalise(s)})


def test_the_salad_is_made_of_words_outside_the_model():
    assert not {w for s in _SALAD for w in (s, s.removesuffix("s"))} & _MODEL_WORDS


@given(st.lists(st.sampled_from(_SALAD), min_size=1, max_size=12))
def test_word_salad_from_outside_the_model_is_fallback(words):
    assert resolve(US, " ".join(words), today=TODAY).intent == FALLBACK
