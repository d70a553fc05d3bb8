"""ask-sdk persistence adapter on our Redis store.

ask-sdk's `AttributesManager` reads persistent attributes lazily and saves them when a handler
asks; we back them with the user record of `UserRepository`, so the couple link and per-user
settings come back in the same single GET.
"""
from __future__ import annotations

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from .users import UserRepository


def _user_id(request_envelope) -> str:
    try:
        return request_envelope.context.system.user.user_id
    except AttributeError as exc:  # a malformed envelope without context.System.user
        raise PersistenceException("request has no user id") from exc


class RedisPersistenceAdapter(AbstractPersistenceAdapter):
    """Persistent attributes of each Alexa user, stored in Redis."""

    def __init__(self, redis):
        self.users = UserRepository(redis)

    def get_attributes(self, request_envelope):
        """Return the user's attributes (an empty dict for a new user)."""
        return self.users.get(_user_id(request_envelope))

    def save_attributes(self, request_envelope, attributes):
        """Store the user's attributes."""
        self.users.put(_user_id(request_envelope), attributes)

    def delete_attributes(self, request_envelope):
        """Remove the user's attributes."""
        self.users.delete(_user_id(request_envelope))
