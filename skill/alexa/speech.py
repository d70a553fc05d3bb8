"""Spoken lines and SSML helpers.

Lines live in `speech.toml` (data, each tagged with the article section it comes from); handlers
ask for a line by key and fill its placeholders. Variants are picked deterministically from a
seed, so a conversation is stable within a day yet varies across days.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

_FILE = Path(__file__).with_name("speech.toml")


@lru_cache(maxsize=1)
def lines() -> dict[str, dict]:
    """All spoken lines by key: `{"section": str, "text": [variants]}`."""
    with _FILE.open("rb") as handle:
        return tomllib.load(handle)


def line(key: str, seed: str = "", **values: object) -> str:
    """The line `key` with its placeholders filled; `seed` picks among variants."""
    variants = lines()[key]["text"]
    pick = int(hashlib.sha256(f"{key}:{seed}".encode()).hexdigest(), 16) % len(variants) if seed else 0
    return variants[pick].format(**values)


def ssml(text: str) -> str:
    """Escape free text (user words, prompts) for use inside SSML."""
    return escape(text, {'"': "&quot;"})


def join(*parts: str | None) -> str:
    """Join spoken sentences, skipping empty ones."""
    return " ".join(p.strip() for p in parts if p and p.strip())


def plain(ssml_text: str) -> str:
    """Strip SSML tags, for cards and the `closer say` console."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", ssml_text)).strip()


def spoken_list(items: list[str]) -> str:
    """"a, b, and c" for speech."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]
