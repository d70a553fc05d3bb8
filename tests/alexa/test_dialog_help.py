"""Help, "repeat that" and words not understood halfway through a dialog keep the dialog: the
question is asked again and the answers already given stay (Alexa sends those as their own
intents, which used to end the check-in or the visit with the general help)."""
from __future__ import annotations

from skill.alexa.speech import join, line

from .helpers import pair

LONDON, NEW_YORK = "Europe/London", "America/New_York"
GENERAL_HELP = join(line("help"), line("help_unpaired_tail"))  # for someone not yet paired


def test_help_halfway_through_a_check_in_keeps_the_need_already_said(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to start our check in")
    asked = ana.say("more time on calls")
    assert "appreciate about Ben" in asked.speech_text
    helped = ana.say("help")
    assert helped.speech_text.startswith(line("help_in_dialog"))
    assert "appreciate about Ben" in helped.speech_text and helped.should_end_session is False
    assert helped.directives[0]["type"] == "Dialog.ElicitSlot"
    assert helped.directives[0]["slotToElicit"] == "appreciation"
    ana.say("your patience")
    told = ben.launch().speech_text
    assert "more time on calls" in told and "your patience" in told, told


def test_repeat_and_help_in_the_visit_dialog_keep_the_dates(device):
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to add a visit")
    ana.say("december twentieth")
    again = ana.say("repeat that")
    assert "what's the last day" in again.speech_text and again.directives[0]["slotToElicit"] == "endDate"
    ana.say("december twenty seventh")
    helped = ana.say("help")
    assert helped.speech_text.startswith(line("help_in_dialog_traveler")), helped.speech_text
    added = ana.say("me").speech_text
    assert "December 20 to Sunday, December 27" in added, added
    assert "December 20" in ben.say("ask closer together when is our next visit").speech_text


def test_words_not_understood_in_a_dialog_ask_the_question_again(device):
    ana, _ = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.say("ask closer together to add a visit")
    turn = ana.intent("AMAZON.FallbackIntent")  # what Alexa sends when it cannot place the words
    assert turn.speech_text.startswith(line("fallback_in_dialog"))
    assert "first day" in turn.speech_text and turn.directives[0]["slotToElicit"] == "startDate"
    assert turn.speech_text != line("fallback")


def test_help_is_the_general_help_again_once_the_dialog_is_over(device):
    ana = device("ana", LONDON)
    assert ana.say("ask closer together to add an idea to the jar") and ana.say("a picnic by the lake")
    assert ana.say("help").speech_text == GENERAL_HELP
    assert ana.launch() and ana.say("help").speech_text == GENERAL_HELP


def test_a_garbled_dialog_in_the_session_gets_the_general_help_not_an_error(device):
    ana = device("ana", LONDON)
    ana.say("ask closer together to start our check in")
    for garbage in ("x", {"intent": {"slots": 5}, "slot": "need", "question": "?"}, {"slot": "need"}, None, 7,
                    {"slot": ["need"]}, {"intent": {"name": "SoftCheckInIntent"}, "slot": 5, "question": "?"}):
        ana.session["attributes"]["dialog"] = garbage
        helped = ana.say("help")
        assert helped.speech_text == GENERAL_HELP and helped.should_end_session is False


def test_i_appreciated_said_alone_as_help_suggests_asks_what_and_relays_the_answer(device):
    """Help says "say I appreciated, and then what"; someone who stops after "I appreciated" is
    asked what, rather than told they were not understood."""
    ana, ben = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    ana.launch()
    asked = ana.say("i appreciated")
    assert asked.directives[0]["type"] == "Dialog.ElicitSlot"
    assert asked.directives[0]["slotToElicit"] == "appreciation"
    ana.say("the way you laughed at my joke")
    assert "the way you laughed at my joke" in ben.launch().speech_text


def test_help_for_a_paired_partner_says_how_to_leave_a_note_and_give_free_hours_instead_of_how_to_link(device):
    ana, _ = pair(device, ("ana", LONDON), ("ben", NEW_YORK))
    helped = ana.say("ask closer together for help").speech_text
    assert helped.startswith(line("help")) and "set us up" not in helped
    assert helped.endswith("To leave a note, say tell Ben, and your words. "
                           "For your hours for calls, say I'm free from, and two times. What would you like?")
