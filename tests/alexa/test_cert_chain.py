"""The signing chain: which chains are refused, how the per-URL cache behaves, and the fetch."""

from __future__ import annotations

import http.server
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from cryptography.x509.oid import ExtendedKeyUsageOID

from skill.alexa.verification import CertificateCache, VerificationError, default_fetch
from tests.support.alexa_signing import (
    CHAIN_URL, NOW, TestAlexaCA, alexa_envelope, rejection, verify_signed)

S3 = "https://s3.amazonaws.com"
SECOND = timedelta(seconds=1)


@pytest.fixture(scope="module")
def ca() -> TestAlexaCA:
    return TestAlexaCA()


@pytest.mark.parametrize("knobs, why", [
    (dict(leaf_not_before=NOW - timedelta(days=90), leaf_not_after=NOW - SECOND), "cert-expired"),
    (dict(leaf_not_before=NOW + SECOND), "cert-not-yet-valid"),
    (dict(leaf_san="echo-api.amazon.com.evil.example"), "cert-san"),
    (dict(issuer="rogue"), "cert-chain"),  # untrusted root with the trusted root's name
    (dict(issuer="self"), "cert-chain"),  # self-signed leaf
    (dict(intermediate_not_after=NOW - SECOND), "cert-chain"),
    (dict(leaf_eku=[ExtendedKeyUsageOID.CLIENT_AUTH]), "cert-chain"),  # EKU without serverAuth
])
def test_bad_signing_chains_are_refused(knobs, why):
    bad = TestAlexaCA(**knobs)
    # Each CA's cache trusts that CA's own root, so only the knob differs.
    assert rejection(bad, cache=bad.cache()) == why


def test_leaf_without_eku_is_accepted_as_the_web_pki_does():
    assert verify_signed(TestAlexaCA(leaf_eku=None))["version"] == "1.0"


def test_default_trust_store_is_certifi_and_refuses_the_test_ca(ca):
    production = CertificateCache(fetch=lambda url: ca.chain_pem())
    assert rejection(ca, cache=production) == "cert-chain"


@pytest.mark.parametrize("payload", [b"not a pem", b""])
def test_unparseable_chain_is_refused(ca, payload):
    cache = CertificateCache(fetch=lambda url: payload, trust_roots=ca.roots)
    assert rejection(ca, cache=cache) == "cert-parse"


def test_second_request_and_equivalent_url_are_served_from_the_cache(ca):
    fetches: list[str] = []
    cache = ca.cache(fetches)
    verify_signed(ca, cache=cache)
    body = alexa_envelope()
    same_url = f"{S3}/x/../echo.api/echo-api-cert-test.pem"
    verify_signed(ca, body, {**ca.sign(body), "SignatureCertChainUrl": same_url}, cache=cache)
    assert fetches == [CHAIN_URL]


def test_cache_entry_expires_with_the_leaf():
    short = TestAlexaCA(leaf_not_after=NOW + 600 * SECOND)
    fetches: list[str] = []
    cache = short.cache(fetches)
    later, after = NOW + 300 * SECOND, NOW + 601 * SECOND
    verify_signed(short, cache=cache)
    verify_signed(short, alexa_envelope(sent_at=later), now=later, cache=cache)
    assert len(fetches) == 1
    assert rejection(short, alexa_envelope(sent_at=after), now=after, cache=cache) == "cert-expired"
    assert len(fetches) == 2


def test_failed_validations_are_not_cached():
    fetches: list[str] = []
    bad = TestAlexaCA(leaf_san="example.com")
    cache = bad.cache(fetches)
    assert [rejection(bad, cache=cache) for _ in range(2)] == ["cert-san", "cert-san"]
    assert len(fetches) == 2 and len(cache) == 0


@pytest.mark.parametrize("max_entries, expected_fetches", [(1, 3), (2, 2)])
def test_cache_is_bounded_least_recently_used_first(ca, max_entries, expected_fetches):
    fetches: list[str] = []
    cache = CertificateCache(fetch=lambda url: fetches.append(url) or ca.chain_pem(),
                             trust_roots=ca.roots, max_entries=max_entries)
    for name in ("a", "b", "a"):
        cache.signing_certificate(f"{S3}/echo.api/{name}.pem", NOW)
    assert len(fetches) == expected_fetches and len(cache) == max_entries


def test_concurrent_requests_share_one_cache(ca):
    cache = ca.cache()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: verify_signed(ca, cache=cache), range(32)))
    assert len(results) == 32 and len(cache) == 1


class _ChainHost(http.server.BaseHTTPRequestHandler):
    """A loopback stand-in for S3: answers, too-large bodies, 404 and a redirect."""

    ROUTES = {"/ok": (200, b"chain"), "/big": (200, b"x" * (64 * 1024 + 1)),
              "/missing": (404, b""), "/moved": (302, b"")}

    def do_GET(self):
        status, payload = self.ROUTES[self.path]
        self.send_response(status)
        self.send_header("Location", "/ok")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def loopback():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ChainHost)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_default_fetch_returns_the_body(loopback):
    assert default_fetch(f"{loopback}/ok") == b"chain"


@pytest.mark.parametrize("path, why", [("/big", "cert-too-large"), ("/missing", "cert-fetch"),
                                       ("/moved", "cert-fetch")])
def test_default_fetch_refuses_large_missing_and_redirected(loopback, path, why):
    with pytest.raises(VerificationError) as info:
        default_fetch(loopback + path)
    assert info.value.reason == why


def test_default_fetch_reports_an_unreachable_host_as_cert_fetch(loopback):
    with socket.socket() as probe:  # a port nobody listens on: bind, then close
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(VerificationError) as info:
        default_fetch(f"http://127.0.0.1:{port}/ok")
    assert info.value.reason == "cert-fetch"
