"""What the partner left reaches someone who never says "open Closer Together": asked for
("anything from Ana?"), or offered after a one-shot answer."""
from __future__ import annotations

from skill.services import relay
from skill.store.users import UserRepository

from .helpers import pair

LONDON, NEW_YORK = "Europe/London", "America/New_York"
ONE_SHOT = "ask closer together what time is it for ana"


def test_asking_hears_what_waits_and_offers_a_note_back(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to tell ben sweet dreams")
    heard = ben.say("ask closer together anything from ana")
    assert heard.speech_text == "Ana asked me to tell you: sweet dreams. Would you like to leave Ana a note back?"
    assert ben.say("yes").speech_text == "What would you like Ana to hear? Say it just as you'd say it to them."
    ben.say("you too")
    assert ana.say("ask closer together do i have any messages").speech_text.startswith(
        "Ben asked me to tell you: you too.")


def test_asking_with_nothing_waiting_says_so(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    nothing = ben.say("ask closer together did ana leave me anything")
    assert nothing.speech_text == "Nothing new from Ana right now. Would you like to leave them a note?"
    assert ben.say("no").should_end_session is False


def test_asking_with_much_waiting_hears_three_and_offers_the_rest(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    for n in range(5):
        ana.say(f"ask closer together to tell ben note {n}")
    heard = ben.say("ask closer together read my notes")
    assert "note 2." in heard.speech_text and "note 3" not in heard.speech_text
    assert heard.speech_text.endswith("There are 2 more things from Ana. Would you like to hear them now?")


def test_a_one_shot_answer_offers_what_waits_instead_of_ending(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to tell ben good luck today")
    ana.say("ask closer together i appreciated the flowers")
    answer = ben.say(ONE_SHOT)
    assert answer.speech_text.endswith("Ana left you 2 things, too. Would you like to hear them?")
    assert answer.should_end_session is False
    rest = ben.say("yes")
    assert rest.speech_text.startswith("Ana asked me to tell you: good luck today. Ana left you an appreciation")
    ben.say("stop")
    again = ben.say(ONE_SHOT)
    assert "left you" not in again.speech_text and again.should_end_session is True  # heard: nothing waits


def test_a_one_shot_with_nothing_waiting_ends_as_before(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    answer = ben.say(ONE_SHOT)
    assert answer.should_end_session is True and "left you" not in answer.speech_text


def test_the_safety_answer_is_never_followed_by_an_offer(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to tell ben good luck today")
    answer = ben.say("ask closer together i don't feel safe")
    assert "left you" not in answer.speech_text and answer.should_end_session is True
    # Also when the words for help came inside a note or an appreciation, where a Visit was read.
    for said in ("ask closer together to tell ana i'm scared of her", "ask closer together i appreciated nothing i'm scared"):
        answer = ben.say(said)
        assert "Your safety comes first." in answer.speech_text, answer.speech_text
        assert "left you" not in answer.speech_text and answer.should_end_session is True


def test_a_store_that_cannot_count_what_waits_costs_the_offer_not_the_answer(device, redis_client):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    couple_id = UserRepository(redis_client).get("amzn1.ask.account.ana")["couple"]
    redis_client.set(relay.inbox_key(couple_id, "b"), "not a list")  # LLEN now fails: WRONGTYPE
    answer = ben.say(ONE_SHOT)
    assert answer.speech_text.startswith("It's ") and answer.should_end_session is True
