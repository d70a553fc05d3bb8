"""Tunable settings of the nudges package, with their defaults.

Each is read from the app config, else from the environment variable of the same name (so a
`closer dispatch` process or the dispatcher Lambda can be tuned without code), else the default.
"""
from __future__ import annotations

import os

DEFAULTS: dict[str, float] = {
    # A claim (and a send) must finish within the lease or the reaper settles it. Keep it well
    # above CLOSER_TWILIO_TIMEOUT so a live dispatcher never loses a send it is waiting on.
    "CLOSER_NUDGE_LEASE_SECONDS": 60,
    "CLOSER_TWILIO_TIMEOUT": 10,  # seconds to wait for Twilio before the outcome is "unknown"
    "CLOSER_DISPATCH_THREADS": 8,  # concurrent sends per dispatcher
    "CLOSER_DISPATCH_BATCH": 32,  # nudges claimed per round trip
    "CLOSER_NUDGE_MAX_ATTEMPTS": 5,  # sends Twilio refused with 429/5xx before we give up
    "CLOSER_NUDGE_RETRY_SECONDS": 30,  # first backoff; doubles each attempt, with jitter
    "CLOSER_NUDGE_GRACE_MINUTES": 60,  # a voice-note nudge later than this is skipped or moved
}


def get(config, name: str) -> float:
    """The setting `name` as a number."""
    value = config.get(name)
    if value is None:
        value = os.environ.get(name)
    return float(value) if value not in (None, "") else float(DEFAULTS[name])
