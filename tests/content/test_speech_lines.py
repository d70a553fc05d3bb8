"""Every spoken line lives in skill/alexa/speech.toml, tagged with the article section it comes from.

The README promises that each line the skill speaks is our own wording, grounded in a practice of
the article and tagged with its section. That holds only if handlers take their words from
speech.toml: a literal handed straight to `speak(...)`, `elicit(...)` or `ask=` has no section.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from skill.alexa import speech
from skill.content.fields import MAX_WORDS
from skill.content.library import SECTIONS
from skill.content.speech_check import word_count

from .originality import copied_runs, load_fingerprints

HANDLERS = Path(speech.__file__).resolve().parent / "handlers"
MODULES = sorted(p for p in HANDLERS.glob("*.py") if p.name != "__init__.py")
SPOKEN_CALLS = {"speak", "elicit"}
# The argument that is spoken: speak(handler_input, text, ...), elicit(handler_input, slot, question).
SPOKEN_POSITION = {"speak": 1, "elicit": 2}
SPOKEN_NAMES = {"speak": "text", "elicit": "question"}


def test_every_line_has_a_section_and_text():
    problems = []
    for key, entry in speech.lines().items():
        if not isinstance(entry, dict):
            problems.append(f"{key}: not a table")
            continue
        if entry.get("section") not in SECTIONS:
            problems.append(f"{key}: section {entry.get('section')!r} is not one of the article's")
        text = entry.get("text")
        if not isinstance(text, list) or not text:
            problems.append(f"{key}: text must be a non-empty list of variants")
        elif not all(isinstance(t, str) and t.strip() for t in text):
            problems.append(f"{key}: every variant must be a non-empty string")
        if set(entry) - {"section", "text"}:
            problems.append(f"{key}: unexpected fields {sorted(set(entry) - {'section', 'text'})}")
    assert problems == []


def test_spoken_lines_are_short_enough_to_listen_to():
    """About 25 seconds a line at most (60 words, skill.content.fields.MAX_WORDS), cards aside;
    the general help, the longest thing said at once, within about 32."""
    long = [key for key, entry in speech.lines().items() for text in entry["text"]
            if not key.endswith("_card") and word_count(text) > MAX_WORDS]
    assert long == []
    for tail in ("help_paired_tail", "help_unpaired_tail"):
        assert word_count(speech.join(speech.line("help"), speech.line(tail, partner="Alexandra"))) <= 80


def test_no_line_copies_the_article():
    prints = load_fingerprints()
    copies = [(key, run) for key, entry in speech.lines().items() for text in entry["text"]
              for run in copied_runs(text, prints)]
    assert copies == []


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal_words(node: ast.AST | None) -> bool:
    """A string literal with letters in it, or an f-string: words that bypass speech.toml."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]", node.value))
    if isinstance(node, ast.BinOp):  # "Okay. " + line("reprompt")
        return _literal_words(node.left) or _literal_words(node.right)
    return False


def literal_lines(source: str, filename: str = "<source>") -> list[str]:
    """Where `source` hands literal words to speak/elicit as the spoken text or as `ask=`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name not in SPOKEN_CALLS:
            continue
        position = SPOKEN_POSITION[name]
        spoken = node.args[position] if len(node.args) > position else None
        spoken = spoken or next((k.value for k in node.keywords if k.arg == SPOKEN_NAMES[name]), None)
        ask = next((k.value for k in node.keywords if k.arg == "ask"), None)
        for label, value in (("spoken text", spoken), ("ask=", ask)):
            if _literal_words(value):
                found.append(f"{filename}:{node.lineno} {name}(...) {label}")
    return found


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_handlers_speak_only_lines_from_speech_toml(module):
    assert literal_lines(module.read_text(encoding="utf-8"), module.name) == []


def test_the_check_catches_literal_words():
    caught = literal_lines('speak(h, "Hello there", ask=line("reprompt"))\n'
                           'speak(h, line("goodbye"), ask=f"Say {x}")\n'
                           'elicit(h, "slot", "What is it?")\n'
                           'speak(h, "Okay. " + line("reprompt"))\n')
    assert [c.split(" ", 1)[1] for c in caught] == [
        "speak(...) spoken text", "speak(...) ask=", "elicit(...) spoken text", "speak(...) spoken text"]
    assert literal_lines('speak(h, line("help"), ask=line("reprompt"))\n'
                         'elicit(h, "idea", line("jar_ask"))\n'
                         'speak(h, said, card=said, end=True)\n'
                         'speak(h, "", end=True)\n') == []


def test_every_key_a_handler_names_exists():
    keys = set(speech.lines())
    missing = []
    for module in MODULES:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"), module.name)):
            if (isinstance(node, ast.Call) and _call_name(node) == "line" and node.args
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value not in keys):
                missing.append(f"{module.name}:{node.lineno} {node.args[0].value}")
    assert missing == []
