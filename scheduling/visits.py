"""Visits: the timeline of being together, countdowns and gaps.

Dates are calendar dates, inclusive at both ends; "today" is always the
partner's own local date (a visit in Sydney starts "today" hours before it does
in London).

>>> from datetime import date, datetime, timezone
>>> tl = Timeline([Visit(date(2025, 3, 1), date(2025, 3, 8), "Ana"),
...                Visit(date(2025, 5, 10), date(2025, 5, 17), "Ben", where="Lisbon")],
...               closing_date=date(2026, 1, 1))
>>> now = datetime(2025, 5, 9, 15, 0, tzinfo=timezone.utc)
>>> tl.days_until_next(now, "Europe/London").days, tl.days_until_next(now, "Australia/Sydney").days
(1, 0)
>>> tl.gaps(), tl.longest_gap(), tl.suggest_next(now, "Europe/London")
([63], 63, datetime.date(2025, 6, 27))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from .errors import VisitError, VisitOverlap
from .intervals import to_seconds
from .zones import get_zone


@dataclass(frozen=True)
class Visit:
    """One visit from ``start`` to ``end`` (inclusive) by ``traveler``; an optional
    ``arrival`` instant (aware, or naive wall time in ``arrival_zone``)."""

    start: date
    end: date
    traveler: str
    where: str | None = None
    arrival: datetime | None = None
    arrival_zone: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.start, date) or not isinstance(self.end, date) \
                or isinstance(self.start, datetime) or isinstance(self.end, datetime):
            raise VisitError(self, "start and end must be dates")
        if self.end < self.start:
            raise VisitError(self, "a visit cannot end before it starts")
        if self.arrival_zone is not None:
            get_zone(self.arrival_zone)
        if self.arrival is not None and self.arrival.tzinfo is None and self.arrival_zone is None:
            raise VisitError(self, "a naive arrival time needs arrival_zone")

    @property
    def days(self) -> int:
        """Number of days together (a one-day visit is 1)."""
        return (self.end - self.start).days + 1

    def arrival_instant(self) -> datetime | None:
        """The arrival as an aware datetime (wall time read in ``arrival_zone``)."""
        if self.arrival is None:
            return None
        if self.arrival.tzinfo is None:
            return self.arrival.replace(tzinfo=get_zone(self.arrival_zone))
        return self.arrival


@dataclass(frozen=True)
class Countdown:
    """Where the next (or current) visit stands on a partner's local ``today``.

    ``days`` is 0 when it starts today or is under way (``ongoing``); then
    ``day_number`` is which day of the visit today is (1-based)."""

    visit: Visit
    today: date
    days: int
    ongoing: bool

    @property
    def day_number(self) -> int:
        """Which day of the visit today is (0 if it has not started)."""
        return (self.today - self.visit.start).days + 1 if self.ongoing else 0

    @property
    def starts_today(self) -> bool:
        """True on the visit's first day: under way by the calendar, though the traveller may
        still be on the way (so "it's today!" rather than "together now")."""
        return self.ongoing and self.today == self.visit.start

    @property
    def days_left(self) -> int:
        """Days of the visit still ahead, today included (whole visit if not started)."""
        return (self.visit.end - max(self.today, self.visit.start)).days + 1


def _today(now_utc: datetime, zone: str) -> date:
    to_seconds(now_utc, "now_utc")
    return now_utc.astimezone(get_zone(zone)).date()


class Timeline:
    """Validated, sorted visits, plus an optional ``closing_date`` ("closing the
    distance": the day you stop living apart)."""

    def __init__(self, visits: Iterable[Visit], closing_date: date | None = None) -> None:
        self.visits: tuple[Visit, ...] = tuple(sorted(visits, key=lambda v: (v.start, v.end)))
        for v in self.visits:
            if not isinstance(v, Visit):
                raise VisitError(v, "not a Visit")
        for first, second in zip(self.visits, self.visits[1:]):
            if second.start <= first.end:
                raise VisitOverlap(first, second)
        self.closing_date = closing_date

    def current_or_next(self, today: date) -> Visit | None:
        """The visit under way ``today``, else the next one to start, else None."""
        return next((v for v in self.visits if v.end >= today), None)

    def days_until_next(self, now_utc: datetime, zone: str) -> Countdown | None:
        """Countdown to the next visit on the local date in ``zone``; a visit that
        starts today, or is under way, counts as 0 days. None if none is planned."""
        today = _today(now_utc, zone)
        visit = self.current_or_next(today)
        if visit is None:
            return None
        ongoing = visit.start <= today
        return Countdown(visit, today, 0 if ongoing else (visit.start - today).days, ongoing)

    def time_until_arrival(self, now_utc: datetime) -> timedelta | None:
        """Real time until the next known arrival instant still ahead, or None."""
        t = to_seconds(now_utc, "now_utc")
        ahead = [a for v in self.visits if (a := v.arrival_instant()) is not None and to_seconds(a) > t]
        return min(ahead) - now_utc if ahead else None

    def gaps(self) -> list[int]:
        """Days apart between the end of each visit and the start of the next."""
        return [(b.start - a.end).days for a, b in zip(self.visits, self.visits[1:])]

    def longest_gap(self) -> int | None:
        """The longest gap in days, or None with fewer than two visits."""
        gaps = self.gaps()
        return max(gaps) if gaps else None

    def average_gap(self) -> float | None:
        """The mean gap in days, or None with fewer than two visits."""
        gaps = self.gaps()
        return sum(gaps) / len(gaps) if gaps else None

    def suggest_next(self, now_utc: datetime, zone: str, target_gap_days: int = 42) -> date | None:
        """The latest start date for the next visit that keeps the gap since the
        last planned visit under ``target_gap_days``, but never before today.

        With no visits yet, today. None if that date would be on or after the
        closing date (no more visits needed).
        """
        if not isinstance(target_gap_days, int) or target_gap_days < 1:
            raise VisitError(target_gap_days, "target_gap_days must be a positive number of days")
        today = _today(now_utc, zone)
        if not self.visits:
            suggestion = today
        else:
            last = max(v.end for v in self.visits)
            suggestion = max(today, last + timedelta(days=target_gap_days - 1))
        if self.closing_date is not None and suggestion >= self.closing_date:
            return None
        return suggestion

    def days_until_closing(self, now_utc: datetime, zone: str) -> int | None:
        """Days from today (in ``zone``) to the closing date; negative once it
        has passed, None if there is none."""
        if self.closing_date is None:
            return None
        return (self.closing_date - _today(now_utc, zone)).days
