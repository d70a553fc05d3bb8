"""Half-open intervals of integer seconds since the Unix epoch (UTC).

All schedule arithmetic is done on plain ``int`` seconds: comparisons are exact,
there is no tzinfo to get wrong, and sorted lists can be searched with
:mod:`bisect` instead of looping over minutes.

>>> merge([(5, 9), (0, 3), (3, 4), (8, 12)])
[(0, 4), (5, 12)]
>>> intersect([(0, 10), (20, 30)], [(5, 25)])
[(5, 10), (20, 25)]
>>> complement([(2, 4)], 0, 10)
[(0, 2), (4, 10)]
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timezone
from typing import Iterable

from .errors import NaiveDatetime

Span = tuple[int, int]


def to_seconds(instant: datetime, name: str = "instant") -> int:
    """Whole seconds since the epoch of an aware datetime (microseconds dropped).

    >>> to_seconds(datetime(1970, 1, 1, 0, 1, tzinfo=timezone.utc))
    60
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise NaiveDatetime(name, instant)
    delta = instant.astimezone(timezone.utc) - EPOCH
    return delta.days * 86400 + delta.seconds


def from_seconds(seconds: int) -> datetime:
    """The aware UTC datetime for ``seconds`` since the epoch."""
    return datetime.fromtimestamp(seconds, timezone.utc)


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and join the ones that overlap or touch; empty spans vanish."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(a: list[Span], b: list[Span]) -> list[Span]:
    """Intersection of two merged span lists (two-pointer sweep)."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        # Advance whichever span finishes first; the other may still overlap more.
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return out


def complement(spans: list[Span], lo: int, hi: int) -> list[Span]:
    """The parts of ``[lo, hi)`` not covered by the merged ``spans``."""
    out: list[Span] = []
    cursor = lo
    for start, end in spans:
        if end <= cursor:
            continue
        if start >= hi:
            break
        if start > cursor:
            out.append((cursor, min(start, hi)))
        cursor = max(cursor, end)
    if cursor < hi:
        out.append((cursor, hi))
    return out


def covering(spans: list[Span], starts: list[int], t: int) -> Span | None:
    """The span of merged ``spans`` (with ``starts`` = their start list) holding ``t``.

    >>> s = [(0, 10), (20, 30)]
    >>> covering(s, [0, 20], 25), covering(s, [0, 20], 10)
    ((20, 30), None)
    """
    i = bisect_right(starts, t) - 1
    if i >= 0 and spans[i][1] > t:
        return spans[i]
    return None
