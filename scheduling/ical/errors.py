"""Errors raised by the iCalendar layer.

Every error derives from ``SchedulingError`` (a ``ValueError``, the
project-wide rule) and carries structured fields, so callers can react
without parsing messages.
"""

from __future__ import annotations

from ..errors import SchedulingError


class IcalError(SchedulingError):
    """Base class of every iCalendar error; ``reason`` is a short machine code."""

    def __init__(self, message: str, *, reason: str, **fields: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.fields = dict(fields)
        for key, value in fields.items():
            setattr(self, key, value)


class FeedError(IcalError):
    """A feed item cannot be rendered (naive time, unknown zone, bad RRULE...).

    ``uid`` names the offending item when it is known.
    """

    def __init__(self, message: str, *, reason: str, uid: str | None = None, **fields: object) -> None:
        super().__init__(message, reason=reason, uid=uid, **fields)


class BusyCalendarError(IcalError):
    """A partner's calendar cannot be read as busy time.

    ``reason`` is one of ``too_large``, ``not_icalendar``, ``bad_range``,
    ``unknown_zone``.
    """


class ZoneDataError(IcalError):
    """A VTIMEZONE cannot be built for a zone (unknown key, bad span)."""

    def __init__(self, message: str, *, reason: str, zone: str, **fields: object) -> None:
        super().__init__(message, reason=reason, zone=zone, **fields)
