"""The shipped content files load, pass every rule, and hold what the skill needs."""
from __future__ import annotations

from collections import Counter

import pytest

from skill.content import library, speech_check

from .conftest import all_sms, all_spoken


def test_shipped_files_load_and_validate():
    lib = library.load_library(library.CONTENT_DIR)  # fresh, not the cached copy
    assert len(lib.prompts) == len(library.prompts())


def test_prompt_counts_and_kinds():
    counts = Counter(p.kind for p in library.prompts())
    assert sum(counts.values()) >= 170
    assert set(counts) == set(library.KINDS)
    for kind in library.KINDS:
        assert counts[kind] >= 12, kind
    play = Counter(p.subkind for p in library.prompts_of_kind("play"))
    assert set(play) == set(library.PLAY_SUBKINDS) and min(play.values()) >= 6


def test_prompt_ids_unique_and_lookup():
    ids = [p.id for p in library.prompts()]
    assert len(ids) == len(set(ids))
    assert library.prompt(ids[17]).id == ids[17]
    with pytest.raises(KeyError, match="no-such-prompt"):
        library.prompt("no-such-prompt")


def test_long_distance_practices_are_covered():
    texts = " ".join(p.text.lower() for p in library.prompts_of_kind("long-distance"))
    for practice in ("voice note", "video call", "visit", "project", "photo", "time zone", "clock"):
        assert practice in texts, practice


def test_every_week_of_the_plan_has_prompts_that_suit_it():
    for week in range(1, 7):
        tagged = [p for p in library.prompts() if week in p.weeks]
        assert len(tagged) >= 10, week


def test_every_spoken_line_is_plain_and_short():
    for label, text in all_spoken():
        assert text.strip(), label
        assert not speech_check.markup_in(text), label
        if not label.startswith("safety"):
            assert speech_check.word_count(text) <= 60, label


def test_prompts_read_well_aloud():
    for p in library.prompts():
        words = speech_check.word_count(p.text)
        assert 10 <= words <= 45, (p.id, words)
        assert p.text[-1] in ".?!", p.id


def test_every_entry_is_tagged_with_a_real_section():
    lib = library.library()
    tagged = ([p.section for p in lib.prompts] + [w.section for w in lib.plan] + [o.section for o in lib.openers]
              + [lib.guide.section, lib.presence.section] + [i.section for i in lib.jar]
              + [n.section for n in lib.nudges] + [lib.safety["en-US"].template.section])
    assert set(tagged) <= set(library.SECTIONS)
    assert len(set(p.section for p in lib.prompts)) >= 10


def test_section_list_matches_the_article_table_of_contents(article_text):
    toc = article_text.split("\n")[1:article_text.split("\n").index("Introduction", 1)]
    assert tuple(line.removeprefix("- ") for line in toc) == library.SECTIONS


def test_plan_has_six_weeks_with_spoken_tasks():
    weeks = library.plan_weeks()
    assert [w.number for w in weeks] == [1, 2, 3, 4, 5, 6]
    for week in weeks:
        assert 3 <= len(week.tasks) <= 4
        assert set(week.kinds) <= set(library.KINDS)
        assert library.plan_week(week.number) is week
    assert "repair" in library.plan_week(4).kinds
    with pytest.raises(ValueError):
        library.plan_week(7)


def test_openers_and_conversation_guide():
    assert len(library.openers()) >= 12
    assert all(" I" in f" {o.text}" for o in library.openers()), "openers speak in the first person"
    guide = library.conversation_guide()
    assert 5 <= len(guide.steps) <= 7


def test_presence_practice_fits_alexa_limits():
    practice = library.presence_practice()
    seconds = sum(speech_check.spoken_seconds(s.say) for s in practice.steps) + practice.total_pause_seconds()
    assert 100 <= seconds <= 160  # "two minutes", with room for the handler's intro and outro
    ssml = "<speak>" + " ".join(s.say + _breaks(s.pause_seconds) for s in practice.steps) + "</speak>"
    assert len(ssml) < 8000
    assert library.presence_steps() == practice.steps


