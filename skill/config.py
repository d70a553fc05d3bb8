"""Configuration from the environment.

Every setting has an environment variable of the same name (see the README's configuration
reference). `create_app(test_config)` applies `test_config` on top, so tests never need to touch
`os.environ`.
"""
from __future__ import annotations

import os
import re
import secrets

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigError(ValueError):
    """A setting in the environment is malformed; the message names it."""


def env_flag(value: str | None, default: bool) -> bool:
    """Read a boolean setting; anything unrecognised keeps the safe default."""
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return default


def from_environment(environ: dict[str, str] | None = None) -> dict:
    """Return the app's settings read from `environ` (default: the process environment)."""
    env = os.environ if environ is None else environ
    return {
        "REDIS_URL": env.get("REDIS_URL") or None,
        "CLOSER_REDIS_CLUSTER": env_flag(env.get("CLOSER_REDIS_CLUSTER"), False),
        "ALEXA_SKILL_ID": env.get("ALEXA_SKILL_ID") or None,
        # Verification is on unless explicitly turned off: skipping it because a secret is
        # missing would let anyone drive the skill.
        "CLOSER_VERIFY_SIGNATURES": env_flag(env.get("CLOSER_VERIFY_SIGNATURES"), True),
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID") or None,
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN") or None,
        "TWILIO_FROM_NUMBER": env.get("TWILIO_FROM_NUMBER") or None,
        "TWILIO_MESSAGING_SERVICE_SID": env.get("TWILIO_MESSAGING_SERVICE_SID") or None,
        "TWILIO_API_URL": env.get("TWILIO_API_URL") or None,
        "CLOSER_PUBLIC_URL": (env.get("CLOSER_PUBLIC_URL") or "").rstrip("/") or None,
        "CLOSER_VIDEO_URL": env.get("CLOSER_VIDEO_URL") or None,
        # Where people write about their data: the privacy policy and terms show it.
        "CLOSER_CONTACT_EMAIL": env_email("CLOSER_CONTACT_EMAIL", env.get("CLOSER_CONTACT_EMAIL")),
        "CLOSER_NOW": env.get("CLOSER_NOW") or None,
        # Where the embedded Redis keeps its files (default: the Flask instance folder).
        "CLOSER_DATA_DIR": env.get("CLOSER_DATA_DIR") or None,
        # A per-process random key is fine for local use; deployments set SECRET_KEY so signed
        # links survive restarts and are shared by every function.
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_hex(32),
        "CLOSER_LOG_LEVEL": env.get("CLOSER_LOG_LEVEL", "INFO"),
        # Users per worker whose couple is remembered, so their next request is one Redis round
        # trip instead of two (skill/store/hints.py); 0 turns it off.
        "CLOSER_COUPLE_HINTS": env_count("CLOSER_COUPLE_HINTS", env.get("CLOSER_COUPLE_HINTS"), 10_000),
    }


def env_count(name: str, value: str | None, default: int) -> int:
    """Read a whole number >= 0; a malformed one stops start-up with a message naming the setting."""
    if value is None or not value.strip():
        return default
    try:
        count = int(value.strip())
    except ValueError:
        count = -1
    if count < 0:
        raise ConfigError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return count


_EMAIL = re.compile(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[^@\s<>\"'()]+")


def env_email(name: str, value: str | None) -> str | None:
    """Read an email address (None when unset); a malformed one stops start-up with a message
    naming the setting, rather than putting a broken address on a public page."""
    if value is None or not value.strip():
        return None
    if not _EMAIL.fullmatch(value.strip()):
        raise ConfigError(f"{name} must be an email address such as privacy@example.com, not {value!r}")
    return value.strip()
