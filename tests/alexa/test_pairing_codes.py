"""Saying a pairing code: asked for when missing, and refused on the device that asked for it."""
from __future__ import annotations

from skill.store.couples import CoupleRepository

from .helpers import spoken_code


def _couples(redis_client) -> list:
    repo = CoupleRepository(redis_client)
    return [repo.get(key.split("}")[0].removeprefix("{couple:")) for key in redis_client.scan_iter("{couple:*}:doc")]


def test_join_without_the_code_asks_for_it_and_takes_the_digits_said_next(device):
    ana, ben = device("ana", "Europe/London"), device("ben", "America/Chicago")
    code = spoken_code(ana.say("ask closer together to set us up"))
    asked = ben.say("ask closer together to join")
    assert asked.directives[0]["type"] == "Dialog.ElicitSlot" and asked.directives[0]["slotToElicit"] == "code"
    assert asked.should_end_session is False
    assert "linked" in ben.say(" ".join(code)).speech_text


def test_a_partner_saying_their_own_code_is_not_paired_with_themselves(device, redis_client):
    ana, ben = device("ana", "Europe/London"), device("ben", "America/Chicago")
    code = spoken_code(ana.say("ask closer together to set us up"))
    refused = ana.say(f"ask closer together to join with code {code}")
    assert refused.speech_text.startswith("That's the code for your partner's device"), refused.speech_text
    [couple] = _couples(redis_client)
    assert not couple.paired
    # Not counted as a guess, and the code still works for the partner it was made for.
    for _ in range(5):
        ana.say(f"ask closer together to join with code {code}")
    assert "linked" in ben.say(f"ask closer together to join with code {code}").speech_text
    [couple] = _couples(redis_client)
    assert couple.paired and len({p.user for p in couple.partners.values()}) == 2


def test_help_while_asked_for_the_code_says_how_and_the_digits_still_join(device):
    ana, ben = device("ana", "Europe/London"), device("ben", "America/Chicago")
    code = spoken_code(ana.say("ask closer together to set us up"))
    ben.say("ask closer together to join")
    helped = ben.say("help")
    assert helped.speech_text.startswith("Say the six digits your partner heard")
    assert helped.directives[0]["slotToElicit"] == "code"
    assert "linked" in ben.say(" ".join(code)).speech_text
