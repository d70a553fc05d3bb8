"""Exception handlers: every failure becomes a spoken apology and a valid response."""
from __future__ import annotations

import logging

import redis
from ask_sdk_core.dispatch_components import AbstractExceptionHandler

from ..speech import line
from .base import speak

log = logging.getLogger(__name__)


class StoreUnavailableHandler(AbstractExceptionHandler):
    """Redis down or unreachable: say so plainly, and nothing is half-written."""

    def can_handle(self, handler_input, exception) -> bool:
        return isinstance(exception, (redis.ConnectionError, redis.TimeoutError))

    def handle(self, handler_input, exception):
        log.error("store unavailable", extra={"error": type(exception).__name__})
        return speak(handler_input, line("store_unavailable"), end=True)


class CatchAllHandler(AbstractExceptionHandler):
    """Anything else: log the type and where (never request data), apologise."""

    def can_handle(self, handler_input, exception) -> bool:
        return True

    def handle(self, handler_input, exception):
        log.error("unhandled error in a handler", exc_info=exception, extra={"error": type(exception).__name__})
        return speak(handler_input, line("error"), end=True)


HANDLERS = [StoreUnavailableHandler(), CatchAllHandler()]
