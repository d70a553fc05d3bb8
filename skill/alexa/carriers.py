"""Politeness around a request, which Alexa's language understanding looks past ("can you send me
our calendar link please"), for the console resolver (`utterances`).

The resolver tries the words without these only when the words as said match nothing or fill a
typed slot, so an exact sample or a built-in phrase ("please do", "no thank you") always wins.
"""
from __future__ import annotations

_LEADING_CARRIERS = (("can", "you"), ("could", "you"), ("would", "you"), ("will", "you"),
                     ("i", "want", "you", "to"), ("i", "would", "like", "you", "to"),
                     ("i'd", "like", "you", "to"), ("please",), ("alexa",), ("hey",), ("ok",), ("okay",))
_TRAILING_CARRIERS = (("please",), ("for", "me"), ("thanks",), ("thank", "you"))


def without_carriers(words: list[str]) -> list[list[str]]:
    """`words` with polite carrier phrases taken off the ends ("can you ... please"), most taken
    off first; a sample that itself ends in "please" is still found, one step later."""
    starts, ends = [0], [len(words)]
    while (found := _carrier_at(words, starts[-1], _LEADING_CARRIERS, leading=True)) is not None:
        starts.append(found)
    while (found := _carrier_at(words, ends[-1], _TRAILING_CARRIERS, leading=False)) is not None:
        ends.append(found)
    cuts = sorted(((-(i + j), start, end) for i, start in enumerate(starts) for j, end in enumerate(ends)
                   if (i or j) and start < end))
    return [words[start:end] for _, start, end in cuts]


def _carrier_at(words: list[str], edge: int, carriers, *, leading: bool) -> int | None:
    """Where a carrier phrase at `edge` ends (leading) or begins (trailing), if one is there."""
    for carrier in carriers:
        span = words[edge:edge + len(carrier)] if leading else words[max(0, edge - len(carrier)):edge]
        if tuple(span) == carrier and len(span) == len(carrier):
            return edge + len(carrier) if leading else edge - len(carrier)
    return None
