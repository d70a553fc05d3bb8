"""The standing call rests while the two are together.

A visit's days (first and last included) are days the partners are in one place: a video call
then is at best redundant and at worst a reminder ringing over dinner. The call's series keeps
its rule; the occurrences that fall on visit days become EXDATEs, so every calendar app, the
skill and the nudge planner keep expanding one and the same series.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable

from .calls import CallPlan
from .zones import get_zone


def paused_for_visits(plan: CallPlan, visits: Iterable[Any]) -> CallPlan:
    """``plan`` with each occurrence whose date, on the anchor partner's calendar, falls on a day
    of one of ``visits`` (anything with ``start`` and ``end`` dates) added to its segment's
    EXDATEs. Occurrences already excluded stay excluded; nothing else changes.

    >>> from datetime import date, datetime, timedelta
    >>> from types import SimpleNamespace
    >>> from zoneinfo import ZoneInfo
    >>> from scheduling.calls import CallSegment
    >>> london = ZoneInfo("Europe/London")
    >>> weekly = CallSegment("Europe/London", datetime(2027, 1, 3, 19, tzinfo=london),
    ...                      datetime(2027, 1, 31, 23, tzinfo=london), "FREQ=WEEKLY;BYDAY=SU", timedelta(minutes=45))
    >>> plan = CallPlan((weekly,), 45, "weekly", "Ana", (), (), ())
    >>> visit = SimpleNamespace(start=date(2027, 1, 9), end=date(2027, 1, 17))
    >>> [o.day for o in paused_for_visits(plan, [visit]).segments[0].occurrences()]
    [3, 24, 31]
    """
    spans = [(visit.start, visit.end) for visit in visits]
    if not spans:
        return plan
    segments = []
    for segment in plan.segments:
        zone = get_zone(segment.anchor_zone)
        together = [at for at in segment.occurrences()
                    if any(first <= at.astimezone(zone).date() <= last for first, last in spans)]
        if together:
            merged = {x.astimezone(zone): None for x in (*segment.exdates, *together)}  # ordered, no repeats
            segment = replace(segment, exdates=tuple(sorted(merged)))
        segments.append(segment)
    return replace(plan, segments=tuple(segments))
