"""A stand-in for Twilio's Messages API on loopback, for tests and the dispatch benchmark.

It is a real threaded HTTP server (ephemeral port on 127.0.0.1) that the real `twilio` client
talks to through `TWILIO_API_URL`, so Basic auth, form encoding, Twilio's JSON shapes and error
codes, timeouts and status callbacks all travel over real HTTP:

- `POST /2010-04-01/Accounts/{Sid}/Messages.json` creates a message (201, Message JSON), checking
  auth (401, 20003) and parameters the way Twilio does: To required (21604) and a valid number
  (21211), From (21603/21212) or MessagingServiceSid (21701), Body or MediaUrl (21602), at most
  1600 characters (21617), StatusCallback a URL (21609).
- `GET /2010-04-01/Accounts/{Sid}/Messages/{MessageSid}.json` fetches one (404, 20404).
- Faults: `enqueue(...)` forces the outcome of the next requests ("429", "500", "timeout",
  "21610"); `rates` draws them at random from a seeded RNG; `unsubscribed` holds numbers that
  always get 21610. A "timeout" records the message as accepted, then answers too late: the
  worst case for a sender, which cannot know Twilio took it.
- `send_status_callbacks(...)` POSTs status callbacks to each message's StatusCallback URL,
  signed with `RequestValidator` like Twilio signs them.
"""
from __future__ import annotations

import base64
import json
import random
import re
import secrets
import threading
import time
from collections import deque
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import requests
from twilio.request_validator import RequestValidator

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_CREATE = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Messages\.json$")
_FETCH = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Messages/(SM[0-9a-f]{32})\.json$")
_ERRORS = {
    20003: (401, "Authenticate"),
    20404: (404, "The requested resource was not found"),
    20429: (429, "Too Many Requests"),
    20500: (500, "Internal Server Error"),
    21211: (400, "The 'To' number is not a valid phone number."),
    21212: (400, "The 'From' number is not a valid phone number, shortcode, or alphanumeric sender ID."),
    21602: (400, "Message body is required."),
    21603: (400, "A 'From' phone number is required."),
    21604: (400, "A 'To' phone number is required."),
    21609: (400, "Invalid StatusCallback url"),
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21617: (400, "The concatenated message body exceeds the 1600 character limit."),
    21701: (400, "The Messaging Service Sid is invalid."),
}
FAULTS = {"429": 20429, "500": 20500, "21610": 21610}


class _Server(ThreadingHTTPServer):
    # http.server's listen backlog is 5: with more concurrent senders than that, connections
    # wait for a SYN retransmit (1 s) and a short client timeout reads it as ConnectTimeout.
    # Twilio's front door does not refuse a dozen connections, so neither does the stand-in.
    request_queue_size = 128
    daemon_threads = True


_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


