"""Closer's content library: the TOML files beside this module, loaded once and checked on load.

Every spoken line is our own wording, grounded in a practice of the article the product is built
on (shared/seeds/000_1791a497f09a8f4e.txt) and tagged with the exact title of its section, which
must be one of SECTIONS below. A broken file fails loudly with a ContentError naming the file
and the entry, so a bad edit can never reach an Echo.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import speech_check
from .fields import ContentError, Where
from .models import (ConversationGuide, Helpline, JarIdea, NudgeText, Opener, PlanWeek, Prompt,
                     PresencePractice, PresenceStep, SafetyInfo)
from .safety_data import DEFAULT as SAFETY_DEFAULT, REQUIRED_LOCALES, parse_safety
from .sms_data import LINK_MAX, NUDGE_KINDS, SAMPLE_NAME, parse_nudges, render_sms

__all__ = [
    "SECTIONS", "KINDS", "PLAY_SUBKINDS", "NUDGE_KINDS", "REQUIRED_LOCALES", "LINK_MAX", "SAMPLE_NAME",
    "ContentError", "Library", "load_library", "prompts", "prompt", "prompts_of_kind", "plan_week",
    "plan_weeks", "openers", "conversation_guide", "presence_practice", "presence_steps",
    "jar_starters", "safety_for", "nudge_texts", "nudges", "stop_suffix", "render_sms",
    "Prompt", "PlanWeek", "Opener", "ConversationGuide", "PresenceStep", "PresencePractice",
    "JarIdea", "Helpline", "SafetyInfo", "NudgeText",
]

CONTENT_DIR = Path(__file__).resolve().parent

# The article's table of contents, exactly as written there.
SECTIONS: tuple[str, ...] = (
    "Introduction",
    "Understanding Distance: What It Actually Means",
    "Signs That Distance Is Growing — and How To Notice It Early",
    "The Emotional Landscape: How Distance Feels",
    "Gentle Communication: How To Talk When There Is Distance In A Relationship",
    "Practical Steps To Rebuild Connection — A 6-Week Plan",
    "Daily Practices That Restore Warmth",
    "The Role of Boundaries and Healthy Distance",
    "When Distance Is A Sign Of Something Deeper",
    "Long-Distance Relationships: Special Considerations",
    "When Distance Is About Personal Growth",
    "Repair After Breach: Steps To Rebuild Trust",
    "Mistakes To Avoid When Responding To Distance",
    "Community, Rituals, and Creative Sparks",
    "Deciding If Separation Or Ending Is The Right Choice",
    "Resources and Small Supports You Can Use Tonight",
    "Realistic Expectations: What Success Looks Like",
    "Final Thoughts",
    "FAQ",
)
KINDS = ("check-in", "appreciation", "opener", "play", "repair", "boundaries", "long-distance",
         "presence", "growth")
PLAY_SUBKINDS = ("first-date", "playlist-swap", "mini-adventure")
PLAN_WEEKS = range(1, 7)
ID_PATTERN = re.compile(r"^[a-z]+(?:-[a-z]+)*-\d{3}$")

# Presence practice limits: Alexa plays at most 240 s of audio in one response, SSML may hold
# 8000 characters, and one <break> lasts at most 10 s.
PRESENCE_SECONDS = (90, 180)
ALEXA_MAX_AUDIO_SECONDS = 240
SSML_MAX_CHARS = 8000
BREAK_MAX_SECONDS = 10
BREAK_TAG = '<break time="10s"/>'


@dataclass(frozen=True, eq=False)
class Library:
    """All content, checked. Build it with load_library()."""

    prompts: tuple[Prompt, ...]
    plan: tuple[PlanWeek, ...]
    openers: tuple[Opener, ...]
    guide: ConversationGuide
    presence: PresencePractice
    jar: tuple[JarIdea, ...]
    safety: Mapping[str, SafetyInfo]
    stop_suffix: str
    nudges: tuple[NudgeText, ...]

    def prompt(self, prompt_id: str) -> Prompt:
        """The prompt with this id; KeyError names the id when there is none."""
        for item in self.prompts:
            if item.id == prompt_id:
                return item
        raise KeyError(f"no prompt with id {prompt_id!r}")


def load_library(directory: Path = CONTENT_DIR) -> Library:
    """Read and check every content file in `directory`; raises ContentError on the first fault."""
    prompts = _prompts(_read(directory, "prompts.toml"))
    plan = _plan(_read(directory, "plan.toml"))
    openers, guide = _openers(_read(directory, "openers.toml"))
    suffix, nudge_list = parse_nudges(_read(directory, "nudges.toml"), SECTIONS)
    return Library(prompts, plan, openers, guide, _presence(_read(directory, "presence.toml")),
                   _jar(_read(directory, "jar.toml")),
                   MappingProxyType(parse_safety(_read(directory, "safety.toml"), SECTIONS)),
                   suffix, nudge_list)


def _read(directory: Path, name: str) -> dict[str, Any]:
    try:
        with open(directory / name, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(name, "file", f"not found in {directory}") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError(name, "file", f"is not valid TOML: {error}") from None


def _entries(raw: Mapping[str, Any], file: str, table: str) -> list[tuple[Where, dict[str, Any]]]:
    """The `[[table]]` entries of a file, each with a Where naming it; ids must be unique."""
    items = Where(file, "top level").get(raw, table, list)
    seen: set[str] = set()
    result = []
    for index, item in enumerate(items):
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


def _prompts(raw: Mapping[str, Any]) -> tuple[Prompt, ...]:
    result = []
    for where, item in _entries(raw, "prompts.toml", "prompt"):
        where.only(item, ("id", "kind", "subkind", "section", "weeks", "text"))
        kind = where.get(item, "kind", str)
        if kind not in KINDS:
            raise where.fail(f"unknown kind {kind!r}; known kinds are {', '.join(KINDS)}")
        subkind = where.get(item, "subkind", str, required=kind == "play")
        if subkind is not None and (kind != "play" or subkind not in PLAY_SUBKINDS):
            raise where.fail(f"subkind {subkind!r} is only for play, one of {', '.join(PLAY_SUBKINDS)}")
        result.append(Prompt(where.get(item, "id", str), kind, where.spoken(item.get("text"), "text"),
                             where.section(item.get("section"), SECTIONS),
                             _weeks(where, where.get(item, "weeks", list, required=False) or []), subkind))
    return tuple(result)


def _weeks(where: Where, weeks: list[Any]) -> tuple[int, ...]:
    if any(isinstance(w, bool) or not isinstance(w, int) or w not in PLAN_WEEKS for w in weeks):
        raise where.fail(f"weeks {weeks!r} should be numbers from 1 to 6")
    if len(set(weeks)) != len(weeks):
        raise where.fail(f"weeks {weeks!r} repeat")
    return tuple(sorted(weeks))


def _plan(raw: Mapping[str, Any]) -> tuple[PlanWeek, ...]:
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
                              kinds, where.section(item.get("section"), SECTIONS)))
    if sorted(w.number for w in weeks) != list(PLAN_WEEKS):
        raise ContentError("plan.toml", "week", "weeks must be numbered 1 to 6, once each")
    return tuple(sorted(weeks, key=lambda w: w.number))


def _openers(raw: Mapping[str, Any]) -> tuple[tuple[Opener, ...], ConversationGuide]:
    openers = []
    for where, item in _entries(raw, "openers.toml", "opener"):
        where.only(item, ("id", "text", "section"))
        openers.append(Opener(where.get(item, "id", str), where.spoken(item.get("text"), "text"),
                              where.section(item.get("section"), SECTIONS)))
    where = Where("openers.toml", "structure")
    guide = where.get(raw, "structure", dict)
    where.only(guide, ("section", "intro", "steps", "outro"))
    steps = where.get(guide, "steps", list)
    if not steps:
        raise where.fail("needs at least one step")
    return tuple(openers), ConversationGuide(
        where.spoken(guide.get("intro"), "intro"),
        tuple(where.spoken(s, f"step {i + 1}") for i, s in enumerate(steps)),
        where.spoken(guide.get("outro"), "outro"), where.section(guide.get("section"), SECTIONS))


def _presence(raw: Mapping[str, Any]) -> PresencePractice:
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
    practice = PresencePractice(top.spoken(raw.get("title"), "title", max_words=8), top.section(raw.get("section"), SECTIONS), tuple(steps))
    seconds = sum(speech_check.spoken_seconds(s.say) for s in steps) + practice.total_pause_seconds()
    low, high = PRESENCE_SECONDS
    if not low <= seconds <= min(high, ALEXA_MAX_AUDIO_SECONDS):
        raise top.fail(f"runs about {seconds:.0f} s; keep it between {low} and {high}")
    breaks = sum(-(-s.pause_seconds // BREAK_MAX_SECONDS) for s in steps)
    if sum(len(s.say) + 1 for s in steps) + breaks * len(BREAK_TAG) + len("<speak></speak>") >= SSML_MAX_CHARS:
        raise top.fail(f"would not fit in {SSML_MAX_CHARS} characters of SSML")
    return practice


def _jar(raw: Mapping[str, Any]) -> tuple[JarIdea, ...]:
    ideas = []
    for where, item in _entries(raw, "jar.toml", "idea"):
        where.only(item, ("id", "text", "section", "apart"))
        text = where.spoken(item.get("text"), "text")
        if text[-1] in ".!?":
            # Spoken inside a sentence ("here's a starter idea: ..."), like partners' own ideas.
            raise where.fail("a jar idea is a phrase; drop the final punctuation")
        ideas.append(JarIdea(where.get(item, "id", str), text,
                             where.section(item.get("section"), SECTIONS), where.get(item, "apart", bool)))
    return tuple(ideas)


# --- the loaded library, read once per process -------------------------------------------------

@lru_cache(maxsize=1)
def library() -> Library:
    """The library from this package's own files, loaded and checked on first use."""
    return load_library()


