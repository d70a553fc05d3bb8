"""No spoken line or SMS copies the article: no 8-word run of ours appears in it."""
from __future__ import annotations

from .conftest import all_sms, all_spoken
from .originality import copied_runs, fingerprints, load_fingerprints, runs

ARTICLE_PRINTS = load_fingerprints()


def test_fingerprints_are_loaded():
    assert len(ARTICLE_PRINTS) > 2500


def test_no_text_copies_eight_words_of_the_article():
    copies = []
    for label, text in all_spoken() + all_sms():
        copies += [(label, run) for run in copied_runs(text, ARTICLE_PRINTS)]
    assert copies == []


def test_the_check_catches_a_copied_line():
    # One sentence of the article's own, with different case and punctuation, must be caught.
    pasted = "Tonight: try a 10-minute presence practice, sit facing each other, set a timer!"
    assert copied_runs(pasted, ARTICLE_PRINTS)
    assert not copied_runs("Tonight, set a timer for ten minutes and sit face to face.", ARTICLE_PRINTS)


def test_normalising_ignores_case_apostrophes_and_punctuation():
    assert runs("You\u2019re HERE, now; and it's fine to be here now today", 8) == [
        "youre here now and its fine to be", "here now and its fine to be here",
        "now and its fine to be here now", "and its fine to be here now today"]


def test_fingerprints_match_the_article(article_text):
    assert fingerprints(article_text) == ARTICLE_PRINTS