def segments(body: str) -> int:
    """How many SMS segments Twilio would bill for `body` (GSM-7 160/153, else UCS-2 70/67)."""
    if set(body) <= _GSM7:
        length = len(body) + sum(ch in "^{}\\[~]|€" for ch in body)
        return 1 if length <= 160 else -(-length // 153)
    units = len(body.encode("utf-16-le")) // 2
    return 1 if units <= 70 else -(-units // 67)


class TwilioStandIn:
    """The server plus what it saw. Use as a context manager, or call `start()` and `stop()`."""

    def __init__(self, account_sid: str, auth_token: str, *, seed: int = 0, timeout_delay: float = 2.0):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.timeout_delay = timeout_delay
        self.rates: dict[str, float] = {}  # fault name -> probability, e.g. {"500": 0.1, "429": 0.02}
        self.latency = 0.0  # seconds every create takes, like a real API's round trip
        self.unsubscribed: set[str] = set()
        self.received: list[dict] = []  # accepted messages, in order
        self.attempts: list[tuple[str, str]] = []  # (To, outcome) for every create request
        self.callbacks: list[tuple[str, int]] = []  # (MessageStatus, our HTTP status)
        self._forced: deque[str] = deque()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._by_sid: dict[str, dict] = {}
        self._server: _Server | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> str:
        """Start serving in a background thread; returns the base URL for TWILIO_API_URL."""
        handler = type("Handler", (_Handler,), {"standin": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self.url

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "TwilioStandIn":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:54321."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- fault injection -------------------------------------------------------------------
    def enqueue(self, *outcomes: str) -> None:
        """Force the outcome of the next create requests: "429", "500", "timeout", "21610", "ok"."""
        with self._lock:
            self._forced.extend(outcomes)

    def _draw_fault(self, to: str) -> str:
        with self._lock:
            if self._forced:
                return self._forced.popleft()
            if to in self.unsubscribed:
                return "21610"
            roll, edge = self._rng.random(), 0.0
            for name, rate in sorted(self.rates.items()):
                edge += rate
                if roll < edge:
                    return name
        return "ok"

    # -- records ---------------------------------------------------------------------------
    def messages_to(self, number: str) -> list[dict]:
        """Accepted messages addressed to `number`."""
        with self._lock:
            return [m for m in self.received if m["to"] == number]

    def _accept(self, form: dict[str, str]) -> dict:
        now = formatdate(usegmt=True)
        sid = "SM" + secrets.token_hex(16)
        service = form.get("MessagingServiceSid")
        message = {
            "account_sid": self.account_sid, "api_version": "2010-04-01", "body": form.get("Body", ""),
            "date_created": now, "date_sent": None, "date_updated": now, "direction": "outbound-api",
            "error_code": None, "error_message": None, "from": form.get("From"),
            "messaging_service_sid": service, "num_media": "1" if form.get("MediaUrl") else "0",
            "num_segments": "0" if service else str(segments(form.get("Body", ""))), "price": None,
            "price_unit": "USD", "sid": sid, "status": "accepted" if service else "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
            "to": form["To"], "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        with self._lock:
            self.received.append({**message, "status_callback": form.get("StatusCallback"), "at": time.time()})
            self._by_sid[sid] = message
        return message

    def fetch(self, sid: str) -> dict | None:
        """The Message JSON for `sid`, as GET would return it."""
        with self._lock:
            return self._by_sid.get(sid)

    # -- status callbacks ------------------------------------------------------------------
    def send_status_callbacks(self, statuses=("sent", "delivered"), *, error_code: str | None = None,
                              only_sid: str | None = None, token: str | None = None) -> list[int]:
        """POST each status in turn for every accepted message with a StatusCallback (or just
        `only_sid`), signed with the auth token (or `token`, to forge). Returns our HTTP codes."""
        validator = RequestValidator(token or self.auth_token)
        codes = []
        with self._lock:
            targets = [m for m in self.received if m.get("status_callback") and only_sid in (None, m["sid"])]
        for message in targets:
            for status in statuses:
                params = {
                    "AccountSid": self.account_sid, "ApiVersion": "2010-04-01", "From": message["from"] or "",
                    "MessageSid": message["sid"], "MessageStatus": status, "SmsSid": message["sid"],
                    "SmsStatus": status, "To": message["to"],
                }
                if error_code and status in ("failed", "undelivered"):
                    params["ErrorCode"] = error_code
                url = message["status_callback"]
                signature = validator.compute_signature(url, params)
                answer = requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
                with self._lock:
                    self.callbacks.append((status, answer.status_code))
                codes.append(answer.status_code)
        return codes


class _Handler(BaseHTTPRequestHandler):
    """One request: route, authenticate, validate, maybe inject a fault, answer JSON."""

    standin: TwilioStandIn
    protocol_version = "HTTP/1.1"  # keep-alive, like the real API; the client pools connections
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

    def log_message(self, *args) -> None:  # the test output stays readable
        pass

    def _reply(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (an injected timeout)
            self.close_connection = True

    def _error(self, code: int) -> None:
        status, message = _ERRORS[code]
        self._reply(status, {"code": code, "message": message, "status": status,
                             "more_info": f"https://www.twilio.com/docs/errors/{code}"})

    def _authorised(self, path_sid: str) -> bool:
        expected = f"{self.standin.account_sid}:{self.standin.auth_token}".encode()
        given = self.headers.get("Authorization", "")
        ok = given == "Basic " + base64.b64encode(expected).decode() and path_sid == self.standin.account_sid
        if not ok:
            self._error(20003)
        return ok

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        match = _FETCH.match(urlparse(self.path).path)
        if not match:
            return self._error(20404)
        if self._authorised(match.group(1)):
            message = self.standin.fetch(match.group(2))
            self._reply(200, message) if message else self._error(20404)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        match = _CREATE.match(urlparse(self.path).path)
        if not match:
            return self._error(20404)
        if not self._authorised(match.group(1)):
            return
        form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        problem = _validate(form)
        if problem:
            self.standin.attempts.append((form.get("To", ""), str(problem)))
            return self._error(problem)
        if self.standin.latency:
            time.sleep(self.standin.latency)
        fault = self.standin._draw_fault(form["To"])
        self.standin.attempts.append((form["To"], fault))
        if fault in FAULTS:
            return self._error(FAULTS[fault])
        message = self.standin._accept(form)
        if fault == "timeout":
            time.sleep(self.standin.timeout_delay)
            self.close_connection = True
        self._reply(201, message)


def _validate(form: dict[str, str]) -> int | None:
    """The Twilio error code for a malformed create request, or None."""
    if not form.get("To"):
        return 21604
    if not _E164.match(form["To"]):
        return 21211
    service = form.get("MessagingServiceSid")
    if service:
        if not re.match(r"^MG[0-9a-f]{32}$", service):
            return 21701
    elif not form.get("From"):
        return 21603
    elif not _E164.match(form["From"]):
        return 21212
    if not form.get("Body") and not form.get("MediaUrl"):
        return 21602
    if len(form.get("Body", "")) > 1600:
        return 21617
    callback = form.get("StatusCallback")
    if callback and urlparse(callback).scheme not in ("http", "https"):
        return 21609
    return None


def main() -> None:  # pragma: no cover — used by bench/bench_dispatch.py
    """Serve a stand-in in its own process (so it does not share a GIL with the sender under
    test): prints its URL, then serves until killed. Credentials as in `--sid`/`--token`."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sid", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    server = TwilioStandIn(args.sid, args.token)
    server.latency = args.latency
    print(server.start(), flush=True)
    threading.Event().wait()


if __name__ == "__main__":  # pragma: no cover
    main()
