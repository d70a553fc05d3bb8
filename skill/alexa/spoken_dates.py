"""What the days of a visit are, from the AMAZON.DATE values Alexa fills in.

Alexa turns "March fourth" into a day ("2027-03-04"), "next week" into a week ("2026-W49"),
"this weekend" into a weekend ("2026-W48-WE"), and vaguer words into a month ("2027-03"), a
year, a decade ("202X") or a season ("2027-SU"). A visit needs days: a week stands for Monday to
Sunday and a weekend for Saturday and Sunday; anything vaguer is no day at all, so the skill
asks again rather than guessing one.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")


def days_meant(value: str | None) -> tuple[date, date] | None:
    """The first and last day an AMAZON.DATE value stands for, or None when it names no days."""
    if not value:
        return None
    try:
        if week := _WEEK.fullmatch(value):
            year, number = int(week.group(1)), int(week.group(2))
            first, last = (6, 7) if week.group(3) else (1, 7)
            return date.fromisocalendar(year, number, first), date.fromisocalendar(year, number, last)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day
    except ValueError:  # "2026-W54", "2027-02-30": well formed, but no such days
        return None
    return None


def visit_days(start_value: str | None, end_value: str | None,
               today: date | None = None) -> tuple[date | None, date | None]:
    """The first and last day of a visit from its two slots; either is None while still unknown.
    `today` (the speaker's date) lets an end said as a bare day ("to the 27th") follow the start.

    "This weekend" alone is the whole weekend; "from next week" is its Monday, and a week as the
    end is its Sunday. A single day with no end leaves the end unknown: a visit of one day is
    rare enough that it is asked, not assumed.
    """
    start_days, end_days = days_meant(start_value), days_meant(end_value)
    start = start_days[0] if start_days else None
    if end_days:
        end = end_days[1]
    elif start_days and start_days[0] != start_days[1]:
        end = start_days[1]
    else:
        end = None
    if start is not None and end is not None and end < start and today is not None:
        end = _same_day_after(start, end, today)
    return start, end


def _same_day_after(start: date, end: date, today: date) -> date:
    """An end Alexa placed before the start because only a day was said is that day of the month
    after the start. "From December 20th to the 27th": Alexa reads "the 27th" alone as the next
    27th from today, which may be in November; such an end lies within a month of today. An end
    in the start's own month, or further off ("March 10th to February 2nd"), was said in full and
    is a real mistake: it stays, to be refused.

    >>> today = date(2026, 11, 24)
    >>> _same_day_after(date(2026, 12, 20), date(2026, 11, 27), today)
    datetime.date(2026, 12, 27)
    >>> _same_day_after(date(2027, 3, 10), date(2027, 3, 4), today), _same_day_after(date(2027, 3, 10), date(2027, 2, 2), today)
    (datetime.date(2027, 3, 4), datetime.date(2027, 2, 2))
    """
    if (end.year, end.month) == (start.year, start.month) or end > today + timedelta(days=31):
        return end
    for month_ahead in (0, 1):
        year, month = divmod(start.month - 1 + month_ahead, 12)
        try:
            candidate = date(start.year + year, month + 1, end.day)
        except ValueError:  # the 31st of a short month
            continue
        if start <= candidate <= start + timedelta(days=31):
            return candidate
    return end
