"""The one clock seam of the app.

Domain code never reads the clock; request handling asks `now()` once and passes the instant down.
`CLOSER_NOW` (an ISO instant) pins the clock for tests and demos.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, has_app_context


def parse_instant(text: str) -> datetime:
    """Parse an ISO-8601 instant; a naive value is taken as UTC. Raises ValueError when malformed."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def now() -> datetime:
    """The current instant in UTC, or the pinned `CLOSER_NOW` when the app sets one."""
    if has_app_context():
        pinned = current_app.config.get("CLOSER_NOW")
        if pinned:
            return parse_instant(pinned)
    return datetime.now(timezone.utc)
