"""Parsing and checking the prompt, plan, opener, presence and jar files.

Each parse_* function takes the file's decoded TOML and the article's section titles, and returns
immutable models or raises ContentError naming the file and the entry.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from . import speech_check
from .fields import ContentError, Where
from .models import (ConversationGuide, JarIdea, Opener, PlanWeek, PresencePractice, PresenceStep,
                     Prompt)

KINDS = ("check-in", "appreciation", "opener", "play", "repair", "boundaries", "long-distance",
         "presence", "growth")
PLAY_SUBKINDS = ("first-date", "playlist-swap", "mini-adventure")
# See Prompt.reply: something to say back, or something to do and then tell how it went.
REPLIES = ("answer", "try")
PLAN_WEEKS = range(1, 7)
ID_PATTERN = re.compile(r"^[a-z]+(?:-[a-z]+)*-\d{3}$")

# Presence practice limits: Alexa plays at most 240 s of audio in one response, SSML may hold
# 8000 characters, and one <break> lasts at most 10 s.
PRESENCE_SECONDS = (90, 180)
ALEXA_MAX_AUDIO_SECONDS = 240
SSML_MAX_CHARS = 8000
BREAK_MAX_SECONDS = 10
BREAK_TAG = '<break time="10s"/>'


def _entries(raw: Mapping[str, Any], file: str, table: str) -> list[tuple[Where, dict[str, Any]]]:
    """The `[[table]]` entries of a file, each with a Where naming it; ids must be unique."""
    items = Where(file, "top level").get(raw, table, list)
    seen: set[str] = set()
    result = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise Where(file, f"{table} {index + 1}").fail("should be a [[" + table + "]] table")
        where = Where(file, f"{table} {item.get('id', index + 1)!s}")
        if "id" in item:
            ident = where.get(item, "id", str)
            if not ID_PATTERN.match(ident):
                raise where.fail(f"id {ident!r} should look like 'checkin-014'")
            if ident in seen:
                raise where.fail("duplicate id")
            seen.add(ident)
        result.append((where, item))
    return result


def parse_prompts(raw: Mapping[str, Any], sections: Collection[str]) -> tuple[Prompt, ...]:
    result = []
    for where, item in _entries(raw, "prompts.toml", "prompt"):
        where.only(item, ("id", "kind", "subkind", "section", "weeks", "only_in_plan", "reply", "text"))
        kind = where.get(item, "kind", str)
        if kind not in KINDS:
            raise where.fail(f"unknown kind {kind!r}; known kinds are {', '.join(KINDS)}")
        subkind = where.get(item, "subkind", str, required=kind == "play")
        if subkind is not None and (kind != "play" or subkind not in PLAY_SUBKINDS):
            raise where.fail(f"subkind {subkind!r} is only for play, one of {', '.join(PLAY_SUBKINDS)}")
        weeks = _weeks(where, where.get(item, "weeks", list, required=False) or [])
        only_in_plan = where.get(item, "only_in_plan", bool, required=False) or False
        if only_in_plan and not weeks:
            raise where.fail("only_in_plan needs the weeks it belongs to")
        reply = where.get(item, "reply", str, required=False) or "answer"
        if reply not in REPLIES:
            raise where.fail(f"reply {reply!r} should be one of {', '.join(REPLIES)}")
        result.append(Prompt(where.get(item, "id", str), kind, where.spoken(item.get("text"), "text"),
                             where.section(item.get("section"), sections), weeks, subkind, only_in_plan, reply))
    return tuple(result)


def _weeks(where: Where, weeks: list[Any]) -> tuple[int, ...]:
    if any(isinstance(w, bool) or not isinstance(w, int) or w not in PLAN_WEEKS for w in weeks):
        raise where.fail(f"weeks {weeks!r} should be numbers from 1 to 6")
    if len(set(weeks)) != len(weeks):
        raise where.fail(f"weeks {weeks!r} repeat")
    return tuple(sorted(weeks))


def parse_plan(raw: Mapping[str, Any], sections: Collection[str]) -> tuple[PlanWeek, ...]:
    weeks = []
    for where, item in _entries(raw, "plan.toml", "week"):
        where.only(item, ("number", "title", "focus", "tasks", "kinds", "section"))
        kinds = tuple(where.get(item, "kinds", list))
        if not kinds or set(kinds) - set(KINDS):
            raise where.fail(f"kinds {list(kinds)!r} should be non-empty and known prompt kinds")
        tasks = where.get(item, "tasks", list)
        if not 3 <= len(tasks) <= 4:
            raise where.fail(f"has {len(tasks)} tasks; give 3 or 4")
        weeks.append(PlanWeek(where.get(item, "number", int), where.spoken(item.get("title"), "title", max_words=8),
                              where.spoken(item.get("focus"), "focus"),
                              tuple(where.spoken(t, f"task {i + 1}") for i, t in enumerate(tasks)),
                              kinds, where.section(item.get("section"), sections)))
    if sorted(w.number for w in weeks) != list(PLAN_WEEKS):
        raise ContentError("plan.toml", "week", "weeks must be numbered 1 to 6, once each")
    return tuple(sorted(weeks, key=lambda w: w.number))


def parse_openers(raw: Mapping[str, Any], sections: Collection[str]) -> tuple[tuple[Opener, ...], ConversationGuide]:
    openers = []
    for where, item in _entries(raw, "openers.toml", "opener"):
        where.only(item, ("id", "text", "section"))
        openers.append(Opener(where.get(item, "id", str), where.spoken(item.get("text"), "text"),
                              where.section(item.get("section"), sections)))
    where = Where("openers.toml", "structure")
    guide = where.get(raw, "structure", dict)
    where.only(guide, ("section", "intro", "steps", "outro"))
    steps = where.get(guide, "steps", list)
    if not steps:
        raise where.fail("needs at least one step")
    return tuple(openers), ConversationGuide(
        where.spoken(guide.get("intro"), "intro"),
        tuple(where.spoken(s, f"step {i + 1}") for i, s in enumerate(steps)),
        where.spoken(guide.get("outro"), "outro"), where.section(guide.get("section"), sections))


def parse_presence(raw: Mapping[str, Any], sections: Collection[str]) -> PresencePractice:
    top = Where("presence.toml", "top level")
    top.only(raw, ("section", "title", "step"))
    steps = []
    for index, item in enumerate(top.get(raw, "step", list)):
        where = Where("presence.toml", f"step {index + 1}")
        where.only(item, ("say", "pause_seconds"))
        pause = where.get(item, "pause_seconds", int)
        if not 0 <= pause <= 60:
            raise where.fail(f"pause_seconds {pause} should be 0 to 60")
        steps.append(PresenceStep(where.spoken(item.get("say"), "say"), pause))
    if not steps:
        raise top.fail("needs steps")
    practice = PresencePractice(top.spoken(raw.get("title"), "title", max_words=8), top.section(raw.get("section"), sections), tuple(steps))
    seconds = sum(speech_check.spoken_seconds(s.say) for s in steps) + practice.total_pause_seconds()
    low, high = PRESENCE_SECONDS
    if not low <= seconds <= min(high, ALEXA_MAX_AUDIO_SECONDS):
        raise top.fail(f"runs about {seconds:.0f} s; keep it between {low} and {high}")
    breaks = sum(-(-s.pause_seconds // BREAK_MAX_SECONDS) for s in steps)
    if sum(len(s.say) + 1 for s in steps) + breaks * len(BREAK_TAG) + len("<speak></speak>") >= SSML_MAX_CHARS:
        raise top.fail(f"would not fit in {SSML_MAX_CHARS} characters of SSML")
    return practice


def parse_jar(raw: Mapping[str, Any], sections: Collection[str]) -> tuple[JarIdea, ...]:
    ideas = []
    for where, item in _entries(raw, "jar.toml", "idea"):
        where.only(item, ("id", "text", "section", "apart"))
        text = where.spoken(item.get("text"), "text")
        if text[-1] in ".!?":
            # Spoken inside a sentence ("here's a starter idea: ..."), like partners' own ideas.
            raise where.fail("a jar idea is a phrase; drop the final punctuation")
        ideas.append(JarIdea(where.get(item, "id", str), text,
                             where.section(item.get("section"), sections), where.get(item, "apart", bool)))
    return tuple(ideas)
