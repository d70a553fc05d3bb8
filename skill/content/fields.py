"""Field-level checks shared by the content parsers, with errors that name file and entry."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from . import speech_check

MAX_WORDS = 60  # about 25 seconds of Alexa speech
MIN_WORDS = 3


class ContentError(ValueError):
    """A content file breaks a rule; says which file, which entry and what is wrong."""

    def __init__(self, file: str, entry: str, problem: str):
        self.file, self.entry, self.problem = file, entry, problem
        super().__init__(f"{file}: {entry}: {problem}")


class Where:
    """One entry of one file, so every check can say exactly where it failed."""

    def __init__(self, file: str, entry: str):
        self.file, self.entry = file, entry

    def fail(self, problem: str) -> ContentError:
        """An error for this entry (raise it)."""
        return ContentError(self.file, self.entry, problem)

    def only(self, raw: Mapping[str, Any], allowed: Collection[str]) -> None:
        """Reject unknown keys, so a typo such as `week = [2]` cannot pass silently."""
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(unknown)}")

    def get(self, raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], *, required: bool = True):
        """`raw[key]` checked against `kind`; None when optional and absent."""
        if key not in raw:
            if required:
                raise self.fail(f"missing {key!r}")
            return None
        value = raw[key]
        # bool is an int in Python; a weeks list of `true` must not pass as numbers.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            raise self.fail(f"{key!r} should be {_type_names(kind)}, not {type(value).__name__}")
        return value

    def section(self, value: Any, sections: Collection[str]) -> str:
        """A section title, which must be one of the article's."""
        if not isinstance(value, str) or value not in sections:
            raise self.fail(f"section {value!r} is not a section title of the article")
        return value

    def spoken(self, value: Any, field: str, *, placeholders: Collection[str] = (),
               required_placeholders: Collection[str] = (), max_words: int = MAX_WORDS) -> str:
        """A line for Alexa to speak: plain text, no markup, only known placeholders, short."""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{field!r} is empty")
        found = speech_check.placeholders(value) if "{" in value else set()
        if found - set(placeholders):
            raise self.fail(f"{field!r} has unknown placeholder(s) {sorted(found - set(placeholders))}")
        if set(required_placeholders) - found:
            raise self.fail(f"{field!r} lacks placeholder(s) {sorted(set(required_placeholders) - found)}")
        bad = speech_check.markup_in(speech_check.strip_placeholders(value, found))
        if bad:
            raise self.fail(f"{field!r} has markup character(s) {''.join(sorted(bad))}")
        if value != value.strip() or "  " in value or "\n" in value:
            raise self.fail(f"{field!r} has stray whitespace")
        words = speech_check.word_count(value)
        if not MIN_WORDS <= words <= max_words:
            raise self.fail(f"{field!r} has {words} words; keep it between {MIN_WORDS} and {max_words}")
        return value

    def verified(self, value: Any, source: Any) -> date | None:
        """`verified` is the date a number was checked, or false; a date needs an https source."""
        if value is False:
            return None
        if not isinstance(value, date):
            raise self.fail(f"'verified' should be the date it was checked or false, not {value!r}")
        if not (isinstance(source, str) and source.startswith("https://")):
            raise self.fail("a verified entry needs the https URL of its official source")
        return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _type_names(kind: type | tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in _as_tuple(kind))
