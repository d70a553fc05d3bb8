"""Fetch a partner's own calendar (an https or webcal URL) for busy time.

The bytes go to ``scheduling.ical.read_busy``; parsing stays in the pure
domain.  The URL comes from a user, so this is careful: https only (webcal
is https in disguise), every redirect re-checked, no private or loopback
addresses unless explicitly allowed, a byte cap while streaming (after
gzip decoding, so a small compressed bomb cannot get through), and a total
deadline as well as per-read timeouts.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from urllib3.exceptions import ReadTimeoutError

MAX_CALENDAR_BYTES = 2_000_000
MAX_REDIRECTS = 5
USER_AGENT = "Closer/0.1 (busy-time reader; +https://closer.invalid)"
_CHUNK = 64 * 1024


class CalendarFetchError(ValueError):
    """A calendar URL could not be fetched.

    ``reason`` is one of ``bad_url``, ``private_address``, ``too_many_redirects``,
    ``http_status`` (see ``status``), ``too_large``, ``timeout``, ``tls``, ``network``.
    """

    def __init__(self, message: str, *, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url, self.reason, self.status = url, reason, status


def normalize_calendar_url(url: str) -> str:
    """The https URL to fetch for ``url``; ``webcal://`` becomes ``https://``.

    >>> normalize_calendar_url("webcal://example.com/cal.ics")
    'https://example.com/cal.ics'
    """
    parts = urlsplit((url or "").strip())
    scheme = parts.scheme.lower()
    if scheme in ("webcal", "webcals"):
        parts = parts._replace(scheme="https")
    elif scheme != "https":
        raise CalendarFetchError("calendar URL must start with https:// or webcal://", url=url,
                                 reason="bad_url")
    if not parts.hostname:
        raise CalendarFetchError("calendar URL has no host", url=url, reason="bad_url")
    if parts.username or parts.password:
        raise CalendarFetchError("calendar URL must not carry a password", url=url, reason="bad_url")
    return urlunsplit(parts)


def _check_host(url: str, allow_private: bool) -> None:
    """Refuse hosts that resolve to loopback, private or link-local addresses.

    Without this a user could make the server fetch its own metadata service.
    """
    if allow_private:
        return
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise CalendarFetchError(f"cannot resolve {parts.hostname}", url=url, reason="network") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise CalendarFetchError(f"{parts.hostname} is not a public address", url=url,
                                     reason="private_address")


def _read_capped(response: requests.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise CalendarFetchError(f"calendar is {declared} bytes, limit {max_bytes}", url=url,
                                 reason="too_large")
    body = bytearray()
    try:
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise CalendarFetchError(f"calendar is over {max_bytes} bytes", url=url, reason="too_large")
            if time.monotonic() > deadline:
                raise CalendarFetchError("calendar download took too long", url=url, reason="timeout")
    except requests.exceptions.ConnectionError as exc:
        # requests reports a read timeout *inside the body* as a ConnectionError.
        if exc.args and isinstance(exc.args[0], ReadTimeoutError):
            raise CalendarFetchError("calendar server stalled", url=url, reason="timeout") from exc
        raise
    return bytes(body)


def fetch_calendar(url: str, *, timeout: float = 10, max_bytes: int = MAX_CALENDAR_BYTES,
                   session: requests.Session | None = None, allow_private: bool = False) -> bytes:
    """Download a calendar feed and return its raw bytes.

    ``timeout`` bounds each network wait and the whole download; ``session``
    lets callers (and tests) supply TLS settings.  Raises
    ``CalendarFetchError``.
    """
    current = normalize_calendar_url(url)
    http = session or requests.Session()
    deadline = time.monotonic() + timeout
    try:
        for _ in range(MAX_REDIRECTS + 1):
            _check_host(current, allow_private)
            # verify= explicitly: requests lets REQUESTS_CA_BUNDLE override a session's own verify.
            with http.get(current, stream=True, timeout=(timeout, timeout), allow_redirects=False, verify=http.verify,
                          headers={"Accept": "text/calendar, */*;q=0.1", "User-Agent": USER_AGENT}) as resp:
                if resp.is_redirect:
                    # Re-validate every hop: a redirect must not downgrade to http.
                    current = normalize_calendar_url(urljoin(current, resp.headers["Location"]))
                    continue
                if resp.status_code != 200:
                    raise CalendarFetchError(f"calendar server answered {resp.status_code}", url=url,
                                             reason="http_status", status=resp.status_code)
                return _read_capped(resp, url, max_bytes, deadline)
    except requests.exceptions.SSLError as exc:
        raise CalendarFetchError("TLS certificate check failed", url=url, reason="tls") from exc
    except requests.exceptions.Timeout as exc:
        raise CalendarFetchError("calendar server did not answer in time", url=url, reason="timeout") from exc
    except requests.exceptions.RequestException as exc:
        raise CalendarFetchError(f"cannot fetch calendar: {exc.__class__.__name__}", url=url,
                                 reason="network") from exc
    finally:
        if session is None:
            http.close()
    raise CalendarFetchError("too many redirects", url=url, reason="too_many_redirects")
