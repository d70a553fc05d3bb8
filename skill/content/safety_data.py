"""Parsing and checking safety.toml: emergency numbers and helplines per locale."""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from . import speech_check
from .fields import Where
from .models import EmergencyNumber, Helpline, SafetyInfo, SafetyTemplate

FILE = "safety.toml"
REQUIRED_LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
DEFAULT = "default"
_DIGITS = re.compile(r"^[0-9]+$")


def parse_safety(raw: Mapping[str, Any], sections: Collection[str]) -> dict[str, SafetyInfo]:
    """Every locale's SafetyInfo, plus the "default" fallback; raises ContentError."""
    top = Where(FILE, "top level")
    top.only(raw, ("template", "locale", DEFAULT))
    template = _template(top.get(raw, "template", dict), sections)
    locales = top.get(raw, "locale", dict)
    missing = [code for code in REQUIRED_LOCALES if code not in locales]
    if missing:
        raise top.fail(f"missing locale(s) {', '.join(missing)}")
    result = {code: _locale(code, entry, template, required=True) for code, entry in locales.items()}
    result[DEFAULT] = _locale(DEFAULT, top.get(raw, DEFAULT, dict), template, required=False)
    return result


def _template(raw: Mapping[str, Any], sections: Collection[str]) -> SafetyTemplate:
    where = Where(FILE, "template")
    where.only(raw, ("section", "immediate", "helpline", "closing"))
    return SafetyTemplate(
        immediate=where.spoken(raw.get("immediate"), "immediate", placeholders={"emergency"},
                               required_placeholders={"emergency"}),
        helpline=where.spoken(raw.get("helpline"), "helpline", placeholders={"name", "number"},
                              required_placeholders={"name", "number"}),
        closing=where.spoken(raw.get("closing"), "closing"),
        section=where.section(raw.get("section"), sections),
    )


def _locale(code: str, raw: Mapping[str, Any], template: SafetyTemplate, *, required: bool) -> SafetyInfo:
    where = Where(FILE, f"locale {code}")
    where.only(raw, ("emergency", "helpline", "note", "note_source", "note_verified"))
    emergency = _emergency(where, where.get(raw, "emergency", dict), required=required)
    helplines = tuple(_helpline(code, i, h) for i, h in enumerate(where.get(raw, "helpline", list, required=False) or ()))
    ids = [h.id for h in helplines]
    if len(ids) != len(set(ids)):
        raise where.fail("helpline ids repeat")
    note = raw.get("note")
    if note is not None:
        where.spoken(note, "note")
        if "note_verified" in raw:
            where.verified(raw["note_verified"], raw.get("note_source"))
    if required and not any(h.verified for h in helplines) and note is None:
        raise where.fail("needs a verified helpline or a spoken note on where to find help")
    return SafetyInfo(code, emergency, helplines, note, template)


def _emergency(where: Where, raw: Mapping[str, Any], *, required: bool) -> EmergencyNumber:
    where.only(raw, ("number", "spoken", "source", "verified"))
    number = where.get(raw, "number", str)
    spoken = _spoken_number(where, raw.get("spoken"), "emergency spoken")
    verified_on = where.verified(raw.get("verified", False), raw.get("source"))
    if required and not (_DIGITS.match(number) and verified_on):
        raise where.fail("emergency number must be digits and verified against an official source")
    return EmergencyNumber(number, spoken, where.get(raw, "source", str), verified_on)


def _helpline(code: str, index: int, raw: Mapping[str, Any]) -> Helpline:
    where = Where(FILE, f"locale {code} helpline {raw.get('id', index)!s}")
    where.only(raw, ("id", "name", "number", "display", "spoken", "text", "text_spoken", "source", "verified"))
    number = where.get(raw, "number", str)
    if not _DIGITS.match(number):
        raise where.fail(f"number {number!r} should be digits only")
    display = where.get(raw, "display", str)
    if re.sub(r"\D", "", display) != number:
        raise where.fail(f"display {display!r} does not show the number {number}")
    text_spoken = raw.get("text_spoken")
    if text_spoken is not None:
        _spoken_number(where, where.spoken(text_spoken, "text_spoken"), "text_spoken")
    return Helpline(
        id=where.get(raw, "id", str),
        name=where.spoken(raw.get("name"), "name"),
        number=number,
        display=display,
        spoken=_spoken_number(where, raw.get("spoken"), "spoken"),
        source=where.get(raw, "source", str),
        verified_on=where.verified(raw.get("verified", False), raw.get("source")),
        text=where.get(raw, "text", str, required=False),
        text_spoken=text_spoken,
    )


def _spoken_number(where: Where, value: Any, field: str) -> str:
    """A number as words: Alexa would read "1800" as "one thousand eight hundred"."""
    if not isinstance(value, str) or not value.strip():
        raise where.fail(f"{field!r} is empty")
    if speech_check.markup_in(value):
        raise where.fail(f"{field!r} has markup character(s)")
    if re.search(r"\d", value):
        raise where.fail(f"{field!r} should spell digits out as words, not {value!r}")
    return value
