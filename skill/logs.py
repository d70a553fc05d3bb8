"""Structured request logs: one JSON line per request, never personal data.

We log the request id, route or intent, status and latency. Alexa envelopes, answers, phone
numbers and tokens never reach the log.
"""
from __future__ import annotations

import json
import logging
import sys
import time
import uuid

from flask import g, request


class JsonFormatter(logging.Formatter):
    """Render records as one JSON object per line, with any `extra=` fields merged in."""

    _STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        payload = {"level": record.levelname, "logger": record.name, "msg": record.getMessage()}
        payload.update({k: v for k, v in vars(record).items() if k not in self._STANDARD})
        if record.exc_info and record.exc_info[1] is not None:
            # The type and where it was raised, never the message: messages can carry user words.
            error, trace = record.exc_info[1], record.exc_info[2]
            while trace is not None and trace.tb_next is not None:
                trace = trace.tb_next
            where = "/".join(trace.tb_frame.f_code.co_filename.rsplit("/", 2)[-2:]) + f":{trace.tb_lineno}" if trace else "?"
            payload["exc"] = f"{type(error).__name__} at {where}"
        return json.dumps(payload, default=str)

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return ""


def configure(level: str = "INFO") -> None:
    """Send the `skill` loggers to stderr as JSON lines (idempotent)."""
    root = logging.getLogger("skill")
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)


def init_app(app) -> None:
    """Time every request and log one line when it ends."""
    configure(app.config.get("CLOSER_LOG_LEVEL", "INFO"))
    access = logging.getLogger("skill.access")

    @app.before_request
    def _start() -> None:
        g.request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex[:16]
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response):
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        access.info(
            "request",
            extra={
                "request_id": g.get("request_id"),
                "method": request.method,
                "route": request.url_rule.rule if request.url_rule else "unmatched",
                "intent": g.get("intent"),
                "status": response.status_code,
                "ms": round(elapsed, 2),
            },
        )
        return response
