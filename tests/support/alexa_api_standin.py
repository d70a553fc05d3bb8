"""A local HTTPS stand-in for Alexa's service APIs (the request's `apiEndpoint`).

Real HTTP over TLS on loopback, with a certificate made here; the app trusts it through
`CLOSER_ALEXA_API_CA`. Serves the Settings API time zone, the customer profile (given name,
mobile number) and reminders, checks the bearer token, and can be told to answer 403 or 5xx
for any path, to exercise every fallback.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TOKEN = "test-api-access-token"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "api.pem", folder / "api.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class AlexaApiState:
    """What the stand-in answers, and what it was asked."""

    zones: dict[str, str] = field(default_factory=dict)  # device id -> IANA zone
    given_name: str | None = None
    mobile: tuple[str, str] | None = None  # (country code, number)
    failures: dict[str, int] = field(default_factory=dict)  # path regex -> HTTP status
    requests: list[tuple[str, str, dict | None]] = field(default_factory=list)
    reminders: list[dict] = field(default_factory=list)  # every one created, in order
    deleted: list[str] = field(default_factory=list)  # alert tokens deleted since

    def tokens(self) -> list[str]:
        """The alert token of each created reminder (the n-th is "reminder-n")."""
        return [f"reminder-{n}" for n in range(1, len(self.reminders) + 1)]

    def live_reminders(self) -> list[dict]:
        """The reminders created and not deleted: what the person's Alexa app would list."""
        return [r for t, r in zip(self.tokens(), self.reminders) if t not in self.deleted]


class _Handler(BaseHTTPRequestHandler):
    state: AlexaApiState

    def log_message(self, *args):  # keep test output clean
        pass

    def _reply(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.state.requests.append((method, self.path, body))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._reply(401, {"message": "bad token"})
        for pattern, status in self.state.failures.items():
            if re.search(pattern, self.path):
                return self._reply(status, {"code": "FAILURE", "message": "injected"})
        zone = re.fullmatch(r"/v2/devices/([^/]+)/settings/System.timeZone", self.path)
        if method == "GET" and zone:
            found = self.state.zones.get(zone.group(1))
            return self._reply(200, found) if found else self._reply(204, None)
        if method == "GET" and self.path == "/v2/accounts/~current/settings/Profile.givenName":
            return self._reply(200, self.state.given_name) if self.state.given_name else self._reply(403, {})
        if method == "GET" and self.path == "/v2/accounts/~current/settings/Profile.mobileNumber":
            if not self.state.mobile:
                return self._reply(403, {"code": "ACCESS_DENIED", "message": "no permission"})
            return self._reply(200, {"countryCode": self.state.mobile[0], "phoneNumber": self.state.mobile[1]})
        if method == "POST" and self.path == "/v1/alerts/reminders":
            self.state.reminders.append(body)
            token = f"reminder-{len(self.state.reminders)}"
            return self._reply(201, {"alertToken": token, "createdTime": "2026-01-01T00:00:00.000Z",
                                     "updatedTime": "2026-01-01T00:00:00.000Z", "status": "ON", "version": "1"})
        deleted = re.fullmatch(r"/v1/alerts/reminders/([^/]+)", self.path)
        if method == "DELETE" and deleted:
            if deleted.group(1) not in self.state.tokens() or deleted.group(1) in self.state.deleted:
                return self._reply(404, {"code": "NOT_FOUND", "message": "no such reminder"})
            self.state.deleted.append(deleted.group(1))
            return self._reply(200, {})
        return self._reply(404, {"message": "no such API in the stand-in"})

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_DELETE(self):
        self._route("DELETE")


class AlexaApiStandIn:
    """Start with `with AlexaApiStandIn() as api:`; `api.url` is the apiEndpoint, `api.ca_file` the CA."""

    def __init__(self):
        self.state = AlexaApiState()
        self._folder = Path(tempfile.mkdtemp(prefix="alexa-api-"))
        self.ca_file, key_file = _self_signed(self._folder)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca_file, key_file)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "AlexaApiStandIn":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