def _breaks(seconds: int) -> str:
    out = ""
    while seconds > 0:
        out += f'<break time="{min(seconds, 10)}s"/>'
        seconds -= 10
    return out


def test_jar_starters():
    ideas = library.jar_starters()
    assert len(ideas) >= 20
    apart = library.jar_starters(apart=True)
    assert 0 < len(apart) < len(ideas) and all(i.apart for i in apart)


def test_sms_texts_fit_one_gsm7_segment_with_a_ten_character_name():
    assert len(library.SAMPLE_NAME) == 10
    for label, template in all_sms():
        sample = library.render_sms(template, partner=library.SAMPLE_NAME, link="https://x.example/" + "y" * 22)
        assert speech_check.is_gsm7(sample), label
        assert len(sample) <= 160, (label, len(sample))
        assert speech_check.sms_segments(sample) == 1, label


def test_nudge_kinds_and_stop_suffix():
    assert len(library.nudge_texts("voice-note")) >= 20
    suffix = library.stop_suffix()
    assert suffix == " Reply STOP to opt out."
    assert all(t.endswith(suffix) for t in library.nudge_texts("voice-note"))
    assert all("{partner}" in t for t in library.nudge_texts("voice-note"))
    assert not any(t.endswith(suffix) for t in library.nudge_texts("opt-out-confirmed"))
    assert all("YES" in t for t in library.nudge_texts("opt-in-request"))
    assert all("STOP" in t for t in library.nudge_texts("help"))
    ready = library.nudge_texts("voice-note-ready")
    assert ready and all("{partner}" in t and "{link}" in t for t in ready)
    assert library.nudge_texts("waiting")
    with pytest.raises(ValueError):
        library.nudge_texts("marketing")


def test_render_sms_fills_and_refuses_missing_values():
    text = library.render_sms("Closer: Voice note from {partner}: listen {link}", partner="Ana", link="https://l.example/1")
    assert text == "Closer: Voice note from Ana: listen https://l.example/1"
    assert library.render_sms("Closer: hi {partner}", partner="{link}") == "Closer: hi {link}"
    with pytest.raises(ValueError, match="link"):
        library.render_sms("listen {link}", partner="Ana")


@pytest.mark.parametrize("locale, emergency, helpline", [
    ("en-US", "911", "18007997233"),
    ("en-GB", "999", "08082000247"),
    ("en-AU", "000", "1800737732"),
    ("en-IN", "112", "7827170170"),
])
def test_safety_numbers(locale, emergency, helpline):
    info = library.safety_for(locale)
    assert info.emergency.number == emergency and info.emergency.verified_on is not None
    line = next(h for h in info.helplines if h.verified)
    assert line.number == helpline and line.source.startswith("https://")
    message = info.spoken_message()
    assert info.emergency.spoken in message and line.spoken in message
    assert not any(ch.isdigit() for ch in message), "numbers are spelled out for Alexa"


def test_us_text_line_and_canada_note():
    us = library.safety_for("en-US").helplines[0]
    assert us.text == "Text START to 88788"
    canada = library.safety_for("en_ca")
    assert canada.emergency.number == "911" and not canada.helplines
    assert "shelter safe" in canada.spoken_message()


def test_unverified_helplines_are_never_spoken():
    india = library.safety_for("en-IN")
    unverified = [h for h in india.helplines if not h.verified]
    assert unverified, "181 is kept, marked unverified"
    for line in unverified:
        assert line.spoken not in india.spoken_message()


def test_unknown_locale_falls_back_to_default():
    info = library.safety_for("de-DE")
    assert info.locale == "default"
    assert "local emergency number" in info.emergency_sentence
    assert library.safety_for(None).locale == "default"
