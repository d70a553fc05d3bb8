"""Per-partner nudge settings: how many a week, on which days, on or off; plus their number.

Stored in `{nudges}:settings:<couple>:<pid>` beside `next`, the id of the partner's pending
periodic nudge (the chain's head; see `planner.py`).
"""
from __future__ import annotations

from dataclasses import dataclass

from scheduling.errors import WindowSpecError
from scheduling.windows import WeeklyWindows

from . import keys
from .errors import BadSettings

DEFAULT_PER_WEEK = 3
MAX_PER_WEEK = 7  # at most one a day: a nudge is an invitation, not a nag
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class NudgeSettings:
    """One partner's settings. `days` None means every day."""

    per_week: int = DEFAULT_PER_WEEK
    days: frozenset[int] | None = None
    enabled: bool = True
    phone: str = ""
    next: str = ""

    def describe(self) -> str:
        """Human summary, e.g. '3 a week, Mon,Wed,Fri' or 'off'."""
        if not self.enabled:
            return "off"
        return f"{self.per_week} a week, {days_text(self.days)}"


def parse_days(text: str) -> frozenset[int] | None:
    """Weekday numbers (0=Mon) from "Mon,Wed,Fri", "weekdays", "Fri-Mon"; None for "every day".

    >>> sorted(parse_days("mon, wed,fri")), sorted(parse_days("weekends")), parse_days("daily")
    ([0, 2, 4], [5, 6], None)
    """
    cleaned = (text or "").strip()
    if not cleaned:
        raise BadSettings("days", text, "name at least one day, e.g. Mon,Wed,Fri")
    try:
        # The windows grammar already reads day lists and ranges; borrow it with a dummy time.
        windows = WeeklyWindows.parse(f"{cleaned} 12:00-13:00")
    except WindowSpecError as exc:
        raise BadSettings("days", text, "unknown day; use Mon..Sun, weekdays or weekends") from exc
    days = frozenset(w.weekday for w in windows.windows)
    return None if len(days) == 7 else days


def days_text(days: frozenset[int] | None) -> str:
    """ "every day" or "Mon,Wed,Fri"."""
    if days is None or len(days) == 7:
        return "every day"
    return ",".join(WEEKDAYS[d] for d in sorted(days))


def check_per_week(value: int) -> int:
    """Validate a nudges-per-week count."""
    if not isinstance(value, int) or not 1 <= value <= MAX_PER_WEEK:
        raise BadSettings("per_week", value, f"choose 1 to {MAX_PER_WEEK} (use --off to pause)")
    return value


def load(redis, couple: str, pid: str) -> NudgeSettings:
    """The partner's settings (defaults when never set)."""
    raw = redis.hgetall(keys.settings(couple, pid))
    days = raw.get("days")
    return NudgeSettings(
        per_week=int(raw.get("per_week") or DEFAULT_PER_WEEK),
        days=frozenset(int(d) for d in days.split(",")) if days else None,
        enabled=raw.get("enabled", "1") == "1",
        phone=raw.get("phone", ""),
        next=raw.get("next", ""),
    )


def save(redis, couple: str, pid: str, *, per_week: int | None = None,
         days: frozenset[int] | None | str = "keep", enabled: bool | None = None,
         phone: str | None = None) -> NudgeSettings:
    """Change the given settings (others stay) and return the result."""
    changes: dict[str, str] = {}
    if per_week is not None:
        changes["per_week"] = str(check_per_week(per_week))
    if days != "keep":
        changes["days"] = "" if days is None else ",".join(str(d) for d in sorted(days))
    if enabled is not None:
        changes["enabled"] = "1" if enabled else "0"
    if phone is not None:
        changes["phone"] = phone
    if changes:
        redis.hset(keys.settings(couple, pid), mapping=changes)
        redis.sadd(keys.CHAINS, keys.chain_member(couple, pid))
    return load(redis, couple, pid)