def prompts() -> tuple[Prompt, ...]:
    """Every prompt, in file order."""
    return library().prompts


def prompt(prompt_id: str) -> Prompt:
    """The prompt with this id; KeyError if there is none."""
    return library().prompt(prompt_id)


def prompts_of_kind(kind: str) -> tuple[Prompt, ...]:
    """The prompts of one kind (ValueError for an unknown kind)."""
    if kind not in KINDS:
        raise ValueError(f"unknown prompt kind {kind!r}")
    return tuple(p for p in library().prompts if p.kind == kind)


def plan_weeks() -> tuple[PlanWeek, ...]:
    """The six weeks of the plan, in order."""
    return library().plan


def plan_week(number: int) -> PlanWeek:
    """Week `number` (1 to 6) of the plan; ValueError outside that range."""
    if isinstance(number, bool) or number not in PLAN_WEEKS:
        raise ValueError(f"plan week must be 1 to 6, not {number!r}")
    return library().plan[number - 1]


def openers() -> tuple[Opener, ...]:
    """Openers for a hard conversation."""
    return library().openers


def conversation_guide() -> ConversationGuide:
    """The spoken six-step shape of a hard conversation."""
    return library().guide


def presence_practice() -> PresencePractice:
    """The guided two-minute presence practice."""
    return library().presence


