"""The error type of Alexa request verification, and the SignatureCertChainUrl rules.

Amazon publishes the chain that signs Alexa requests under one S3 bucket. The
header naming it is attacker-controlled until proven otherwise, so the URL is
checked (and normalised) before anything is fetched from it. The rules are the
ones in "Verify the signature certificate URL" of Amazon's "Host a custom skill
as a web service" page.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

__all__ = ["VerificationError", "validate_cert_url"]

CERT_URL_SCHEME = "https"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PORT = 443
CERT_URL_PATH_PREFIX = "/echo.api/"


class VerificationError(ValueError):
    """A request failed Alexa verification.

    ``reason`` is a short machine-readable tag (``"cert-url-host"``,
    ``"signature"``, ``"timestamp"``, ``"skill-id"``...). The message is fixed
    text chosen here: it never carries header values, body bytes or ids, so the
    error can be logged as is.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}" if detail else reason)


def validate_cert_url(url: str) -> str:
    """Check a SignatureCertChainUrl and return it normalised.

    Scheme ``https`` and host ``s3.amazonaws.com`` compare case-insensitively;
    the port must be absent or 443; the path, after resolving ``.`` and ``..``,
    must start with ``/echo.api/`` (case-sensitive). The result has a lower-case
    scheme and host, no port and the resolved path, so equivalent spellings of
    one URL share a cache entry. Raises :class:`VerificationError` otherwise.

    >>> validate_cert_url("HTTPS://S3.amazonaws.com:443/invalid/../echo.api/c.pem")
    'https://s3.amazonaws.com/echo.api/c.pem'
    """
    if not isinstance(url, str) or not url:
        raise VerificationError("cert-url-missing", "no certificate URL")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError:
        raise VerificationError("cert-url", "certificate URL does not parse") from None
    if parts.scheme.lower() != CERT_URL_SCHEME:
        raise VerificationError("cert-url-scheme", "certificate URL is not https")
    # Credentials in the authority would be sent to S3; Amazon never uses them,
    # and `hostname` would hide them, so they are refused outright.
    if "@" in parts.netloc or (parts.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationError("cert-url-host", "certificate URL host is not Amazon's")
    if port is not None and port != CERT_URL_PORT:
        raise VerificationError("cert-url-port", "certificate URL port is not 443")
    # Percent-escapes and backslashes could be decoded by the server into a
    # traversal our normalisation never saw; Amazon's URLs contain neither.
    if "%" in parts.path or "\\" in parts.path or parts.query or parts.fragment:
        raise VerificationError("cert-url-path", "certificate URL path is not plain")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationError("cert-url-path", "certificate URL path is outside /echo.api/")
    return f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{path}"
