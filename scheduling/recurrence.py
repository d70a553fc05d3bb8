"""Cadences and the small RFC 5545 RRULE subset the planner writes.

The planner and :meth:`CallSegment.occurrences` both expand dates here, so the
dates checked against the partners' windows are exactly the dates a calendar
will show for ``DTSTART;TZID=... + RRULE + UNTIL``.

>>> c = Cadence.parse("monthly:2")
>>> c.rrule((6,))
'FREQ=MONTHLY;BYDAY=1SU,3SU'
>>> [str(d) for d in expand_dates(c.rrule((6,)), date(2025, 3, 2), date(2025, 4, 30))]
['2025-03-02', '2025-03-16', '2025-04-06', '2025-04-20']
>>> Cadence.parse("biweekly").rrule((0, 3))
'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH'
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import CadenceError

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MONTHLY_NTHS = {1: (1,), 2: (1, 3), 3: (1, 2, 4), 4: (1, 2, 3, 4)}


@dataclass(frozen=True)
class Cadence:
    """How often a series repeats: ``daily``, ``weekly``, ``biweekly`` or
    ``monthly`` on the ``nths`` weekdays of each month (``monthly:2`` = 1st and 3rd)."""

    kind: str
    nths: tuple[int, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "Cadence":
        """Parse ``"weekly"``, ``"biweekly"`` (or ``"fortnightly"``), ``"daily"``
        or ``"monthly:N"`` with N in 1..4."""
        if not isinstance(text, str):
            raise CadenceError(text)
        norm = text.strip().lower()
        if norm in {"weekly", "daily"}:
            return cls(norm)
        if norm in {"biweekly", "fortnightly"}:
            return cls("biweekly")
        kind, _, count = norm.partition(":")
        if kind == "monthly" and count.strip().isdigit() and int(count) in MONTHLY_NTHS:
            return cls("monthly", MONTHLY_NTHS[int(count)])
        raise CadenceError(text)

    def __str__(self) -> str:
        if self.kind == "monthly":
            return f"monthly:{len(self.nths)}"
        return self.kind

    def rrule(self, weekdays: tuple[int, ...]) -> str:
        """The RRULE value (no UNTIL/COUNT) for these weekdays (0=Mon)."""
        days = sorted(set(weekdays))
        if self.kind == "monthly":
            return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{n}{RRULE_DAYS[d]}" for d in days for n in self.nths)
        if self.kind == "daily" or len(days) == 7:
            return "FREQ=DAILY"
        interval = ";INTERVAL=2" if self.kind == "biweekly" else ""
        return f"FREQ=WEEKLY{interval};BYDAY=" + ",".join(RRULE_DAYS[d] for d in days)

    def dates(self, weekdays: tuple[int, ...], first: date, last: date, phase: date) -> list[date]:
        """Dates in ``first..last`` on which the series falls. For ``biweekly``
        the "on" weeks are those an even number of weeks from ``phase``'s week."""
        if self.kind == "monthly":
            return [d for d in _monthly(weekdays, self.nths, first, last)]
        days = set(range(7)) if self.kind == "daily" else set(weekdays)
        out = []
        phase_monday = phase - timedelta(days=phase.weekday())
        d = first
        while d <= last:
            if d.weekday() in days and (self.kind != "biweekly" or ((d - phase_monday).days // 7) % 2 == 0):
                out.append(d)
            d += timedelta(days=1)
        return out


def _monthly(weekdays: tuple[int, ...], nths: tuple[int, ...], first: date, last: date) -> list[date]:
    out = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        ndays = calendar.monthrange(year, month)[1]
        for wd in set(weekdays):
            firsts = 1 + (wd - date(year, month, 1).weekday()) % 7
            all_days = list(range(firsts, ndays + 1, 7))
            for n in nths:
                if -len(all_days) <= n <= len(all_days) and n != 0:
                    d = date(year, month, all_days[n - 1 if n > 0 else n])
                    if first <= d <= last:
                        out.append(d)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return sorted(set(out))


def _parse_rrule(rrule: str) -> dict[str, str]:
    parts = dict(p.split("=", 1) for p in rrule.split(";") if p)
    if parts.get("FREQ") not in {"DAILY", "WEEKLY", "MONTHLY"} or set(parts) - {"FREQ", "INTERVAL", "BYDAY"}:
        raise CadenceError(rrule)
    return parts


def expand_dates(rrule: str, dtstart: date, last: date) -> list[date]:
    """The dates of ``rrule`` from ``dtstart`` through ``last`` as an RFC 5545
    expander produces them (weeks start on Monday, the default WKST)."""
    parts = _parse_rrule(rrule)
    byday = parts.get("BYDAY", RRULE_DAYS[dtstart.weekday()]).split(",")
    if parts["FREQ"] == "MONTHLY":
        by_n: dict[int, set[int]] = {}
        for item in byday:
            by_n.setdefault(int(item[:-2]), set()).add(RRULE_DAYS.index(item[-2:]))
        found = {d for n, wds in by_n.items() for d in _monthly(tuple(wds), (n,), dtstart, last)}
        return sorted(found)
    weekdays = tuple(RRULE_DAYS.index(d) for d in byday)
    if parts["FREQ"] == "DAILY":
        weekdays = tuple(range(7))
    kind = "biweekly" if parts.get("INTERVAL", "1") == "2" else "weekly"
    if parts.get("INTERVAL", "1") not in {"1", "2"}:
        raise CadenceError(rrule)
    return Cadence(kind).dates(weekdays, dtstart, last, dtstart)
