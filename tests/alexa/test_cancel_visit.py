"""Calling a visit off by voice: which one, a yes first, both calendars and the partner told, and
the standing call (and its reminders) back on those days."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from skill.alexa.speech import line
from skill.store.couples import CoupleRepository

from .helpers import pair, plan_saturday_call, rings_on

LONDON, NEW_YORK = "Europe/London", "America/New_York"
NOV_24 = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def _visits(redis_client) -> list[str]:
    [doc] = redis_client.scan_iter("{couple:*}:doc")
    couple_id = doc.split("}")[0].removeprefix("{couple:")
    return [v["start"] for v in CoupleRepository(redis_client).get(couple_id).visits]


@pytest.fixture
def couple(device, clock):
    """Ana in London and Ben in New York, paired on Tuesday 24 November 2026."""
    clock.current = NOV_24
    return pair(device, ("ana", LONDON), ("ben", NEW_YORK))


def _add(person, words: str, traveler: str = "me") -> None:
    person.say(f"ask closer together to add a visit {words}")
    assert "Added" in person.say(traveler).speech_text


def test_the_one_visit_coming_is_confirmed_then_cancelled_and_the_partner_told(couple, redis_client):
    ana, ben = couple
    _add(ana, "from december tenth to december fourteenth")
    ben.launch(), ben.say("stop")  # Ben has heard about the visit
    asked = ana.say("ask closer together to cancel our visit")
    assert asked.speech_text.startswith("Shall I cancel your visit from Thursday, December 10 to Monday, December 14,")
    assert asked.should_end_session is False
    done = ana.say("yes").speech_text
    assert "is off your calendars" in done and _visits(redis_client) == []
    told = ben.launch().speech_text
    assert "Ana cancelled the visit from Thursday, December 10 to Monday, December 14" in told, told
    assert "no visit on the calendar" in ben.say("when is our next visit").speech_text


def test_no_keeps_the_visit(couple, redis_client):
    ana, _ = couple
    _add(ana, "from december tenth to december fourteenth")
    ana.say("ask closer together to cancel our visit")
    ana.say("no")
    assert _visits(redis_client) == ["2026-12-10"]


def test_with_several_visits_it_asks_which_and_cancels_only_that_one(couple, redis_client):
    ana, _ = couple
    _add(ana, "from december tenth to december fourteenth")
    _add(ana, "from march third to march eighth", "ben is")
    which = ana.say("ask closer together to cancel our visit")
    assert "2 visits coming up" in which.speech_text and which.directives[0]["slotToElicit"] == "visitDate"
    helped = ana.say("help").speech_text
    assert helped.startswith(line("help_in_dialog_date")), helped
    missing = ana.say("the one on february second").speech_text
    assert missing.startswith("I don't have a visit on that day.")
    confirm = ana.say("the one starting march third").speech_text
    assert "from Wednesday, March 3 to Monday, March 8" in confirm
    ana.say("yes")
    assert _visits(redis_client) == ["2026-12-10"]


def test_a_date_inside_a_visit_names_it_in_one_go(couple, redis_client):
    ana, _ = couple
    _add(ana, "from december tenth to december fourteenth")
    _add(ana, "from march third to march eighth")
    confirm = ana.say("ask closer together to cancel the visit on december twelfth").speech_text
    assert "from Thursday, December 10 to Monday, December 14" in confirm, confirm
    ana.say("yes")
    assert _visits(redis_client) == ["2027-03-03"]


def test_a_visit_already_under_way_is_not_offered(couple, clock, redis_client):
    ana, _ = couple
    _add(ana, "from november twenty fifth to december second")
    clock.current = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    assert ana.say("ask closer together to cancel our visit").speech_text == line("visit_cancel_none")
    assert _visits(redis_client) == ["2026-11-25"]


def test_a_visit_the_partner_cancelled_meanwhile_is_said_to_be_gone(couple, redis_client):
    ana, ben = couple
    _add(ana, "from december tenth to december fourteenth")
    ana.say("ask closer together to cancel our visit")
    ben.say("ask closer together to cancel our visit"), ben.say("yes")
    assert ana.say("yes").speech_text == line("visit_cancel_already")


def test_the_call_reminders_ring_again_on_the_days_of_a_cancelled_visit(couple, alexa_api):
    ana, _ = couple
    _add(ana, "from december tenth to december fourteenth")
    plan_saturday_call(ana)
    ana.say("yes")  # reminders, quiet on Saturday 12 December
    assert not rings_on(alexa_api.state.live_reminders(), date(2026, 12, 12))
    ana.say("ask closer together to cancel our visit")
    done = ana.say("yes").speech_text
    assert "moved your call reminders" in done, done
    assert rings_on(alexa_api.state.live_reminders(), date(2026, 12, 12))


def test_a_yes_without_a_readable_visit_in_the_session_changes_nothing(couple, redis_client):
    ana, _ = couple
    _add(ana, "from december tenth to december fourteenth")
    ana.say("ask closer together to cancel our visit")
    ana.session["attributes"]["cancel_visit"] = "not a date"
    assert ana.say("yes").speech_text == line("reprompt")
    assert _visits(redis_client) == ["2026-12-10"]


def test_a_visit_called_off_before_the_partner_heard_of_it_is_never_mentioned_to_them(couple, redis_client):
    ana, ben = couple
    _add(ana, "from december tenth to december fourteenth")
    ana.say("ask closer together to cancel our visit")
    done = ana.say("yes").speech_text
    assert "I hadn't told Ben about it yet" in done and "I'll let Ben know" not in done, done
    told = ben.launch().speech_text
    assert "visit" not in told.lower(), told


def test_the_partner_who_cancels_does_not_later_hear_stale_news_of_the_visit(couple):
    ana, ben = couple
    ben.launch(), ben.say("stop")  # nothing waiting for Ben yet
    _add(ben, "from december tenth to december fourteenth")  # news of it waits for Ana
    ana.say("ask closer together to cancel our visit")  # one-shot: Ana has not launched since
    assert "I'll let Ben know" in ana.say("yes").speech_text
    assert "added a visit" not in ana.launch().speech_text
    told = ben.launch().speech_text
    assert "Ana cancelled the visit from Thursday, December 10 to Monday, December 14" in told, told


def test_news_of_another_visit_still_waits_after_one_is_called_off(couple):
    ana, ben = couple
    _add(ana, "from december tenth to december fourteenth")
    _add(ana, "from march third to march eighth", "ben is")
    ana.say("ask closer together to cancel the visit on december twelfth"), ana.say("yes")
    told = ben.launch().speech_text
    assert "Ana added a visit, from Wednesday, March 3 to Monday, March 8: you're travelling." in told, told
    assert "December" not in told, told
