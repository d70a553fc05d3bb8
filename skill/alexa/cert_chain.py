"""Fetching, validating and caching the certificate chain that signs Alexa requests.

The chain is validated with ``cryptography.x509.verification`` under the Web PKI
server profile for the name ``echo-api.amazon.com``: that profile builds the path
to a trusted root, checks every certificate's dates at the given instant, RSA key
size, signature algorithms, CA constraints, and requires the leaf's SAN to match
and its EKU (when present) to include serverAuth, which Amazon's leaf carries.
The leaf's dates and SAN are also checked first, on their own, so a rejection
says which rule failed.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import certifi
import requests
from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import PolicyBuilder, Store

from skill.alexa.cert_url import VerificationError

__all__ = ["CertificateCache", "default_fetch", "load_certifi_roots", "ALEXA_SIGNING_NAME"]

ALEXA_SIGNING_NAME = "echo-api.amazon.com"
FETCH_TIMEOUT_S = 5
MAX_CHAIN_BYTES = 64 * 1024
_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def default_fetch(url: str) -> bytes:
    """GET ``url`` with a 5 s connect/read timeout and return at most 64 KiB.

    Redirects are not followed: the URL that passed ``validate_cert_url`` is the
    only one we fetch. Any failure raises ``VerificationError("cert-fetch")``; a
    larger body raises ``VerificationError("cert-too-large")``.
    """
    data = bytearray()
    try:
        with requests.get(
            url, timeout=FETCH_TIMEOUT_S, stream=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                raise VerificationError("cert-fetch", "certificate URL did not answer 200")
            for chunk in response.iter_content(chunk_size=8192):
                data.extend(chunk)
                if len(data) > MAX_CHAIN_BYTES:
                    raise VerificationError("cert-too-large", "certificate chain over 64 KiB")
    except requests.RequestException:
        raise VerificationError("cert-fetch", "certificate URL could not be fetched") from None
    return bytes(data)


def load_certifi_roots() -> list[x509.Certificate]:
    """Return the roots of the certifi bundle, one PEM block at a time.

    Loading block by block means a root that a future ``cryptography`` refuses
    to parse (some, e.g. Starfield Services Root G2, have a serial of 0) is
    skipped instead of taking the whole bundle down; the deprecation warning
    cryptography emits for them today is silenced for the same reason.
    """
    with open(certifi.where(), "rb") as bundle:
        blocks = _PEM_BLOCK.findall(bundle.read())
    roots = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        for block in blocks:
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                continue
    return roots


@dataclass(frozen=True)
class _Entry:
    leaf: x509.Certificate
    valid_from: datetime
    valid_until: datetime


class CertificateCache:
    """Per-URL cache of validated signing chains; safe to share between threads.

    An entry holds the leaf of a chain that validated, and serves requests whose
    ``now`` lies inside the validity of every certificate in the built path (so
    at the latest until the leaf's notAfter). At most ``max_entries`` URLs are
    kept, least recently used evicted first. Failed validations are not cached.
    """

    def __init__(
        self,
        fetch: Callable[[str], bytes] = default_fetch,
        trust_roots: list[x509.Certificate] | None = None,
        max_entries: int = 16,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._fetch = fetch
        self._store = Store(trust_roots if trust_roots is not None else load_certifi_roots())
        self._max_entries = max_entries
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def signing_certificate(self, url: str, now: datetime) -> x509.Certificate:
        """Return the validated leaf for the chain at ``url`` (already normalised).

        Serves from the cache when an entry covers ``now``; otherwise fetches,
        validates at ``now`` and stores. Raises :class:`VerificationError`.
        """
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None and entry.valid_from <= now <= entry.valid_until:
                self._entries.move_to_end(url)
                return entry.leaf
        # Fetch outside the lock so one slow download does not stall other URLs;
        # two threads missing together may both fetch, which is harmless.
        entry = self._validate(self._fetch(url), now)
        with self._lock:
            self._entries[url] = entry
            self._entries.move_to_end(url)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return entry.leaf

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _validate(self, pem: bytes, now: datetime) -> _Entry:
        try:
            certs = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationError("cert-parse", "certificate chain is not PEM") from None
        if not certs:
            raise VerificationError("cert-parse", "certificate chain is empty")
        leaf, intermediates = certs[0], certs[1:]
        if now < leaf.not_valid_before_utc:
            raise VerificationError("cert-not-yet-valid", "signing certificate not yet valid")
        if now > leaf.not_valid_after_utc:
            raise VerificationError("cert-expired", "signing certificate expired")
        if not _names_alexa(leaf):
            raise VerificationError("cert-san", "signing certificate is not for echo-api")
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(now)
            .build_server_verifier(x509.DNSName(ALEXA_SIGNING_NAME))
        )
        try:
            path = verifier.verify(leaf, intermediates)
        # Any failure of path building is a rejection, whatever cryptography
        # calls it (VerificationError, ValueError for malformed extensions...).
        except Exception:
            raise VerificationError("cert-chain", "no trusted path to a root") from None
        return _Entry(
            leaf=leaf,
            valid_from=max(cert.not_valid_before_utc for cert in path),
            valid_until=min(cert.not_valid_after_utc for cert in path),
        )


def _names_alexa(leaf: x509.Certificate) -> bool:
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except (x509.ExtensionNotFound, ValueError):
        return False
    names = san.value.get_values_for_type(x509.DNSName)
    return any(name.lower() == ALEXA_SIGNING_NAME for name in names)
