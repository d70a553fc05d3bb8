"""Noticing a safety concern inside free text ("my answer is I'm scared of him").

Alexa routes whole utterances like "I'm not safe" to SafetyIntent, but words said inside an
answer, an appreciation or a jar idea arrive as a slot value. Those are screened here, so the
skill answers with help instead of storing the words or passing them to the other partner.

>>> sounds_unsafe("i'm not safe at home"), sounds_unsafe("my partner hit me"), sounds_unsafe("a safe trip")
(True, True, False)
>>> sounds_unsafe("i really don't feel safe right now"), sounds_unsafe("i feel safe with you")
(True, False)
"""
from __future__ import annotations

import re

_PATTERNS = [
    r"\b(i'?m|i am|i feel|i don'?t feel|i do not feel)\b.{0,20}\b(not safe|unsafe|in danger|afraid|scared|frightened)\b",
    # "I don't feel safe", "I really don't feel safe at home", "I never feel safe with him"
    r"\bi\b.{0,12}\b(don'?t|do not|never|no longer|can'?t|cannot)\b.{0,12}\bfeel\b.{0,12}\b(safe|secure)\b",
    r"\b(he|she|they|my partner|my husband|my wife|my boyfriend|my girlfriend)\b.{0,20}"
    r"\b(hit|hits|hurt|hurts|hurting|beat|beats|threaten|threatens|threatened|choked|chokes)\b",
    r"\b(abused|abusing me|abuse me|kill me|hurt me)\b",
]
_COMPILED = [re.compile(p) for p in _PATTERNS]


def sounds_unsafe(text: str | None) -> bool:
    """True when free text reads like someone saying they are not safe."""
    if not text:
        return False
    lowered = re.sub(r"\s+", " ", text.lower().replace("’", "'"))
    return any(p.search(lowered) for p in _COMPILED)
