""""I miss Ben": a warm word, the days until they are together, and words left for them tonight."""
from __future__ import annotations

from datetime import datetime, timezone

from .helpers import pair

LONDON, NEW_YORK = "Europe/London", "America/New_York"
NOV_24 = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)


def test_missing_the_partner_offers_to_leave_them_words_they_hear_next_time(device, clock):
    clock.current = NOV_24
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    offer = ana.say("ask closer together i miss ben")
    assert offer.speech_text == ("Missing Ben says how much they matter to you. Would you like to leave Ben a few "
                                 "words they'll hear next time they open Closer Together?")
    asked = ana.say("yes")
    assert asked.speech_text == "What would you like Ben to hear?"
    assert asked.directives[0]["updatedIntent"]["name"] == "LeaveNoteIntent"
    assert ana.say("you make my mornings better").speech_text == (
        "Got it. Next time Ben opens Closer Together, they'll hear: you make my mornings better.")
    assert ben.launch().speech_text.startswith("Ana asked me to tell you: you make my mornings better.")


def _ben_told_of_a_visit_from_december_10(device, clock):
    """On November 24th, Ana adds her visit to Ben, December 10th to 14th, and Ben hears of it."""
    clock.current = NOV_24
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to add a visit from december tenth to december fourteenth")
    ana.say("me")
    ben.launch(), ben.say("stop")  # hears the news of the visit first
    return ben


def test_with_a_visit_coming_the_days_until_it_are_said(device, clock):
    ben = _ben_told_of_a_visit_from_december_10(device, clock)
    said = ben.say("ask closer together i'm lonely").speech_text
    assert "16 more days, and you'll be together." in said, said
    clock.current = datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc)
    assert "Tomorrow, you'll be together." in ben.say("ask closer together i miss my partner").speech_text
    clock.current = datetime(2026, 12, 11, 12, 0, tzinfo=timezone.utc)
    together = ben.say("ask closer together i miss ana")
    assert together.speech_text.endswith("you're together right now, so this is a lovely thing to tell them out loud.")
    assert together.should_end_session is True


def test_on_their_own_missing_someone_offers_a_presence_practice(device):
    sam = device("sam", "Australia/Sydney")
    offer = sam.say("ask closer together i miss my partner")
    assert offer.speech_text.endswith("Would you like a two-minute presence practice?")
    practice = sam.say("yes")
    assert "<break" in practice.raw["response"]["outputSpeech"]["ssml"] and practice.should_end_session is True


def test_in_the_last_week_before_a_visit_opening_closer_counts_down(device, clock):
    ben = _ben_told_of_a_visit_from_december_10(device, clock)
    assert "you'll be together" not in ben.launch().speech_text  # 16 days away: not yet
    clock.current = datetime(2026, 12, 5, 15, 0, tzinfo=timezone.utc)
    ben.say("stop")
    assert ben.launch().speech_text == "Welcome back. 5 more days, and you'll be together. What would you like to do?"
    clock.current = datetime(2026, 12, 11, 15, 0, tzinfo=timezone.utc)  # together now
    ben.say("stop")
    assert "you'll be together" not in ben.launch().speech_text
