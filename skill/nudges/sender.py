"""Senders: the real `twilio` client, or an outbox in Redis when there are no credentials.

Each send answers with an `Outcome` that sorts Twilio's answer by what it lets us conclude:

- accepted  — Twilio took the message (it has a sid);
- transient — Twilio answered with an error that says "not now" (429, 5xx) or we never reached
  it (connection refused): it did NOT take the message, so sending again is safe;
- permanent — Twilio refused for good (4xx with an error code, e.g. 21610 unsubscribed);
- ambiguous — we sent the request but got no answer (read timeout, connection dropped after
  sending): Twilio may or may not have taken it. We never resend these.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from . import keys, options

TWILIO_API = "https://api.twilio.com"


@dataclass(frozen=True)
class Outcome:
    """What one send attempt tells us (see the module docstring)."""

    kind: str  # accepted | transient | permanent | ambiguous
    sid: str = ""
    status: str = ""
    http_status: int = 0
    code: int = 0
    detail: str = ""


class RedirectingHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, pointed at another base URL (`TWILIO_API_URL`, for tests).

    This is the customisation twilio-python documents (a custom HTTP client): everything else
    — auth, form encoding, error parsing — stays the library's.
    """

    def __init__(self, base_url: str | None, *, timeout: float, pool: int):
        super().__init__(timeout=timeout)
        self.base_url = (base_url or "").rstrip("/")
        # Never let the HTTP layer retry a POST on its own: a silent resend is how duplicates
        # happen. Our dispatcher decides about retries.
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, HTTPAdapter(pool_connections=2, pool_maxsize=pool, max_retries=0))

    def request(self, method, url, *args, **kwargs):
        """Send to the configured base URL instead of api.twilio.com."""
        if self.base_url and url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


class TwilioSender:
    """Sends with the real twilio `Client` (credentials, from number or messaging service)."""

    name = "twilio"

    def __init__(self, *, account_sid: str, auth_token: str, from_number: str | None,
                 messaging_service_sid: str | None, api_url: str | None = None,
                 timeout: float = 10.0, pool: int = 16):
        if not (from_number or messaging_service_sid):
            raise ValueError("set TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        self.http = RedirectingHttpClient(api_url, timeout=timeout, pool=pool)
        self.client = Client(account_sid, auth_token, http_client=self.http)
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid

    def send(self, to: str, body: str, *, status_callback: str | None = None, ref: str = "") -> Outcome:
        """Create one message and classify the answer; never raises for Twilio's answers."""
        sender = ({"messaging_service_sid": self.messaging_service_sid} if self.messaging_service_sid
                  else {"from_": self.from_number})
        try:
            message = self.client.messages.create(to=to, body=body, status_callback=status_callback, **sender)
        except TwilioException as exc:
            status = int(getattr(exc, "status", 0) or 0)
            code = int(getattr(exc, "code", 0) or 0)
            kind = "transient" if status == 429 or status >= 500 else "permanent"
            return Outcome(kind, http_status=status, code=code, detail=str(getattr(exc, "msg", exc))[:200])
        except (requests.ConnectTimeout, requests.exceptions.SSLError) as exc:
            return Outcome("transient", detail=type(exc).__name__)
        except requests.ConnectionError as exc:
            # Refused before anything was sent is safe to retry; a drop after sending is not.
            refused = "NewConnectionError" in repr(exc) or "ConnectionRefused" in repr(exc)
            return Outcome("transient" if refused else "ambiguous", detail=type(exc).__name__)
        except requests.RequestException as exc:  # ReadTimeout and friends: sent, no answer
            return Outcome("ambiguous", detail=type(exc).__name__)
        return Outcome("accepted", sid=message.sid, status=message.status or "queued")


class OutboxSender:
    """Without Twilio credentials: every message is appended to `{nudges}:outbox` instead."""

    name = "outbox"

    def __init__(self, redis):
        self.redis = redis

    def send(self, to: str, body: str, *, status_callback: str | None = None, ref: str = "") -> Outcome:
        """Record the message; the outbox always accepts."""
        sid = "OB" + secrets.token_hex(16)
        entry = {"sid": sid, "to": to, "body": body, "ref": ref, "at": _now_iso()}
        self.redis.rpush(keys.OUTBOX, json.dumps(entry, ensure_ascii=False))
        return Outcome("accepted", sid=sid, status="queued")

    def messages(self, limit: int = 50) -> list[dict]:
        """The most recent outbox messages, oldest first."""
        return [json.loads(x) for x in self.redis.lrange(keys.OUTBOX, -limit, -1)]


def _now_iso() -> str:
    from skill.clock import now

    return now().isoformat()


def build_sender(config, redis):
    """A `TwilioSender` when credentials are configured, else an `OutboxSender`."""
    sid, token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    if sid and token:
        return TwilioSender(
            account_sid=sid, auth_token=token,
            from_number=config.get("TWILIO_FROM_NUMBER"),
            messaging_service_sid=config.get("TWILIO_MESSAGING_SERVICE_SID"),
            api_url=config.get("TWILIO_API_URL"),
            timeout=options.get(config, "CLOSER_TWILIO_TIMEOUT"),
            pool=int(options.get(config, "CLOSER_DISPATCH_THREADS")) * 2,
        )
    return OutboxSender(redis)
