"""Planning the standing call by voice: as asked when it fits, the nearest time when it cannot,
and the change of hours that would help when the two share no time at all."""
from __future__ import annotations

import re

from skill.store.couples import CoupleRepository

from .helpers import pair

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def _couple_id(redis_client) -> str:
    [doc] = [k for k in redis_client.scan_iter("{couple:*}:doc")]
    return re.match(r"\{couple:([^}]+)\}", doc).group(1)


def test_sunday_evening_in_new_york_is_too_late_in_london_so_the_nearest_time_is_offered(device):
    """The skill's own example, said from New York: 17:00 there is 22:00 in London, and a 45-minute
    call would run past Ana's 22:30 (default hours). It used to answer only "I couldn't find a time"."""
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    proposal = ben.say("ask closer together to plan our standing call on sunday evenings").speech_text
    assert proposal.startswith("Sunday evenings don't fit inside both your free hours all year. The closest")
    assert "4:45 in the afternoon for you" in proposal and "9:45 at night for Ana" in proposal, proposal
    assert "Saved" in ben.say("yes").speech_text
    next_call = ana.say("ask closer together when is our next call").speech_text
    assert "Sunday" in next_call and "9:45 at night for you" in next_call, next_call


def test_a_time_that_fits_is_proposed_as_asked(device):
    ana, _ = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    proposal = ana.say("ask closer together to plan our standing call on saturday evenings").speech_text
    assert proposal.startswith("How about every week, starting Saturday at")
    assert "closest" not in proposal


def test_partners_who_share_no_time_hear_which_hours_would_have_to_change(device, redis_client):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    # Ana is free only on Saturday mornings, Ben only on Saturday evenings: never at the same time.
    CoupleRepository(redis_client).update(_couple_id(redis_client), lambda c: (
        setattr(c.partners["a"], "windows", "Sat 08:00-10:00"), setattr(c.partners["b"], "windows", "Sat 18:00-22:00")))
    answer = ben.say("ask closer together to plan our standing call")
    said = answer.speech_text
    assert "don't share 45 minutes" in said and "It would fit if" in said, said
    assert re.search(r"(your|Ana's) Saturday hours (started|ended) \d+ hours?( and \d+ minutes)? (earlier|later)", said), said
    assert "say something like: on weekends I'm free from" in said and answer.should_end_session is True
    assert "Saved" not in ben.say("yes").speech_text  # nothing was proposed, so nothing is saved


def test_a_clock_time_alone_is_understood_and_said_back(device):
    _, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    proposal = ben.say("ask closer together to plan our standing call at seven pm").speech_text
    # 19:00 in New York is midnight in London: the nearest that holds is earlier the same evening.
    assert proposal.startswith("That time doesn't fit inside both your free hours all year."), proposal
    assert "Shall I save it?" in proposal


def test_a_clock_time_that_fits_is_kept_to_the_minute(device):
    """"Sunday at 7 pm" from London is 2 pm in New York, inside both days: 7 it is, not 7:30 (the
    preference used to be an hour-and-45-minute window the planner placed the call anywhere in)."""
    ana, _ = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    proposal = ana.say("ask closer together to plan our standing call on sunday at 7 pm").speech_text
    assert proposal.startswith("How about every week, starting Sunday at 7 in the evening for you, "
                               "and Sunday at 2 in the afternoon for Ben?"), proposal


def test_the_call_rests_while_they_are_together(device, clock, client):
    """A visit over a Saturday: no call that Saturday, by voice, on the page and in the feed, and
    the series goes on after it."""
    from datetime import datetime, timezone

    clock.current = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)  # a Tuesday
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to plan our standing call on saturday at 8 pm")
    ana.say("yes")
    ana.say("no")
    before = ben.say("ask closer together when is our next call").speech_text
    assert before.startswith("Your next call is Saturday at 3 in the afternoon for you"), before  # nothing rests yet
    ben.say("no")
    ben.say("ask closer together i'm visiting from friday to sunday")  # November 27 to 29
    next_call = ana.say("ask closer together when is our next call").speech_text
    assert next_call.startswith("Your call takes a rest while you're together. "
                                "Your next call is Saturday, December 5 at 8 in the evening for you"), next_call
    link = ben.say("ask closer together to send me our calendar link").card["content"]
    feed = client.get(re.search(r"https://closer\.example(/calendar/[^\s]+\.ics)", link).group(1)).get_data(as_text=True)
    assert "EXDATE;TZID=Europe/London:20261128T200000" in feed.replace("\r\n ", ""), feed
    page = client.get(re.search(r"https://closer\.example(/page/[^\s]+)", link).group(1)).get_data(as_text=True)
    assert "Sat 28 Nov" not in page and "Sat 5 Dec" in page
