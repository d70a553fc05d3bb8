"""`X-Twilio-Signature` checks for every Twilio webhook.

Twilio signs the URL it requested (scheme, host, path and query) plus the POST parameters with
our auth token. Behind API Gateway or a proxy, Flask sees an internal URL, so we rebuild the one
Twilio saw: from `CLOSER_PUBLIC_URL` when set, else from `X-Forwarded-Proto`/`X-Forwarded-Host`.
Without an auth token nothing can be verified, so every webhook is refused (never skipped).
"""
from __future__ import annotations

import functools
import logging

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)


def _base() -> str:
    base = current_app.config.get("CLOSER_PUBLIC_URL")
    if base:
        return base.rstrip("/")
    proto = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
    host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
    return f"{proto}://{host}"


def public_url() -> str:
    """The URL of the current request as Twilio addressed it."""
    query = request.query_string.decode("latin-1")
    return _base() + request.path + (f"?{query}" if query else "")


def absolute(path: str) -> str:
    """An absolute URL for one of our routes, as Twilio should call it back."""
    return _base() + path


def is_valid_request() -> bool:
    """Whether the current request carries a valid Twilio signature."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(public_url(), request.form, signature)


def twilio_signed(view):
    """Decorator: answer 403 (and change nothing) unless Twilio signed this request."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not is_valid_request():
            log.warning("refused unsigned Twilio webhook", extra={"route": request.path,
                                                                   "why": _why()})
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _why() -> str:
    if not current_app.config.get("TWILIO_AUTH_TOKEN"):
        return "no TWILIO_AUTH_TOKEN configured"
    return "no signature" if not request.headers.get("X-Twilio-Signature") else "bad signature"
