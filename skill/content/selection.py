"""Choosing tonight's prompt for a couple: pure and deterministic.

Both partners compute the choice on their own devices, often hours apart; given the same couple
seed, local date, ordinal and history they get the same prompt. The draw is a weighted
"exponential race" keyed on a hash of (seed, date, ordinal, prompt id): each candidate gets a
key -ln(u) / weight and the smallest key wins, which picks a candidate with probability
weight / total weight, independent of file order, and changes little when prompts are added.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from . import library
from .models import Prompt

NO_REPEAT_DAYS = 30
WEEK_SHARE = 0.7  # share of the draw given to prompts that suit the current plan week


class NoPromptLeft(LookupError):
    """Every prompt in the library is excluded."""


def choose_prompt(*, couple_seed: str, local_date: date, plan_week: int | None,
                  recent: Mapping[str, date], exclude: Collection[str] = (), ordinal: int = 0,
                  pool: Sequence[Prompt] | None = None) -> Prompt:
    """The prompt for this couple on `local_date`.

    `recent` maps prompt id to the last local date the couple was given it; nothing given within
    NO_REPEAT_DAYS repeats while unused prompts remain, and when none remain the least recently
    given ones are drawn from. `plan_week` (1-6) tilts the draw toward that week's prompts,
    about WEEK_SHARE of the time, without ruling the rest out; a prompt `only_in_plan` is drawn
    only in its own weeks. "Another one" is the next
    `ordinal` with the prompts already given tonight in `exclude`. `pool` replaces the library
    (a couple's first evening, tests and previews).
    """
    if plan_week is not None and (isinstance(plan_week, bool) or plan_week not in range(1, 7)):
        raise ValueError(f"plan_week must be 1 to 6 or None, not {plan_week!r}")
    excluded = set(exclude)
    candidates = [p for p in (library.prompts() if pool is None else pool)
                  if p.id not in excluded and (not p.only_in_plan or plan_week in p.weeks)]
    if not candidates:
        raise NoPromptLeft("every prompt is excluded")
    fresh = [p for p in candidates if _is_fresh(recent.get(p.id), local_date)]
    if not fresh:
        oldest = min(recent[p.id] for p in candidates)
        fresh = [p for p in candidates if recent[p.id] == oldest]
    weights = _weights(fresh, plan_week)
    salt = f"{couple_seed}\x1f{local_date.isoformat()}\x1f{ordinal}"
    return min(fresh, key=lambda p: _race_key(salt, p.id, weights[p.id]))


def first_evening_pool() -> list[Prompt]:
    """The prompts a couple's very first evening draws from: those written for week one of the
    plan ("noticing and grounding"), so nobody meets Closer with a question about repair or with
    one that assumes history with the skill."""
    return [p for p in library.prompts() if 1 in p.weeks]


def suits_week(prompt: Prompt, week: int) -> bool:
    """True when `prompt` is one the plan favours in `week` (by kind or by its own weeks)."""
    return week in prompt.weeks or prompt.kind in library.plan_week(week).kinds


def choose_text(options: Sequence[str], seed: str) -> str:
    """One of `options`, the same one every time for the same `seed` (to vary SMS and speech).

    >>> choose_text(["a", "b", "c"], "couple-1|2026-11-24") == choose_text(["a", "b", "c"], "couple-1|2026-11-24")
    True
    """
    if not options:
        raise ValueError("choose_text needs at least one option")
    return options[_hash_int(seed) % len(options)]


def _is_fresh(last_given: date | None, today: date) -> bool:
    # A date after today counts as recent too: the partner ahead in time may already be on D+1.
    return last_given is None or (today - last_given).days >= NO_REPEAT_DAYS


def _weights(prompts: Sequence[Prompt], week: int | None) -> dict[str, float]:
    """Equal weights, or WEEK_SHARE spread over the week's prompts and the rest over the others."""
    if week is None:
        return {p.id: 1.0 for p in prompts}
    favoured = {p.id for p in prompts if suits_week(p, week)}
    others = len(prompts) - len(favoured)
    if not favoured or not others:
        return {p.id: 1.0 for p in prompts}
    return {p.id: (WEEK_SHARE / len(favoured) if p.id in favoured else (1 - WEEK_SHARE) / others)
            for p in prompts}


def _race_key(salt: str, prompt_id: str, weight: float) -> float:
    # u in (0, 1): 53 bits of the hash, offset by half a step so log() never sees zero.
    u = ((_hash_int(f"{salt}\x1f{prompt_id}") >> 11) + 0.5) / 2**53
    return -math.log(u) / weight


def _hash_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
