"""Busy time of the partners, normalised for fast "is this call blocked?" checks.

Accepted shapes (``busy=`` of the planners):

* a mapping ``{partner name: source}`` where a source is an iterable of busy
  intervals or a callable ``(start_utc, end_utc) -> bool | str``;
* one callable ``(partner name, start_utc, end_utc) -> bool | str`` for both.

An interval is a ``(start, end)`` or ``(start, end, label)`` tuple of aware
datetimes, or any object with ``start``/``end`` or ``start_utc``/``end_utc``
attributes (such as ``scheduling.ical.busy.BusyInterval``). A string returned
by a callable, or a label, becomes the reason reported for a skipped call.

>>> from datetime import datetime, timezone
>>> t = lambda h: datetime(2025, 1, 5, h, tzinfo=timezone.utc)
>>> idx = BusyIndex({"Ana": [(t(9), t(11), "dentist")]}, ("Ana", "Ben"))
>>> idx.conflict(int(t(10).timestamp()), 1800), idx.conflict(int(t(11).timestamp()), 1800)
(('Ana', 'dentist'), None)
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import PlanSpecError
from .intervals import from_seconds, to_seconds

BusyCheck = Callable[..., Any]


def _edges(item: Any) -> tuple[Any, Any, str]:
    if isinstance(item, tuple):
        if len(item) not in (2, 3):
            raise PlanSpecError("busy", item, "intervals are (start, end) or (start, end, label)")
        return item[0], item[1], (item[2] if len(item) == 3 else "busy")
    for start, end in (("start_utc", "end_utc"), ("start", "end")):
        if hasattr(item, start) and hasattr(item, end):
            label = getattr(item, "label", None) or getattr(item, "summary", None) or "busy"
            return getattr(item, start), getattr(item, end), str(label)
    raise PlanSpecError("busy", item, "not a busy interval")


class _Spans:
    """Disjoint, sorted busy spans (seconds) with the label of their first piece."""

    def __init__(self, items: Iterable[Any]) -> None:
        raw = sorted((to_seconds(s, "busy start"), to_seconds(e, "busy end"), label)
                     for s, e, label in map(_edges, items))
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.labels: list[str] = []
        for s, e, label in raw:
            if e <= s:
                continue
            if self.ends and s <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], e)
            else:
                self.starts.append(s), self.ends.append(e), self.labels.append(label)

    def hit(self, t: int, d: int) -> str | None:
        """Label of the busy span overlapping ``[t, t+d)``, if any."""
        # The only span that can overlap [t, t+d) and start before t+d is the last
        # one starting before t+d, since spans are disjoint and sorted.
        i = bisect_left(self.starts, t + d) - 1
        if i >= 0 and self.ends[i] > t:
            return self.labels[i]
        return None


def _reason(answer: Any) -> str | None:
    if isinstance(answer, str):
        return answer or "busy"
    return "busy" if answer else None


class BusyIndex:
    """Answers which partner (if any) is busy during ``[t, t + d)`` seconds."""

    def __init__(self, busy: Mapping[str, Any] | BusyCheck | None, names: tuple[str, str],
                 taken: Iterable[tuple[int, int, str]] = ()) -> None:
        self.names = names
        self.sources: dict[str, _Spans | BusyCheck] = {}
        self.shared: BusyCheck | None = None
        # Time already given to the couple's own series (the call, other rituals),
        # in UTC seconds; it blocks both partners.
        self.taken = _Spans((from_seconds(s), from_seconds(e), label) for s, e, label in taken)
        if busy is None:
            return
        if callable(busy) and not isinstance(busy, Mapping):
            self.shared = busy
            return
        if not isinstance(busy, Mapping):
            raise PlanSpecError("busy", busy, "give {partner name: intervals or callable} or one callable")
        for name, source in busy.items():
            if name not in names:
                raise PlanSpecError("busy", name, f"no partner called {name!r}")
            self.sources[name] = source if callable(source) else _Spans(source)

    @property
    def empty(self) -> bool:
        """True when nobody has any busy time (lets the planner skip the checks)."""
        return self.shared is None and not self.sources and not self.taken.starts

    def conflict(self, t: int, d: int) -> tuple[str, str] | None:
        """``(partner name, reason)`` of the first partner busy in ``[t, t+d)``
        (partner ``"both"`` for time already taken by the couple's own series)."""
        label = self.taken.hit(t, d)
        if label:
            return "both", label
        for name in self.names:
            if self.shared is not None:
                reason = _reason(self.shared(name, from_seconds(t), from_seconds(t + d)))
            else:
                source = self.sources.get(name)
                if source is None:
                    continue
                if isinstance(source, _Spans):
                    reason = source.hit(t, d)
                else:
                    reason = _reason(source(from_seconds(t), from_seconds(t + d)))
            if reason:
                return name, reason
        return None
