"""iCalendar for Closer: render feeds, build VTIMEZONEs, read busy time.

Pure: no network and no clock reads; "now" is always a parameter.
"""

from .busy import MAX_CALENDAR_BYTES, BusyInterval, read_busy
from .errors import BusyCalendarError, FeedError, IcalError, ZoneDataError
from .model import FeedEvent, make_uid, next_sequence
from .render import render_calendar
from .vtimezone import build_vtimezone

__all__ = [
    "MAX_CALENDAR_BYTES",
    "BusyCalendarError",
    "BusyInterval",
    "FeedError",
    "FeedEvent",
    "IcalError",
    "ZoneDataError",
    "build_vtimezone",
    "make_uid",
    "next_sequence",
    "read_busy",
    "render_calendar",
]
