"""The loader rejects broken content with an error naming the file and the entry."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill.content import library
from skill.content.library import ContentError, load_library


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    """Replace `old` with `new` in one content file, insisting that `old` is there."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def broken(folder: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_library(folder)
    return caught.value


def test_the_untouched_copy_loads(content_copy):
    assert len(load_library(content_copy).prompts) == len(library.prompts())


def test_unknown_section(content_copy):
    edit(content_copy, "prompts.toml", 'id = "checkin-002"\nkind = "check-in"\nsection = "Daily Practices That Restore Warmth"',
         'id = "checkin-002"\nkind = "check-in"\nsection = "Daily Practises That Restore Warmth"')
    error = broken(content_copy)
    assert (error.file, error.entry) == ("prompts.toml", "prompt checkin-002")
    assert "not a section title" in str(error)


def test_duplicate_id(content_copy):
    edit(content_copy, "prompts.toml", 'id = "repair-002"', 'id = "repair-001"')
    error = broken(content_copy)
    assert error.entry == "prompt repair-001" and "duplicate id" in error.problem


def test_sms_too_long(content_copy):
    edit(content_copy, "nudges.toml", "Even thirty seconds counts.",
         "Even thirty seconds counts, and a minute would be lovely, and two minutes would be even lovelier still.")
    error = broken(content_copy)
    assert (error.file, error.entry) == ("nudges.toml", "nudge vn-003")
    assert "160" in error.problem


def test_sms_with_curly_quote(content_copy):
    edit(content_copy, "nudges.toml", "Closer: No need for perfect words.", "Closer: No need for \u2018perfect\u2019 words.")
    assert "GSM-7" in broken(content_copy).problem


def test_sms_placeholder_rules(content_copy):
    edit(content_copy, "nudges.toml", "Closer: Voice note from {partner}: listen {link}", "Closer: Voice note from {partner}: listen")
    assert "link" in broken(content_copy).problem


@pytest.mark.parametrize("old, new, problem", [
    ('kind = "check-in"', 'kind = "pep-talk"', "unknown kind"),
    ("weeks = [2, 3]", "weeks = [2, 7]", "1 to 6"),
    ("weeks = [2, 3]", "week = [2, 3]", "unknown key"),
    ("Tonight's check-in:", "Tonight's <b>check-in</b>:", "markup"),
    ("Tonight's check-in:", "Tonight's {check-in}:", "placeholder"),
    ("Tonight's check-in:", "Tonight's check-in, " + "and more " * 20 + "then:", "words"),
    ('subkind = "first-date"', 'subkind = "speed-date"', "subkind"),
    ("weeks = [6]\nonly_in_plan = true", "only_in_plan = true", "only_in_plan needs the weeks"),
    ("weeks = [6]\nonly_in_plan = true", 'weeks = [6]\nonly_in_plan = "yes"', "'only_in_plan' should be"),
    ('reply = "try"', 'reply = "do"', "reply 'do' should be one of answer, try"),
    ('reply = "try"', "reply = true", "'reply' should be"),
])
def test_prompt_rules(content_copy, old, new, problem):
    edit(content_copy, "prompts.toml", old, new)
    error = broken(content_copy)
    assert error.file == "prompts.toml" and error.entry.startswith("prompt ")
    assert problem in error.problem


def test_plan_week_missing(content_copy):
    edit(content_copy, "plan.toml", "number = 6", "number = 5")
    assert "1 to 6" in broken(content_copy).problem


def test_presence_too_long(content_copy):
    edit(content_copy, "presence.toml", "pause_seconds = 20", "pause_seconds = 60")
    edit(content_copy, "presence.toml", "pause_seconds = 15", "pause_seconds = 60")
    error = broken(content_copy)
    assert error.file == "presence.toml" and "between" in error.problem


def test_jar_idea_with_full_stop(content_copy):
    edit(content_copy, "jar.toml", "with matching mugs", "with matching mugs.")
    assert broken(content_copy).entry == "idea jar-001"


def test_safety_number_must_be_verified_with_an_official_source(content_copy):
    edit(content_copy, "safety.toml", 'source = "https://ovc.ojp.gov/', 'source = "http://ovc.ojp.gov/')
    error = broken(content_copy)
    assert error.entry == "locale en-US helpline us-ndvh" and "https" in error.problem


def test_safety_spoken_number_must_be_words(content_copy):
    edit(content_copy, "safety.toml", 'spoken = "nine nine nine"', 'spoken = "999"')
    assert "words" in broken(content_copy).problem


def test_safety_locale_needs_somewhere_to_turn(content_copy):
    edit(content_copy, "safety.toml", "verified = 2026-11-24\n\n[locale.en-GB]", "verified = false\n\n[locale.en-GB]")
    error = broken(content_copy)
    assert error.entry == "locale en-US" and "verified helpline" in error.problem


def test_missing_file_and_bad_toml(content_copy):
    (content_copy / "jar.toml").write_text("[[idea]\n", encoding="utf-8")
    assert re.match(r"jar\.toml: file: is not valid TOML", str(broken(content_copy)))
    (content_copy / "jar.toml").unlink()
    assert "not found" in broken(content_copy).problem
