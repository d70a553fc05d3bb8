"""Which couple each recently seen Alexa user belongs to, so one round trip can read everything.

A request needs the user's record (it names their couple) and then the couple's keys. Read in
order, that is two round trips. A worker that has already served this user remembers where the
record pointed last time and reads the record *and* that couple in one pipeline. The hint only
chooses what else to read: the record read in the same pipeline is the truth, and when it no
longer points where the hint did (a partner re-paired, said "forget me", or moved zone) the
request reads the right couple in a second round trip, exactly as without hints.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class CoupleHint:
    """Where a user's record pointed when this worker last read it."""

    couple: str
    partner: str
    zone: str

    @classmethod
    def of(cls, record: dict) -> "CoupleHint | None":
        """The hint a user record gives, or None for a user without a couple."""
        couple, partner = record.get("couple"), record.get("partner")
        if not (isinstance(couple, str) and couple and isinstance(partner, str) and partner):
            return None
        zone = record.get("zone")
        return cls(couple, partner, zone if isinstance(zone, str) else "UTC")


class CoupleHints:
    """A bounded, thread-safe map from user key to `CoupleHint` (oldest entries leave first).

    Holds no user data beyond ids already in Redis and a zone name; `size=0` turns hints off.
    """

    def __init__(self, size: int = 10_000):
        self.size = size
        self._hints: dict[str, CoupleHint] = {}
        self._lock = threading.Lock()

    def get(self, user_key: str) -> CoupleHint | None:
        """The hint for `user_key`, if this worker has one."""
        return self._hints.get(user_key)

    def remember(self, user_key: str, record: dict) -> None:
        """Record where `record` points now (or forget the user when it points nowhere)."""
        hint = CoupleHint.of(record) if self.size else None
        with self._lock:
            if hint is None:
                self._hints.pop(user_key, None)
                return
            if self._hints.get(user_key) == hint:
                return
            self._hints.pop(user_key, None)
            while len(self._hints) >= self.size:
                # dicts keep insertion order: the first key is the longest-standing hint.
                del self._hints[next(iter(self._hints))]
            self._hints[user_key] = hint

    def __len__(self) -> int:
        return len(self._hints)
