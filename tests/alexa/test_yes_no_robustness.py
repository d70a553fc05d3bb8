"""Every yes/no question's answer copes with a world that changed while it waited.

The question lives in the session (it comes back from the device), and between the question and
the answer the partner may have unlinked or said "forget me": a yes or a no must still get a
proper answer, never the apology for an error.
"""
from __future__ import annotations

import pytest

import skill.alexa.skill_factory  # noqa: F401  (registers every yes/no action)
from skill.alexa.handlers.base import DECLINE_ACTIONS, PENDING_ACTIONS
from skill.alexa.speech import line

from .helpers import pair

QUESTIONS = sorted(set(PENDING_ACTIONS) | set(DECLINE_ACTIONS))


def test_the_questions_are_found():
    assert {"forget", "call_reminder", "another_prompt", "hear_more", "answer_missed"} <= set(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("answer", ["yes", "no"])
@pytest.mark.parametrize("paired", [False, True], ids=["alone", "paired"])
def test_a_yes_or_no_with_nothing_behind_the_question_still_answers(device, question, answer, paired):
    ana = pair(device)[0] if paired else device("ana", "Europe/London")
    ana.launch()
    ana.session["attributes"] = {"pending": question}  # asked, but what it was about is gone
    turn = ana.say(answer)
    assert turn.speech_text and line("error") not in turn.speech_text, turn.speech_text
