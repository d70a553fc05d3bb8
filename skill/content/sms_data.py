"""Parsing and checking nudges.toml: SMS templates that must each fit one GSM-7 segment."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from . import speech_check
from .fields import Where
from .models import NudgeText

FILE = "nudges.toml"
SAMPLE_NAME = "Maximilian"  # a 10-character partner name: longer names are cut by the sender
LINK_MAX = 40  # the nudge sender must keep links at or under this length
SAMPLE_LINK = "https://closer.example/l/" + "x" * (LINK_MAX - len("https://closer.example/l/"))

# Which placeholders each kind may use, and which it must use.
NUDGE_KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "voice-note": (frozenset({"partner"}), frozenset({"partner"})),
    "opt-in-request": (frozenset({"partner"}), frozenset()),
    "opt-in-confirmed": (frozenset({"partner"}), frozenset()),
    "opt-out-confirmed": (frozenset(), frozenset()),
    "help": (frozenset(), frozenset()),
    "waiting": (frozenset({"partner"}), frozenset()),
    "voice-note-ready": (frozenset({"partner", "link"}), frozenset({"partner", "link"})),
    "calendar-link": (frozenset({"link"}), frozenset({"link"})),
    "done-ack": (frozenset(), frozenset()),
    "later-ack": (frozenset(), frozenset()),
    "skip-ack": (frozenset(), frozenset()),
}


def parse_nudges(raw: Mapping[str, Any], sections: Collection[str]) -> tuple[str, tuple[NudgeText, ...]]:
    """The STOP suffix and every nudge template (suffix already appended where due)."""
    top = Where(FILE, "top level")
    top.only(raw, ("stop_suffix", "suffixed", "nudge"))
    suffix = top.get(raw, "stop_suffix", str)
    if not speech_check.is_gsm7(suffix) or "STOP" not in suffix:
        raise top.fail("stop_suffix must be GSM-7 and name the STOP keyword")
    suffixed = set(top.get(raw, "suffixed", list))
    if suffixed - set(NUDGE_KINDS):
        raise top.fail(f"suffixed names unknown kind(s) {sorted(suffixed - set(NUDGE_KINDS))}")
    texts, seen = [], set()
    for index, entry in enumerate(top.get(raw, "nudge", list)):
        nudge = _nudge(index, entry, sections, suffix if entry.get("kind") in suffixed else "")
        if nudge.id in seen:
            raise Where(FILE, f"nudge {nudge.id}").fail("duplicate id")
        seen.add(nudge.id)
        texts.append(nudge)
    absent = sorted(set(NUDGE_KINDS) - {t.kind for t in texts})
    if absent:
        raise top.fail(f"no texts for kind(s) {', '.join(absent)}")
    return suffix, tuple(texts)


def _nudge(index: int, raw: Mapping[str, Any], sections: Collection[str], suffix: str) -> NudgeText:
    where = Where(FILE, f"nudge {raw.get('id', index)!s}")
    where.only(raw, ("id", "kind", "section", "text"))
    kind = where.get(raw, "kind", str)
    if kind not in NUDGE_KINDS:
        raise where.fail(f"unknown kind {kind!r}")
    allowed, required = NUDGE_KINDS[kind]
    body = where.spoken(raw.get("text"), "text", placeholders=allowed, required_placeholders=required)
    full = body + suffix
    sample = render_sms(full, partner=SAMPLE_NAME, link=SAMPLE_LINK)
    septets = speech_check.gsm7_septets(sample)
    if septets is None:
        bad = sorted({ch for ch in sample if not speech_check.is_gsm7(ch)})
        raise where.fail(f"text is not GSM-7 (found {bad}); use straight quotes and no emoji")
    if septets > speech_check.SMS_SINGLE_GSM7:
        raise where.fail(f"text is {septets} characters with a 10-character name and the suffix; "
                         f"one SMS holds {speech_check.SMS_SINGLE_GSM7}")
    if kind == "help" and "STOP" not in body:
        raise where.fail("the HELP answer must say how to opt out")
    return NudgeText(where.get(raw, "id", str), kind, full, where.section(raw.get("section"), sections))


def render_sms(template: str, *, partner: str | None = None, link: str | None = None) -> str:
    """Fill a nudge template; raises ValueError when it needs a value that was not given."""
    values = {"partner": partner, "link": link}
    needed = speech_check.placeholders(template)
    missing = sorted(name for name in needed if values.get(name) is None)
    if missing:
        raise ValueError(f"nudge text needs {', '.join(missing)}")
    return template.format(**{name: values[name] for name in needed})
