"""SMS texts for nudges, from the content library (`skill/content/nudges.toml`).

The library checks every template fits one GSM-7 segment with a 10-character name and a link of
at most `LINK_MAX` characters, and appends "Reply STOP to opt out." where due; we keep our side
of that bargain by shortening names and keeping links short.
"""
from __future__ import annotations

from skill.content import library
from skill.content.selection import choose_text

from .records import Nudge

# Our nudge kinds -> the library's text kinds.
CONTENT_KIND = {
    "nudge": "voice-note",
    "ask": "voice-note",
    "confirm": "opt-in-request",
    "waiting": "waiting",
    "voicenote": "voice-note-ready",
    "calendarlink": "calendar-link",
}
NAME_MAX = 10  # the library's templates are checked with a 10-character name


def short_name(name: str | None) -> str:
    """A name that keeps texts to one segment: the first name, cut to 10 characters.

    >>> short_name("Maximiliane Sophie"), short_name(""), short_name("Jo")
    ('Maximilian', 'your partner', 'Jo')
    """
    words = (name or "").split()
    return words[0][:NAME_MAX] if words else "your partner"


def render(content_kind: str, seed: str, *, partner: str | None = None, link: str | None = None) -> str:
    """One text of `content_kind`, chosen by `seed` (stable, so a retry sends the same words)."""
    template = choose_text(library.nudge_texts(content_kind), seed)
    return library.render_sms(template, partner=short_name(partner), link=link)


def for_nudge(nudge: Nudge) -> str:
    """The text for a nudge record."""
    return render(CONTENT_KIND[nudge.kind], nudge.id, partner=nudge.get("name"), link=nudge.get("link") or None)


def reply(content_kind: str, seed: str = "", *, partner: str | None = None) -> str:
    """A TwiML reply text: 'opt-out-confirmed', 'help', 'opt-in-confirmed', '<keyword>-ack'."""
    return render(content_kind, seed or content_kind, partner=partner)
