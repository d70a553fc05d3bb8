"""Closer's scheduling domain: pure Python, no I/O, no clock reads ("now" is a
parameter everywhere).

Availability windows in each partner's own zone, nudge timing, and (added in
later modules) the standing-call planner, clock-change weeks, visits and rituals.
"""

from .errors import (CadenceError, NaiveDatetime, NoCommonTime, PlanSpecError, SchedulingError,
                     UnknownZone, VisitError, VisitOverlap, Widening, WindowSpecError)
from .nudge_timing import first_decent_time, is_decent_hour, next_nudge_time
from .partners import Partner
from .windows import QuietHours, WeeklyWindows, Window
from .zones import get_zone

__all__ = [
    "CadenceError", "NaiveDatetime", "NoCommonTime", "PlanSpecError", "SchedulingError", "UnknownZone",
    "VisitError", "VisitOverlap", "Widening", "WindowSpecError",
    "first_decent_time", "is_decent_hour", "next_nudge_time",
    "Partner", "QuietHours", "WeeklyWindows", "Window", "get_zone",
]

# iCalendar exports are added below by scheduling.ical
from .feeds import feed_events, partner_feed
from .ical import (BusyCalendarError, BusyInterval, FeedError, FeedEvent, IcalError, ZoneDataError,
                   build_vtimezone, make_uid, next_sequence, read_busy, render_calendar)

__all__ += [
    "BusyCalendarError", "BusyInterval", "FeedError", "FeedEvent", "IcalError", "ZoneDataError",
    "build_vtimezone", "feed_events", "make_uid", "next_sequence", "partner_feed", "read_busy",
    "render_calendar",
]
