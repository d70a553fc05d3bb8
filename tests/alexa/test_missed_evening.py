"""An evening one partner missed: the other's answer to its prompt is offered later, not lost.

Ana (London) answers Tuesday's prompt; Ben (New York) never opens Closer Together that evening.
Before this, Ben's Wednesday brought a new prompt and Ana's Tuesday answer was never heard.
"""
from __future__ import annotations

from datetime import datetime, timezone

from skill.services.answers import waiting_key

from .helpers import pair

LONDON, NEW_YORK = "Europe/London", "America/New_York"
TUESDAY_EVENING = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)  # 20:00 London, 15:00 New York
WEDNESDAY_EVENING = datetime(2026, 11, 26, 0, 30, tzinfo=timezone.utc)  # 19:30 Wednesday in New York


def _tuesday_answered_by_ana_only(device, clock):
    clock.current = TUESDAY_EVENING
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    tuesday = ana.say("ask closer together for tonight's prompt").card["content"]
    ana.say("ask closer together my answer is the walk by the river")
    clock.current = WEDNESDAY_EVENING
    return ana, ben, tuesday


def test_the_partner_who_missed_the_evening_is_offered_its_prompt_and_both_answers_meet(device, clock, redis_client):
    ana, ben, tuesday = _tuesday_answered_by_ana_only(device, clock)
    offer = ben.launch()
    assert f"Ana answered the prompt from Tuesday, which you didn't get to. It was: {tuesday}" in offer.speech_text
    assert offer.speech_text.endswith("Would you like to answer it too, and then hear theirs?")
    assert ben.say("yes").speech_text.endswith("say: my answer is, and then your answer.")
    heard = ben.say("my answer is our first video call")
    assert heard.speech_text == "Thank you. You've both answered now. Ana said: the walk by the river."
    told = ana.launch().speech_text
    assert "You've both answered the prompt from Tuesday. Ben said: our first video call." in told, told
    # Answered: it is not offered again, and Wednesday's prompt is a new one, answered as usual.
    ben.say("stop")
    assert "didn't get to" not in ben.launch().speech_text
    wednesday = ben.say("tonight's prompt").card["content"]
    assert wednesday != tuesday
    assert "keep your answer safe" in ben.say("my answer is a slow breakfast").speech_text
    assert redis_client.zcard(waiting_key(_couple_id(redis_client), "b")) == 0


def test_a_no_lets_the_missed_prompt_go(device, clock, redis_client):
    ana, ben, _ = _tuesday_answered_by_ana_only(device, clock)
    assert "didn't get to" in ben.launch().speech_text
    declined = ben.say("no")
    assert declined.speech_text == "Okay, I'll let that one go. What would you like to do now?"
    ben.say("stop")
    assert "didn't get to" not in ben.launch().speech_text


def test_asking_for_tonights_prompt_after_the_yes_answers_tonights(device, clock):
    ana, ben, tuesday = _tuesday_answered_by_ana_only(device, clock)
    ben.launch()
    ben.say("yes")
    wednesday = ben.say("tonight's prompt").card["content"]
    assert wednesday != tuesday
    # The answer goes to Wednesday's prompt, so Ana's Tuesday answer is not revealed by it.
    assert "keep your answer safe" in ben.say("my answer is a slow breakfast").speech_text


def test_the_same_evening_is_not_offered_as_missed(device, clock):
    """Ana answered; on Ben's own Tuesday evening the usual flow says she had this prompt."""
    clock.current = TUESDAY_EVENING
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together for tonight's prompt")
    ana.say("ask closer together my answer is the walk by the river")
    clock.current = datetime(2026, 11, 25, 0, 30, tzinfo=timezone.utc)  # 19:30 Tuesday in New York
    assert "didn't get to" not in ben.launch().speech_text


def test_answers_older_than_thirty_days_are_not_offered(device, clock, redis_client):
    ana, ben, _ = _tuesday_answered_by_ana_only(device, clock)
    clock.advance(days=31)
    assert "didn't get to" not in ben.launch().speech_text
    assert redis_client.zcard(waiting_key(_couple_id(redis_client), "b")) == 0


def test_forgetting_a_partner_removes_what_waits_for_the_other(device, clock, redis_client):
    ana, ben, _ = _tuesday_answered_by_ana_only(device, clock)
    couple_id = _couple_id(redis_client)
    ana.say("ask closer together to forget me")
    ana.say("yes")
    assert redis_client.exists(waiting_key(couple_id, "b")) == 0
    assert "didn't get to" not in ben.launch().speech_text


def _couple_id(redis_client) -> str:
    [doc] = list(redis_client.scan_iter("{couple:*}:doc"))
    return doc.split("}")[0].removeprefix("{couple:")


def test_the_first_prompt_of_the_next_evening_mentions_the_answer_waiting(device, clock):
    """Someone who only ever says "ask Closer Together for tonight's prompt" never hears the launch
    offer, so the first prompt of their evening says where the waiting answer is."""
    ana, ben, tuesday = _tuesday_answered_by_ana_only(device, clock)
    first = ben.say("ask closer together for tonight's prompt")
    assert "Ana's answer to the prompt from Tuesday is waiting for yours too" in first.speech_text
    # The instruction to answer stays last, whichever kind of prompt tonight's is.
    assert first.speech_text.endswith(("say: my answer is, and then your answer.",
                                       "say: my answer is, and then a few words."))
    again = ben.say("ask closer together for tonight's prompt")  # said once an evening
    assert "waiting for yours" not in again.speech_text
    assert f"It was: {tuesday}" in ben.launch().speech_text
