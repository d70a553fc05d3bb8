"""Free hours by voice: each partner says when they can take calls, and the standing call is planned
inside them (they could only be changed with the `closer window` command before)."""
from __future__ import annotations

import re

from scheduling import WeeklyWindows
from skill.store.couples import DEFAULT_WINDOWS, CoupleRepository

from .helpers import pair, plan_saturday_call

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def _couple(redis_client):
    [doc] = list(redis_client.scan_iter("{couple:*}:doc"))
    return CoupleRepository(redis_client).get(re.match(r"\{couple:([^}]+)\}", doc).group(1))


def _windows(redis_client, pid: str) -> str:
    return _couple(redis_client).partners[pid].windows


def test_weekday_hours_said_by_voice_change_only_the_weekdays_of_that_partner(device, redis_client):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    told = ana.say("ask closer together on weekdays i'm free from seven am to nine thirty am")
    assert told.speech_text == ("Got it. From now on, I'll plan calls for you on weekdays from 7 in the morning "
                                "to 9:30 in the morning, on your own clock.")
    assert told.should_end_session is True
    assert _windows(redis_client, "a") == "Mon-Fri 07:00-09:30, Sat-Sun 09:00-22:30"
    assert _windows(redis_client, "b") == DEFAULT_WINDOWS
    heard = ana.say("ask closer together what are my free hours").speech_text
    assert heard.startswith("I plan calls for you on weekdays from 7 in the morning to 9:30 in the morning and on "
                            "weekends from 9 in the morning to 10:30 at night."), heard


def test_hours_past_midnight_on_one_day_give_the_call_a_time_where_there_was_none(device, redis_client):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    # Ana is free only on Saturday mornings, Ben only on Saturday evenings: never at the same time.
    CoupleRepository(redis_client).update(_couple(redis_client).id, lambda c: (
        setattr(c.partners["a"], "windows", "Sat 08:00-10:00"), setattr(c.partners["b"], "windows", "Sat 18:00-22:00")))
    none = ana.say("ask closer together to plan our standing call on saturdays")
    assert "don't share 45 minutes" in none.speech_text
    assert "say something like: on weekends I'm free from nine am to eleven pm. Ben can do the same" in none.speech_text
    # Late on Saturdays in London is Saturday evening in New York.
    ana.say("ask closer together on saturdays i'm free from eleven pm to two am")
    assert WeeklyWindows.parse(_windows(redis_client, "a")) == WeeklyWindows.parse("Sat 23:00-02:00")  # replaces
    proposal = ana.say("ask closer together to plan our standing call on saturdays").speech_text
    assert "Shall I save it?" in proposal and "for Ben" in proposal, proposal


def test_a_start_without_an_end_asks_until_when(device, redis_client):
    ana, _ = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    asked = ana.say("ask closer together i'm free from seven pm")
    assert asked.speech_text == "And until what time?" and asked.directives[0]["slotToElicit"] == "end"
    helped = ana.say("help")
    assert helped.speech_text.startswith("Say a time on your own clock") and helped.directives[0]["slotToElicit"] == "end"
    ana.say("eleven thirty pm")
    assert _windows(redis_client, "a") == "Mon-Sun 19:00-23:30"


def test_times_that_are_not_clock_times_change_nothing(device, redis_client):
    ana, _ = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    for said in ("i'm free from evening to night", "i'm free from seven pm to seven pm"):
        vague = ana.say(f"ask closer together {said}")
        assert vague.speech_text.startswith("I need two clock times"), vague.speech_text
        assert vague.should_end_session is False
    assert _windows(redis_client, "a") == DEFAULT_WINDOWS


def test_with_a_standing_call_saved_new_hours_say_how_to_move_it(device):
    ana, _ = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    plan_saturday_call(ana)
    told = ana.say("ask closer together on weekends i'm free from ten am to four pm").speech_text
    assert told.endswith("Your standing call stays as it is. To find it a time inside your new hours, say: plan our "
                         "standing call."), told


def test_on_their_own_a_partner_can_set_and_hear_their_hours(device, redis_client):
    sam = device("sam", "Australia/Sydney")
    assert sam.say("ask closer together what are my free hours").speech_text.startswith(
        "I plan calls for you on weekdays from 6 in the evening")
    sam.say("ask closer together i'm free every day from six am to eight am")
    assert _windows(redis_client, "a") == "Mon-Sun 06:00-08:00"
