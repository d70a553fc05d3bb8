"""Alexa users: which couple and partner a device owner is, plus their persistent attributes.

One small JSON record per Alexa user id, read with a single GET at the start of a request. The
record is also what ask-sdk sees as the user's persistent attributes (see persistence.py).
"""
from __future__ import annotations

import json

from .keys import user_key


class UserRepository:
    """Reads and writes per-user records keyed by the (hashed) Alexa user id."""

    def __init__(self, redis):
        self.redis = redis

    def get(self, alexa_user_id: str) -> dict:
        """The user's record; an empty dict for someone we have not met."""
        return self.parse(self.redis.get(user_key(alexa_user_id)))

    @staticmethod
    def queue_get(pipe, alexa_user_id: str) -> None:
        """Queue the read `get` makes on a pipeline; pass its reply to `parse`."""
        pipe.get(user_key(alexa_user_id))

    @staticmethod
    def parse(raw: str | None) -> dict:
        """A stored record (None for someone we have not met) as a dict."""
        return json.loads(raw) if raw else {}

    def put(self, alexa_user_id: str, record: dict) -> None:
        """Replace the user's record."""
        self.redis.set(user_key(alexa_user_id), json.dumps(record, separators=(",", ":")))

    def delete(self, alexa_user_id: str) -> None:
        """Forget the user entirely."""
        self.redis.delete(user_key(alexa_user_id))
