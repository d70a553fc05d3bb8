"""Learning what to call each partner: asked as a dialog after pairing, so a name said alone counts."""
from __future__ import annotations

from skill.store.couples import CoupleRepository
from skill.store.users import UserRepository

from .helpers import spoken_code


def _names(redis_client, user: str) -> dict[str, str | None]:
    """The names stored on `user`'s couple, by partner id."""
    record = UserRepository(redis_client).get(f"amzn1.ask.account.{user}")
    couple = CoupleRepository(redis_client).get(record["couple"])
    return {pid: partner.name for pid, partner in couple.partners.items()}


def _asks_for_the_name(turn) -> None:
    [directive] = turn.directives
    assert directive["type"] == "Dialog.ElicitSlot" and directive["slotToElicit"] == "name"
    assert directive["updatedIntent"]["name"] == "MyNameIntent"
    assert turn.should_end_session is False and turn.reprompt_text.startswith("What should I call you?")


def test_after_set_up_a_name_said_alone_is_taken_and_the_code_card_stays(device, redis_client):
    ana = device("ana", "Europe/London")
    set_up = ana.say("ask closer together to set us up")
    _asks_for_the_name(set_up)
    # The answer says the code is in the Alexa app, so that is the card (not the permission offer).
    assert "Alexa app" in set_up.speech_text and spoken_code(set_up) in set_up.card["content"]
    assert ana.say("Ana").speech_text.startswith("Thanks, Ana.")
    assert _names(redis_client, "ana") == {"a": "Ana"}


def test_after_joining_a_name_said_alone_is_taken(device, redis_client):
    ana, ben = device("ana", "Europe/London"), device("ben", "America/Chicago")
    code = spoken_code(ana.say("ask closer together to set us up"))
    ana.say("Ana")
    joined = ben.say(f"ask closer together to join with code {code}")
    assert joined.speech_text.startswith("You're now linked with Ana.")
    _asks_for_the_name(joined)
    assert joined.card["type"] == "AskForPermissionsConsent"
    assert ben.say("Ben").speech_text.startswith("Thanks, Ben.")
    assert _names(redis_client, "ana") == {"a": "Ana", "b": "Ben"}


def test_help_while_asked_for_a_name_explains_and_keeps_asking(device, redis_client):
    ana = device("ana", "Europe/London")
    ana.say("ask closer together to set us up")
    help_turn = ana.say("help")
    assert help_turn.speech_text.startswith("Just say your first name.")
    _asks_for_the_name(help_turn)
    assert ana.say("Ana").speech_text.startswith("Thanks, Ana.")
    assert _names(redis_client, "ana") == {"a": "Ana"}


def test_a_known_name_is_not_asked_for(device):
    ana = device("ana", "Europe/London", given_name="Ana")
    set_up = ana.say("ask closer together to set us up")
    assert set_up.directives == [] and set_up.should_end_session is True
    assert "What should I call you?" not in set_up.speech_text
