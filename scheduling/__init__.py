"""Closer's scheduling domain: pure Python, no I/O, no clock reads ("now" is a
parameter everywhere).

Availability windows in each partner's own zone, the standing-call planner that
keeps every occurrence inside both windows across the clock changes of a year,
clock-change weeks, visit timelines, the ritual calendar and nudge timing.
"""

from .call_search import add_months
from .calls import CallOption, CallPlan, CallSegment, SkippedOccurrence, plan_call
from .call_pauses import paused_for_visits
from .call_preference import CallPreference, NearestCall, plan_call_near
from .clock_changes import DifferencePeriod, OffsetChange, difference_periods, offset_changes, offset_difference
from .errors import (CadenceError, NaiveDatetime, NoCommonTime, PlanSpecError, SchedulingError,
                     UnknownZone, VisitError, VisitOverlap, Widening, WindowSpecError)
from .nudge_timing import first_decent_time, is_decent_hour, next_nudge_time
from .partners import Partner
from .recurrence import Cadence
from .rituals import PLAN_WEEKS, RitualCalendar, RitualSeries, plan_rituals
from .visits import Countdown, Timeline, Visit
from .windows import QuietHours, WeeklyWindows, Window
from .zones import get_zone

__all__ = [
    "add_months", "Cadence",
    "CallOption", "CallPlan", "CallSegment", "SkippedOccurrence", "plan_call", "paused_for_visits",
    "CallPreference", "NearestCall", "plan_call_near",
    "DifferencePeriod", "OffsetChange", "difference_periods", "offset_changes", "offset_difference",
    "CadenceError", "NaiveDatetime", "NoCommonTime", "PlanSpecError", "SchedulingError", "UnknownZone",
    "VisitError", "VisitOverlap", "Widening", "WindowSpecError",
    "first_decent_time", "is_decent_hour", "next_nudge_time",
    "Partner", "QuietHours", "WeeklyWindows", "Window", "get_zone",
    "PLAN_WEEKS", "RitualCalendar", "RitualSeries", "plan_rituals",
    "Countdown", "Timeline", "Visit",
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
