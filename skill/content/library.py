"""Closer's content library: the TOML files beside this module, loaded once and checked on load.

Every spoken line is our own wording, grounded in a practice of the article the product is built
on (shared/seeds/000_1791a497f09a8f4e.txt) and tagged with the exact title of its section, which
must be one of SECTIONS below. A broken file fails loudly with a ContentError naming the file
and the entry, so a bad edit can never reach an Echo.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from scheduling.zones import zone_country

from .fields import ContentError
from .models import (ConversationGuide, Helpline, JarIdea, NudgeText, Opener, PlanWeek, Prompt,
                     PresencePractice, PresenceStep, SafetyInfo)
from .parsers import (KINDS, PLAN_WEEKS, PLAY_SUBKINDS, parse_jar, parse_openers, parse_plan,
                      parse_presence, parse_prompts)
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

    @cached_property
    def _prompt_index(self) -> dict[str, Prompt]:
        return {p.id: p for p in self.prompts}

    def prompt(self, prompt_id: str) -> Prompt:
        """The prompt with this id; KeyError names the id when there is none."""
        try:
            return self._prompt_index[prompt_id]
        except KeyError:
            raise KeyError(f"no prompt with id {prompt_id!r}") from None


def load_library(directory: Path = CONTENT_DIR) -> Library:
    """Read and check every content file in `directory`; raises ContentError on the first fault."""
    prompts = parse_prompts(_read(directory, "prompts.toml"), SECTIONS)
    plan = parse_plan(_read(directory, "plan.toml"), SECTIONS)
    openers, guide = parse_openers(_read(directory, "openers.toml"), SECTIONS)
    suffix, nudge_list = parse_nudges(_read(directory, "nudges.toml"), SECTIONS)
    return Library(prompts, plan, openers, guide, parse_presence(_read(directory, "presence.toml"), SECTIONS),
                   parse_jar(_read(directory, "jar.toml"), SECTIONS),
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


def safety_for(locale: str | None, zone: str | None = None) -> SafetyInfo:
    """Safety numbers for an Alexa locale such as "en-GB" (or "en_gb"); the default otherwise.

    `zone` is the device's time zone, when known. The locale is only the language the Echo
    speaks: a US-English Echo in London must give 999, not 911. So when the zone's country is
    not the locale's, that country's numbers are given, or, for a country we hold no checked
    numbers for, the default's "your local emergency number".
    """
    safety = library().safety
    wanted = (locale or "").replace("_", "-").lower()
    by_locale = next((info for code, info in safety.items() if code.lower() == wanted), safety[SAFETY_DEFAULT])
    country = zone_country(zone)
    if country is None or wanted.endswith(f"-{country.lower()}"):
        return by_locale
    return next((info for code, info in safety.items() if code.upper().endswith(f"-{country}")),
                safety[SAFETY_DEFAULT])


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

