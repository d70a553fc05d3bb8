""""Tell Ben I love him": a note heard once, at the partner's next visit, as said to them."""
from __future__ import annotations

from skill.services import relay
from skill.store.users import UserRepository

from .helpers import pair

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def _waiting_for_ben(redis_client) -> int:
    couple_id = UserRepository(redis_client).get("amzn1.ask.account.ana")["couple"]
    return relay.waiting(redis_client, couple_id, "b")


def test_a_note_about_the_partner_is_read_back_as_they_will_hear_it_and_sent_on_a_yes(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    asked = ana.say("ask closer together to tell ben i love him")
    assert asked.speech_text == "Ben will hear: I love you. Shall I send it?"
    assert asked.should_end_session is False
    sent = ana.say("yes")
    assert sent.speech_text == "Sent. Ben will hear it next time they open Closer Together."
    assert sent.should_end_session is True
    assert ben.launch().speech_text.startswith("Ana asked me to tell you: I love you. Welcome back.")
    ben.say("stop")
    assert "I love you" not in ben.launch().speech_text  # heard once


def test_a_note_already_said_to_the_partner_goes_without_a_question(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    left = ana.say("ask closer together to tell ben good night, sleep well")
    assert left.speech_text == "Got it. Next time Ben opens Closer Together, they'll hear: good night sleep well."
    assert left.should_end_session is True
    assert ben.launch().speech_text.startswith("Ana asked me to tell you: good night sleep well.")


def test_no_to_the_read_back_sends_nothing_and_asks_for_the_words_again(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to tell ben he is a star")
    again = ana.say("no")
    assert again.speech_text == ("Okay, I won't send that. What would you like Ben to hear? "
                                 "Say it just as you'd say it to them.")
    assert again.directives[0]["updatedIntent"]["name"] == "LeaveNoteIntent"
    ana.say("you shine brighter than you know")
    heard = ben.launch().speech_text
    assert heard.startswith("Ana asked me to tell you: you shine brighter than you know. Welcome")
    assert "star" not in heard


def test_leaving_a_note_without_its_words_asks_for_them(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    asked = ana.say("ask closer together to leave ben a note")
    assert asked.speech_text == "What would you like Ben to hear? Say it just as you'd say it to them."
    assert ana.say("ask closer together to tell my partner").speech_text == asked.speech_text  # no words yet
    ana.say("i can't wait for saturday")
    assert ben.launch().speech_text.startswith("Ana asked me to tell you: I can't wait for saturday.")


def test_notes_in_a_row_are_introduced_once(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to tell ben good luck today")
    ana.say("ask closer together to leave a note saying call me after")
    ana.say("ask closer together i appreciated the flowers")
    ana.say("ask closer together to tell ben sleep well")
    heard = ben.launch().speech_text
    assert heard.startswith("Ana asked me to tell you: good luck today. Also from Ana: call me after. "
                            "Ana left you an appreciation, in their own words: the flowers.")
    assert ben.say("yes").speech_text.startswith("Ana asked me to tell you: sleep well.")


def test_a_note_needs_a_partner_and_keeps_nothing_alone(device, redis_client):
    sam = device("sam", "Australia/Sydney")
    answer = sam.say("ask closer together to tell my partner i love them")
    assert "link their device with yours" in answer.speech_text
    assert answer.should_end_session is False
    assert not [key for key in redis_client.scan_iter("*inbox*")]


def test_tell_me_is_a_request_not_a_note(device, redis_client):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    answer = ana.say("ask closer together to tell me the weather")
    assert answer.speech_text.startswith("Sorry, I didn't catch that.")
    assert _waiting_for_ben(redis_client) == 0


def test_words_that_say_someone_is_not_safe_get_the_safe_answer_and_are_not_sent(device, redis_client):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    answer = ana.say("ask closer together to tell ben i'm scared of him")
    assert "Your safety comes first." in answer.speech_text and "nine nine nine" in answer.speech_text
    assert _waiting_for_ben(redis_client) == 0


def test_a_note_not_yet_heard_goes_when_its_author_says_forget_me(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to tell ben see you soon")
    ana.say("ask closer together to forget me")
    ana.say("yes")
    assert "see you soon" not in ben.launch().speech_text
