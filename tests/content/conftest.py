"""Shared helpers for the content tests: every piece of text the library holds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skill.content import library

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_1791a497f09a8f4e.txt"


def all_spoken() -> list[tuple[str, str]]:
    """(label, text) for every line Alexa may speak from the library."""
    lib = library.library()
    out = [(f"prompt {p.id}", p.text) for p in lib.prompts]
    for week in lib.plan:
        out += [(f"plan week {week.number} title", week.title), (f"plan week {week.number} focus", week.focus)]
        out += [(f"plan week {week.number} task {i}", t) for i, t in enumerate(week.tasks, 1)]
    out += [(f"opener {o.id}", o.text) for o in lib.openers]
    out += [("guide intro", lib.guide.intro), ("guide outro", lib.guide.outro)]
    out += [(f"guide step {i}", s) for i, s in enumerate(lib.guide.steps, 1)]
    out += [(f"presence step {i}", s.say) for i, s in enumerate(lib.presence.steps, 1)]
    out += [(f"jar {i.id}", i.text) for i in lib.jar]
    out += [(f"safety {code}", info.spoken_message()) for code, info in lib.safety.items()]
    return out


def all_sms() -> list[tuple[str, str]]:
    """(label, template) for every SMS template, STOP suffix included where due."""
    return [(f"nudge {n.id}", n.text) for n in library.library().nudges]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content files, to break on purpose."""
    for toml in library.CONTENT_DIR.glob("*.toml"):
        shutil.copy(toml, tmp_path / toml.name)
    return tmp_path


@pytest.fixture(scope="session")
def article_text() -> str:
    """The article the content is grounded in (kept beside the repo, not in it)."""
    if not ARTICLE.exists():
        pytest.skip(f"the article is not at {ARTICLE}; originality still runs from fingerprints")
    return ARTICLE.read_text(encoding="utf-8")
