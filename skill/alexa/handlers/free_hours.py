"""Free hours by voice: "on weekdays I'm free from seven to ten thirty pm" sets when calls may be
planned for this partner (their weekly windows, on their own clock); "what are my free hours?"
says them. Before this, only the `closer window` command could change them."""
from __future__ import annotations

from datetime import datetime, timezone

from scheduling import WeeklyWindows

from ...services import schedule
from ...store.couples import DEFAULT_WINDOWS
from ...speech_time import clock_phrase
from ..speech import join, line, spoken_list
from .base import IntentHandler, elicit, resolved, slot, speak

# The FreeDays slot's canonical values (interaction models), as weekdays (0 is Monday).
DAY_GROUPS = {"every day": tuple(range(7)), "weekdays": tuple(range(5)), "weekends": (5, 6),
              **{name.lower(): (index,) for index, name in enumerate(schedule.WEEKDAYS)}}


def spoken_minute(minute: int) -> str:
    """Minutes after local midnight as said aloud: '7 in the evening', '10:30 at night', 'midnight'."""
    minute %= 1440
    return clock_phrase(datetime(2026, 1, 5, minute // 60, minute % 60, tzinfo=timezone.utc), "UTC")


def spoken_days(weekdays) -> str:
    """'every day', 'on weekdays', 'on weekends', or 'on Mondays and Thursdays'."""
    days = tuple(sorted(set(weekdays)))
    named = {DAY_GROUPS["every day"]: line("free_days_every"), DAY_GROUPS["weekdays"]: line("free_days_weekdays"),
             DAY_GROUPS["weekends"]: line("free_days_weekends")}
    return named.get(days) or line("free_days_some",
                                   days=spoken_list([schedule.WEEKDAYS[d].capitalize() + "s" for d in days]))


def spoken_windows(windows: WeeklyWindows) -> str:
    """All of a partner's windows, grouped by hours: 'on weekdays from 6 in the evening to ...'."""
    by_hours: dict[tuple[int, int], list[int]] = {}
    for window in windows.windows:
        by_hours.setdefault((window.start, window.end), []).append(window.weekday)
    parts = [line("free_hours_span", days=spoken_days(days), start=spoken_minute(start), end=spoken_minute(end))
             for (start, end), days in sorted(by_hours.items(), key=lambda item: (min(item[1]), item[0]))]
    return spoken_list(parts)


def _minute(value: str | None) -> int | None:
    """An AMAZON.TIME value ("19:30") as minutes after midnight; None for a period ("EV") or noise."""
    try:
        hours, minutes = (int(part) for part in (value or "").split(":"))
    except ValueError:
        return None
    return hours * 60 + minutes if 0 <= hours < 24 and 0 <= minutes < 60 else None


class FreeHoursHandler(IntentHandler):
    """Set (or hear) the hours this partner is free for calls."""

    intents = ("FreeHoursIntent",)

    def handle_visit(self, handler_input, visit):
        start, end = slot(handler_input, "start"), slot(handler_input, "end")
        if not start and not end:
            mine = visit.me.windows if visit.me is not None else DEFAULT_WINDOWS
            return speak(handler_input, join(line("free_hours_now", hours=spoken_windows(WeeklyWindows.parse(mine))),
                                             line("free_hours_how")), end=True)
        if not start:
            return elicit(handler_input, "start", line("free_hours_ask_start"))
        if not end:
            return elicit(handler_input, "end", line("free_hours_ask_end"))
        first, last = _minute(start), _minute(end)
        if first is None or last is None or first == last:  # "evenings", or the same time twice
            return speak(handler_input, line("free_hours_unclear"), ask=line("free_hours_unclear"))
        days = DAY_GROUPS.get((resolved(handler_input, "days") or "every day").lower(), DAY_GROUPS["every day"])
        couple = visit.ensure_couple()
        schedule.set_free_hours(visit.couples, couple.id, visit.pid, days, first, last)
        said = line("free_hours_set", days=spoken_days(days), start=spoken_minute(first), end=spoken_minute(last))
        note = line("free_hours_call_note") if couple.paired and (couple.call or {}).get("segments") else None
        return speak(handler_input, join(said, note), end=True)


HANDLERS = [FreeHoursHandler()]
