"""Named errors of the nudges package. All derive from `NudgeError` (a `ValueError`).

Each carries the structured fields a caller needs to answer the user (CLI message, Alexa speech)
without parsing the text.
"""
from __future__ import annotations


class NudgeError(ValueError):
    """Base class: something about nudges that the user can fix."""


class InvalidPhoneNumber(NudgeError):
    """The number cannot be read, or is not a possible mobile/fixed number in its region."""

    def __init__(self, raw: str, region: str | None, reason: str):
        super().__init__(f"{raw!r} is not a valid phone number ({reason})"
                         + ("" if raw.strip().startswith("+") or not region else f"; read as a {region} number"))
        self.raw = raw
        self.region = region
        self.reason = reason


class UnknownCouple(NudgeError):
    """No couple has that id."""

    def __init__(self, couple_id: str):
        super().__init__(f"no couple with id {couple_id!r}")
        self.couple_id = couple_id


class UnknownPartner(NudgeError):
    """The couple has no partner with that id or name."""

    def __init__(self, couple_id: str, who: str):
        super().__init__(f"couple {couple_id!r} has no partner {who!r}")
        self.couple_id = couple_id
        self.who = who


class NumberInUse(NudgeError):
    """The number is already enrolled for a different partner."""

    def __init__(self, phone: str):
        super().__init__(f"{phone} is already enrolled for someone else")
        self.phone = phone


class BadSettings(NudgeError):
    """A nudge setting is out of range or unreadable (e.g. an unknown weekday)."""

    def __init__(self, field: str, value: object, reason: str):
        super().__init__(f"{field}={value!r}: {reason}")
        self.field = field
        self.value = value
        self.reason = reason


class NotEnrolled(NudgeError):
    """The partner has no confirmed number, so nothing can be sent to them."""

    def __init__(self, couple_id: str, pid: str):
        super().__init__(f"partner {pid} of couple {couple_id} has no confirmed number")
        self.couple_id = couple_id
        self.pid = pid
