"""skill.web.busy_fetch against a real HTTPS server on loopback.

The server uses a throwaway self-signed certificate; the client trusts it
through a ``requests.Session`` with ``verify`` set, like production code
would use the system roots.
"""

from __future__ import annotations

import datetime as dt
import gzip
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from scheduling.ical import read_busy
from skill.web.busy_fetch import CalendarFetchError, fetch_calendar, normalize_calendar_url

ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n"
       b"DTSTAMP:20250101T000000Z\r\nDTSTART:20250303T100000Z\r\nDTEND:20250303T110000Z\r\n"
       b"END:VEVENT\r\nEND:VCALENDAR\r\n")
RELEASE = threading.Event()  # lets the "hang" route return when the test is over


def _certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class Handler(BaseHTTPRequestHandler):
    """Routes: /cal.ics, /big, /big-chunked, /gzip-bomb, /missing, /to-http, /to-cal, /loop, /hang, /stall."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        if not any(k == "Transfer-Encoding" for k, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server API)
        port = self.server.server_address[1]
        if self.path == "/cal.ics":
            self._send(200, ICS, [("Content-Type", "text/calendar")])
        elif self.path == "/big":
            self._send(200, b"x" * 5000)
        elif self.path == "/big-chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"3E8\r\n" + b"y" * 1000 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/gzip-bomb":
            self._send(200, gzip.compress(b"\0" * 1_000_000), [("Content-Encoding", "gzip")])
        elif self.path == "/missing":
            self._send(404, b"nope")
        elif self.path == "/to-http":
            self._send(302, headers=[("Location", f"http://localhost:{port}/cal.ics")])
        elif self.path == "/to-cal":
            self._send(301, headers=[("Location", "/cal.ics")])
        elif self.path == "/loop":
            self._send(302, headers=[("Location", "/loop")])
        elif self.path == "/hang":
            RELEASE.wait(30)
        elif self.path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"BEGIN:VCALENDAR\r\n")
            self.wfile.flush()
            RELEASE.wait(30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    cert_file, key_file = _certificate(tmp_path_factory.mktemp("tls"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    session = requests.Session()
    session.verify = str(cert_file)
    yield f"localhost:{httpd.server_address[1]}", session
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()
    session.close()


def fetch(server, path, scheme="https", **kwargs):
    host, session = server
    kwargs.setdefault("allow_private", True)
    return fetch_calendar(f"{scheme}://{host}{path}", session=session, **kwargs)


def test_fetches_https_and_webcal(server):
    assert fetch(server, "/cal.ics") == ICS
    body = fetch(server, "/cal.ics", scheme="webcal")
    start, end = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc), dt.datetime(2025, 3, 5, tzinfo=dt.timezone.utc)
    assert [b.start_utc.hour for b in read_busy(body, start, end, zone="UTC")] == [10]


def test_follows_https_redirects_but_never_to_http(server):
    assert fetch(server, "/to-cal") == ICS
    with pytest.raises(CalendarFetchError) as err:
        fetch(server, "/to-http")
    assert err.value.reason == "bad_url"
    with pytest.raises(CalendarFetchError) as err:
        fetch(server, "/loop")
    assert err.value.reason == "too_many_redirects"


@pytest.mark.parametrize("path", ["/big", "/big-chunked", "/gzip-bomb"])
def test_size_cap_while_streaming(server, path):
    with pytest.raises(CalendarFetchError) as err:
        fetch(server, path, max_bytes=4000)
    assert err.value.reason == "too_large"


def test_http_errors_and_timeouts(server):
    with pytest.raises(CalendarFetchError) as err:
        fetch(server, "/missing")
    assert (err.value.reason, err.value.status) == ("http_status", 404)
    with pytest.raises(CalendarFetchError) as err:
        fetch(server, "/hang", timeout=0.3)
    assert err.value.reason == "timeout"
    with pytest.raises(CalendarFetchError) as err:
        fetch(server, "/stall", timeout=0.3)  # headers arrive, then the body stalls
    assert err.value.reason == "timeout"


def test_untrusted_certificate_is_refused(server):
    host, _ = server
    with pytest.raises(CalendarFetchError) as err:
        fetch_calendar(f"https://{host}/cal.ics", session=requests.Session(), allow_private=True)
    assert err.value.reason == "tls"


def test_loopback_is_refused_unless_allowed(server):
    with pytest.raises(CalendarFetchError) as err:
        fetch(server, "/cal.ics", allow_private=False)
    assert err.value.reason == "private_address"


@pytest.mark.parametrize("url", ["http://example.com/cal.ics", "ftp://example.com/x", "file:///etc/passwd",
                                 "https://", "https://user:pw@example.com/cal.ics", "", "example.com/cal.ics"])
def test_only_https_urls(url):
    with pytest.raises(CalendarFetchError) as err:
        normalize_calendar_url(url)
    assert err.value.reason == "bad_url"
    assert isinstance(err.value, ValueError)


def test_webcal_becomes_https():
    assert normalize_calendar_url("WEBCAL://p.example.com/a.ics?x=1") == "https://p.example.com/a.ics?x=1"
