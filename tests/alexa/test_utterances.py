"""The utterance resolver: intent matching, slot value conversion, dialog slot filling."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.alexa.utterances import FALLBACK, normalise, resolve
from skill.skill_package import load_models

MODELS = load_models()
US = MODELS["en-US"]
TODAY = date(2026, 11, 24)  # a Tuesday

# One spoken value per slot type, with what Alexa would put in the slot.
SPOKEN = {
    "AMAZON.SearchQuery": ("a picnic by the lake", "a picnic by the lake"),
    "AMAZON.FirstName": ("ana", "Ana"),
    "AMAZON.NUMBER": ("four seven one nine two six", "471926"),
    "AMAZON.DATE": ("march fourth", "2027-03-04"),
    "AMAZON.TIME": ("seven thirty pm", "19:30"),
    "DayOfWeek": ("thursdays", "thursday"),
    "FreeDays": ("saturdays", "saturday"),
    "Traveler": ("i'm", "me"),
}


def _filled(sample: str, slots: dict[str, str]) -> tuple[str, dict[str, str]]:
    expected = {}

    def fill(match):
        name = match.group(1)
        said, value = SPOKEN[slots[name]]
        expected[name] = value
        return said

    return re.sub(r"\{(\w+)\}", fill, sample), expected


def _cases():
    for locale, model in MODELS.items():
        for intent in model["interactionModel"]["languageModel"]["intents"]:
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for sample in intent["samples"]:
                yield pytest.param(locale, intent["name"], sample, types, id=f"{locale}:{sample}")


@pytest.mark.parametrize("locale,intent,sample,types", list(_cases()))
def test_every_sample_resolves_to_its_own_intent_with_its_values(locale, intent, sample, types):
    said, expected = _filled(sample, types)
    got = resolve(MODELS[locale], said, today=TODAY)
    assert got.intent == intent
    for name, value in expected.items():
        assert got.slots[name] == value


@pytest.mark.parametrize("intent,sample,types", [c.values[1:] for c in _cases() if c.values[0] == "en-US"],
                         ids=[c.id for c in _cases() if c.values[0] == "en-US"])
def test_polite_words_around_a_sample_are_looked_past(intent, sample, types):
    said, expected = _filled(sample, types)
    got = resolve(US, f"could you {said} please", today=TODAY)
    assert got.intent == intent
    for name, value in expected.items():
        assert got.slots[name] == value


@pytest.mark.parametrize("said,intent", [
    ("can you send me our calendar link", "CalendarLinkIntent"),
    ("hey alexa what's tonight's prompt", "TonightPromptIntent"),
    ("i'd like you to start our check in", "SoftCheckInIntent"),
    ("please do", "AMAZON.YesIntent"),  # a built-in phrase is not stripped down to "do"
    ("no thank you", "AMAZON.NoIntent"),  # a built-in phrase, as said
    ("can you", FALLBACK),  # carriers alone are not a request
    ("please", FALLBACK),
    ("can you play some jazz please", FALLBACK),
])
def test_carriers_never_invent_or_override_a_match(said, intent):
    assert resolve(US, said, today=TODAY).intent == intent


@pytest.mark.parametrize("said,intent,slots", [
    ("plan our standing call on tuesday at 7 pm please", "PlanCallIntent", {"day": "tuesday", "time": "19:00"}),
    ("nudge ana now", "NudgePartnerIntent", {"partnerName": "Ana"}),
    ("nudge ana please", "NudgePartnerIntent", {"partnerName": "Ana"}),
])
def test_a_filler_after_a_slot_is_not_taken_into_it(said, intent, slots):
    """A custom day type left unresolved by "... please", and a name that took "now", used to
    lose the day and time, and make a partner called "Ana Now"."""
    got = resolve(US, said, today=TODAY)
    assert (got.intent, {k: got.slots[k] for k in slots}) == (intent, slots)


def test_a_typed_slot_does_not_swallow_a_carrier_but_free_text_keeps_every_word():
    assert resolve(US, "poke ana please", today=TODAY).slots["partnerName"] == "Ana"
    answer = resolve(US, "my answer is we should just say thank you", today=TODAY)
    assert answer.intent == "AnswerPromptIntent" and answer.slots["answer"] == "we should just say thank you"


@pytest.mark.parametrize("said,intent,slots", [
    ("What's tonight's prompt?", "TonightPromptIntent", {}),
    ("what is tonight's prompt", "TonightPromptIntent", {}),
    ("Give me a different prompt.", "AnotherPromptIntent", {}),
    ("my answer is we're closer than we think", "AnswerPromptIntent", {"answer": "we're closer than we think"}),
    ("what did my partner say", "PartnerAnswerIntent", {"partnerName": None}),
    ("what did sam say", "PartnerAnswerIntent", {"partnerName": "Sam"}),
    ("I want to share an appreciation", "AppreciationIntent", {"appreciation": None}),
    ("i'm not safe", "SafetyIntent", {}),
    ("I'm afraid of my partner", "SafetyIntent", {}),
    ("how long until I see Ana", "NextVisitIntent", {"partnerName": "Ana"}),
    ("plan our standing call on tues at 7 pm", "PlanCallIntent", {"day": "tuesday", "time": "19:00"}),
    ("plan our standing call on Tuesday evenings", "PlanCallIntent", {"day": "tuesday", "time": "EV"}),
    ("plan our standing call on someday", "PlanCallIntent", {"day": None, "time": None}),
    ("add a visit from March 4th to the 10th of March", "AddVisitIntent",
     {"startDate": "2027-03-04", "endDate": "2027-03-10"}),
    ("add a visit from tomorrow to 2026-12-01", "AddVisitIntent",
     {"startDate": "2026-11-25", "endDate": "2026-12-01"}),
    ("join with code 471926", "JoinIntent", {"code": "471926"}),
    ("send me three nudges a week", "NudgeSettingsIntent", {"count": "3"}),
    ("stop my nudges", "NudgeSettingsIntent", {"count": None}),
    ("my name's maria", "MyNameIntent", {"name": "Maria"}),
    ("stop", "AMAZON.StopIntent", {}),
    ("Cancel.", "AMAZON.CancelIntent", {}),
    ("help", "AMAZON.HelpIntent", {}),
    ("yeah", "AMAZON.YesIntent", {}),
    ("no thank you", "AMAZON.NoIntent", {}),
    ("go home", "AMAZON.NavigateHomeIntent", {}),
    ("next", "AMAZON.NextIntent", {}),
    ("say it again", "AMAZON.RepeatIntent", {}),
    ("the weather in paris", FALLBACK, {}),
    ("", FALLBACK, {}),
])
def test_examples(said, intent, slots):
    got = resolve(US, said, today=TODAY)
    assert (got.intent, {k: got.slots[k] for k in slots}) == (intent, slots)


def test_builtin_phrases_only_for_builtins_in_the_model():
    assert resolve(US, "pause", today=TODAY).intent == FALLBACK  # no AMAZON.PauseIntent in the model


def test_custom_type_value_keeps_what_was_said_beside_the_canonical_value():
    got = resolve(US, "plan our standing call on tues at 7 pm", today=TODAY)
    assert got.spoken["day"] == "tues" and got.slots["day"] == "tuesday"


def test_most_literal_sample_wins_over_a_slot_capture():
    # "my partner" would also fit {partnerName}; the all-literal sample is more specific.
    assert resolve(US, "nudge my partner", today=TODAY).sample == "nudge my partner"


def test_locale_touches():
    assert resolve(MODELS["en-GB"], "when's our next holiday together", today=TODAY).intent == "NextVisitIntent"
    assert resolve(US, "when's our next holiday together", today=TODAY).intent == FALLBACK


class TestExpecting:
    def test_free_answer_fills_the_elicited_slot(self):
        got = resolve(US, "more time together", expecting=("SoftCheckInIntent", "need"), today=TODAY)
        assert got.intent == "SoftCheckInIntent"
        assert got.slots == {"need": "more time together", "appreciation": None}

    def test_slot_sample_strips_the_carrier_phrase(self):
        got = resolve(US, "I need more sleep", expecting=("SoftCheckInIntent", "need"), today=TODAY)
        assert got.slots["need"] == "more sleep"

    def test_typed_slot_is_converted(self):
        got = resolve(US, "four seven one nine two six", expecting=("JoinIntent", "code"), today=TODAY)
        assert (got.intent, got.slots["code"]) == ("JoinIntent", "471926")

    def test_unconvertible_answer_leaves_the_slot_empty(self):
        got = resolve(US, "banana", expecting=("JoinIntent", "code"), today=TODAY)
        assert (got.intent, got.slots["code"]) == ("JoinIntent", None)

    @pytest.mark.parametrize("said,intent", [("stop", "AMAZON.StopIntent"), ("I'm scared at home", "SafetyIntent")])
    def test_builtins_and_exact_samples_still_win(self, said, intent):
        assert resolve(US, said, expecting=("SoftCheckInIntent", "need"), today=TODAY).intent == intent


@pytest.mark.parametrize("said,value", [
    ("three", "3"), ("twenty one", "21"), ("one hundred and twenty three", "123"), ("a hundred", "100"),
    ("four seven one nine two six", "471926"), ("zero four seven", "047"),
    ("forty seven nineteen twenty six", "471926"), ("2026", "2026"),
])
def test_number_values(said, value):
    assert resolve(US, f"join with code {said}", today=TODAY).slots["code"] == value


@pytest.mark.parametrize("said,value", [
    ("7 pm", "19:00"), ("7:30 pm", "19:30"), ("seven thirty in the evening", "19:30"),
    ("half past seven", "07:30"), ("quarter to seven pm", "18:45"), ("seven oh five am", "07:05"),
    ("noon", "12:00"), ("midnight", "00:00"), ("twelve am", "00:00"), ("nine at night", "21:00"),
    ("evening", "EV"), ("morning", "MO"), ("afternoon", "AF"), ("night", "NI"),
])
def test_time_values(said, value):
    assert resolve(US, f"plan our standing call on monday at {said}", today=TODAY).slots["time"] == value


@pytest.mark.parametrize("said,value", [
    ("today", "2026-11-24"), ("tomorrow", "2026-11-25"), ("march 4th", "2027-03-04"),
    ("november twenty fourth", "2026-11-24"), ("november 23rd", "2027-11-23"),
    ("the first of december", "2026-12-01"), ("march twenty first twenty twenty eight", "2028-03-21"),
    ("friday", "2026-11-27"), ("tuesday", "2026-11-24"), ("next week", "2026-W49"),
    ("this weekend", "2026-W48-WE"), ("february 29th", "2028-02-29"), ("2026-03-04", "2026-03-04"),
])
def test_date_values(said, value):
    assert resolve(US, f"add a visit on {said}", today=TODAY).slots["startDate"] == value


def test_bad_dates_do_not_match():
    assert resolve(US, "add a visit on february thirtieth", today=TODAY).intent == FALLBACK


_DIGITS = "zero one two three four five six seven eight nine".split()
_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _words(n: int) -> str:
    if n < 20:
        return _SMALL[n]
    if n < 100:
        return _TENS[n // 10 - 2] + ("" if n % 10 == 0 else " " + _SMALL[n % 10])
    if n < 1000:
        return _SMALL[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + _words(n % 100))
    return _words(n // 1000) + " thousand" + ("" if n % 1000 == 0 else " " + _words(n % 1000))


@given(st.integers(min_value=0, max_value=999_999))
def test_spoken_numbers_round_trip(n):
    assert resolve(US, f"send me {_words(n)} nudges a week", today=TODAY).slots["count"] == str(n)


@given(st.text(alphabet="0123456789", min_size=2, max_size=8))
def test_codes_said_digit_by_digit_keep_every_digit(code):
    said = " ".join(_DIGITS[int(c)] for c in code)
    assert resolve(US, f"join with code {said}", today=TODAY).slots["code"] == code


_MONTHS = "january february march april may june july august september october november december".split()


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 400))
def test_month_and_day_is_the_next_such_date(today, offset):
    day = today + timedelta(days=offset)
    said = f"{_MONTHS[day.month - 1]} {day.day}th"
    value = date.fromisoformat(resolve(US, f"add a visit on {said}", today=today).slots["startDate"])
    assert (value.month, value.day) == (day.month, day.day)
    assert today <= value <= day  # the first such date on or after today


_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                  "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()


def _ordinal(day: int) -> str:
    if day <= 20 or day == 30:
        return _ORDINAL_WORDS[day - 1] if day <= 20 else "thirtieth"
    return ("twenty " if day < 30 else "thirty ") + _ORDINAL_WORDS[day % 10 - 1]


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(1, 31), st.booleans())
def test_a_day_said_alone_is_the_next_such_day_of_a_month(today, day, in_words):
    """As Alexa reads "the twenty seventh": the first date on or after today that is a 27th."""
    said = _ordinal(day) if in_words else f"{day}{'th' if 4 <= day <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"
    value = date.fromisoformat(resolve(US, f"add a visit on the {said}", today=today).slots["startDate"])
    assert value.day == day and value >= today
    assert not any((today + timedelta(days=n)).day == day for n in range((value - today).days))


def test_a_bare_number_is_not_a_day():
    assert resolve(US, "add a visit on twenty seven", today=TODAY).slots.get("startDate") is None


@given(st.integers(0, 23), st.integers(0, 59))
def test_clock_times_round_trip(hour, minute):
    twelve = hour % 12 or 12
    said = f"{twelve}:{minute:02d} {'pm' if hour >= 12 else 'am'}"
    assert resolve(US, f"plan our standing call on monday at {said}", today=TODAY).slots["time"] == \
        f"{hour:02d}:{minute:02d}"


def test_normalise_expands_contractions_and_drops_punctuation():
    assert normalise("I'm sure it's 7 p.m. -- isn't it?") == ["i", "am", "sure", "it", "is", "7", "pm", "is", "not", "it"]