def presence_steps() -> tuple[PresenceStep, ...]:
    """The steps of the presence practice, in order."""
    return library().presence.steps


def jar_starters(*, apart: bool | None = None) -> tuple[JarIdea, ...]:
    """Starter jar ideas; `apart=True` keeps only those that work from two places."""
    return tuple(i for i in library().jar if apart is None or i.apart == apart)


def safety_for(locale: str | None) -> SafetyInfo:
    """Safety numbers for an Alexa locale such as "en-GB" (or "en_gb"); the default otherwise."""
    wanted = (locale or "").replace("_", "-").lower()
    for code, info in library().safety.items():
        if code.lower() == wanted:
            return info
    return library().safety[SAFETY_DEFAULT]


def nudges(kind: str) -> tuple[NudgeText, ...]:
    """The SMS templates of one kind (ValueError for an unknown kind)."""
    if kind not in NUDGE_KINDS:
        raise ValueError(f"unknown nudge kind {kind!r}; known kinds are {', '.join(NUDGE_KINDS)}")
    return tuple(n for n in library().nudges if n.kind == kind)


def nudge_texts(kind: str) -> tuple[str, ...]:
    """The SMS template strings of one kind, STOP suffix included where the kind needs it."""
    return tuple(n.text for n in nudges(kind))


def stop_suffix() -> str:
    """The opt-out sentence appended to nudges."""
    return library().stop_suffix

