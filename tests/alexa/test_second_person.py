"""Words said about the partner, turned into words said to them ("I love him" -> "I love you")."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill.alexa.second_person import addressed_to_me, to_partner, without_addressee

THIRD_PERSON = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "theirs", "himself", "herself",
                "themselves", "themself", "he's", "she's", "he'll", "she'll", "he'd", "she'd", "they're",
                "they've", "they'll", "they'd"}


@pytest.mark.parametrize("said,heard", [
    ("i love him", "I love you"),
    ("he is amazing", "you are amazing"),
    ("she always knows what to say", "you always know what to say"),
    ("i miss his laugh", "I miss your laugh"),
    ("is he okay", "are you okay"),
    ("does she know how proud i am", "do you know how proud I am"),
    ("i love her so much", "I love you so much"),
    ("give her a hug from me", "give you a hug from me"),
    ("i love her smile", "I love your smile"),
    ("i miss her, and her voice", "I miss you, and your voice"),
    ("he's been so patient", "you've been so patient"),
    ("she's the best", "you're the best"),
    ("they are my favourite person", "you are my favourite person"),
    ("they're doing great", "you're doing great"),
    ("i'm proud of them", "I'm proud of you"),
    ("he watches too much tv", "you watch too much tv"),
    ("she tries so hard", "you try so hard"),
    ("he misses home", "you miss home"),
    ("he goes above and beyond", "you go above and beyond"),
    ("she has a big day tomorrow", "you have a big day tomorrow"),
    ("he doesn't have to worry", "you don't have to worry"),
    ("he can do it", "you can do it"),
    ("he loved the song", "you loved the song"),
    ("that is his", "that is yours"),
    ("she should treat herself", "you should treat yourself"),
    ("He makes me laugh", "You make me laugh"),
])
def test_the_third_person_meant_for_the_partner_becomes_the_second(said, heard):
    note = to_partner(said)
    assert note.text == heard and note.changed


@pytest.mark.parametrize("said", ["good night, sleep well", "call me when you land", "you are my person"])
def test_words_already_said_to_the_partner_are_kept_as_they_are(said):
    assert to_partner(said).text == said and not to_partner(said).changed


@pytest.mark.parametrize("said,partner,note", [
    ("ben i love him", "Ben", "i love him"),
    ("Ben, I love you.", "Ben", "I love you"),
    ("ben that he is amazing", "Ben", "he is amazing"),
    ("ben to call me tonight", "Ben", "call me tonight"),
    ("my partner she's wonderful", "Ben", "she's wonderful"),
    ("my other half that i said hi", "Ben", "i said hi"),
    ("him i'm sorry about today", "Ben", "i'm sorry about today"),
    ("her smile made my day", "Ana", "her smile made my day"),  # "her" is part of the note here
    ("i love you", "Ben", "i love you"),
    ("ben", "Ben", ""),
    ("my partner", "Ben", ""),
])
def test_the_addressee_is_taken_off_the_note(said, partner, note):
    assert without_addressee(said, partner) == note


def test_a_request_to_the_skill_is_not_a_note():
    assert addressed_to_me("me a joke") and addressed_to_me("us the weather")
    assert not addressed_to_me("ben i love him") and not addressed_to_me("")


WORDS = st.sampled_from(sorted(THIRD_PERSON | {
    "i", "love", "miss", "is", "was", "has", "does", "always", "really", "so", "much", "a", "the", "smile",
    "laughs", "tries", "watches", "to", "and", "you", "are", "proud", "of", "can", "today", "Her", "He", "They"}))
SENTENCES = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@given(SENTENCES)
def test_no_third_person_is_left_and_no_word_is_added_or_lost(said):
    heard = to_partner(said)
    words = heard.text.split()
    assert not THIRD_PERSON & {w.lower() for w in words}
    assert len(words) == len(said.split())
    assert heard.changed == bool(THIRD_PERSON & {w.lower() for w in said.split()})


@given(SENTENCES)
def test_turning_a_note_twice_changes_nothing_more(said):
    once = to_partner(said)
    assert to_partner(once.text) == type(once)(once.text, False)
