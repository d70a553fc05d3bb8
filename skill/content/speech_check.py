"""Rules for text that Alexa speaks or Twilio sends: markup, length, GSM-7.

Pure functions, no I/O; library.py applies them to every entry when the data files load, and the
nudge sender can reuse them on a text once a real partner name is filled in.
"""
from __future__ import annotations

import string

# Characters that would be read as SSML/XML, as a format placeholder, or as Markdown. Spoken text
# is escaped by the handler anyway; keeping these out means no line can surprise it.
MARKUP_CHARS = frozenset("<>&{}[]\\*#|~^")

WORDS_PER_SECOND = 2.5  # Alexa's default voice, a little slower than conversational speech

# GSM 03.38: the basic table costs one septet a character, the extension table two (ESC + char).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

SMS_SINGLE_GSM7 = 160
SMS_SINGLE_UCS2 = 70
SMS_PART_GSM7 = 153  # a concatenated message loses 7 septets per part to its header
SMS_PART_UCS2 = 67


def markup_in(text: str) -> set[str]:
    """The markup characters found in `text` (empty when the text is clean)."""
    return {ch for ch in text if ch in MARKUP_CHARS}


def word_count(text: str) -> int:
    """Words as a listener hears them: runs of non-space characters."""
    return len(text.split())


def spoken_seconds(text: str) -> float:
    """A rough estimate of how long Alexa takes to say `text`."""
    return word_count(text) / WORDS_PER_SECOND


def placeholders(template: str) -> set[str]:
    """The `{name}` fields of a str.format template.

    >>> sorted(placeholders("Voice note from {partner}: listen {link}"))
    ['link', 'partner']
    """
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def strip_placeholders(template: str, names: set[str] | frozenset[str]) -> str:
    """`template` with the given `{name}` fields removed, to check what is left."""
    for name in names:
        template = template.replace("{" + name + "}", "")
    return template


def gsm7_septets(text: str) -> int | None:
    """Septets `text` needs in the GSM-7 alphabet, or None if it needs UCS-2.

    >>> gsm7_septets("Reply STOP to opt out.")
    22
    >>> gsm7_septets("curly \u2019 quote") is None
    True
    """
    total = 0
    for ch in text:
        if ch in GSM7_BASIC:
            total += 1
        elif ch in GSM7_EXTENDED:
            total += 2
        else:
            return None
    return total


def is_gsm7(text: str) -> bool:
    """True when every character of `text` is in the GSM-7 alphabet."""
    return gsm7_septets(text) is not None


def sms_segments(text: str) -> int:
    """How many SMS segments `text` is billed as.

    >>> sms_segments("x" * 160), sms_segments("x" * 161), sms_segments("\u00e7" * 71)
    (1, 2, 2)
    """
    septets = gsm7_septets(text)
    if septets is not None:
        return 1 if septets <= SMS_SINGLE_GSM7 else -(-septets // SMS_PART_GSM7)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= SMS_SINGLE_UCS2 else -(-units // SMS_PART_UCS2)
