"""An in-process stand-in for Amazon's Alexa signing PKI, for tests.

``TestAlexaCA`` issues a root, an intermediate and an ``echo-api.amazon.com``
leaf shaped like Amazon's real one (RSA 2048, SHA-256, critical BasicConstraints
and KeyUsage, serverAuth+clientAuth EKU, SAN, AKI/SKI), signs bodies the way
Alexa does, and hands out a ``CertificateCache`` whose fetch serves its chain:
the download from S3 is the one boundary tests cannot cross. Knobs make the bad
chains (expired, not yet valid, wrong SAN, wrong EKU, untrusted or self-signed).
RSA keys are generated once per process, so building many CAs stays cheap.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skill.alexa.verification import CertificateCache, VerificationError, verify_request

CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
ALEXA_NAME = "echo-api.amazon.com"
SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-00000000c105"
#: The instant tests treat as "now"; certificates are valid around it by default.
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
SERVER_AND_CLIENT_AUTH = (ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH)


@functools.cache
def signing_key(role: str) -> rsa.RSAPrivateKey:
    """Return the process-wide RSA-2048 key for ``role`` (generated on first use)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Closer Test PKI"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _issue(subject, key, issuer, issuer_key, not_before, not_after, ca, extra=()):
    """Sign one certificate; ``ca`` is None for a leaf, else the path length."""
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca is not None, path_length=ca), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False,
            key_encipherment=ca is None, data_encipherment=False, key_agreement=False,
            key_cert_sign=ca is not None, crl_sign=ca is not None,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )
    if issuer_key is not key:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False)
    for extension in extra:
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


class TestAlexaCA:
    """A root -> intermediate -> leaf chain for Alexa signing, with failure knobs.

    ``issuer`` is ``"trusted"`` (normal), ``"rogue"`` (the intermediate is signed
    by a look-alike root that is not in :attr:`roots`) or ``"self"`` (the leaf
    is self-signed and served alone). Dates default to a window around ``now``.
    """

    __test__ = False  # a helper, not a pytest test class

    def __init__(
        self,
        *,
        now: datetime = NOW,
        leaf_not_before: datetime | None = None,
        leaf_not_after: datetime | None = None,
        leaf_san: str = ALEXA_NAME,
        leaf_eku: Sequence[x509.ObjectIdentifier] | None = SERVER_AND_CLIENT_AUTH,
        intermediate_not_after: datetime | None = None,
        issuer: str = "trusted",
        chain_url: str = CHAIN_URL,
    ) -> None:
        self.chain_url = chain_url
        day = timedelta(days=1)
        root_name, inter_name = _name("Closer Test Root CA"), _name("Closer Test RSA 2048 M01")
        root_key, inter_key, self.leaf_key = (
            signing_key("root"), signing_key("intermediate"), signing_key("leaf"))
        self.root = _issue(root_name, root_key, root_name, root_key,
                           now - 3650 * day, now + 3650 * day, ca=1)
        signer = signing_key("rogue") if issuer == "rogue" else root_key
        self.intermediate = _issue(
            inter_name, inter_key, root_name, signer, now - 365 * day,
            intermediate_not_after or now + 365 * day, ca=0,
            extra=[x509.ExtendedKeyUsage(list(SERVER_AND_CLIENT_AUTH))])
        extra = [x509.SubjectAlternativeName([x509.DNSName(leaf_san)])]
        if leaf_eku is not None:
            extra.append(x509.ExtendedKeyUsage(list(leaf_eku)))
        self_signed = issuer == "self"
        leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, leaf_san)])
        self.leaf = _issue(
            leaf_name, self.leaf_key, leaf_name if self_signed else inter_name,
            self.leaf_key if self_signed else inter_key,
            leaf_not_before or now - 30 * day, leaf_not_after or now + 60 * day,
            ca=None, extra=extra)
        self._chain = [self.leaf] if self_signed else [self.leaf, self.intermediate]

    @property
    def roots(self) -> list[x509.Certificate]:
        """The trust anchors a verifier should use: just this CA's root."""
        return [self.root]

    def chain_pem(self) -> bytes:
        """The chain as Amazon publishes it: PEM, leaf first."""
        return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in self._chain)

    def sign(self, body: bytes) -> dict[str, str]:
        """Headers Alexa would send with ``body``: chain URL and ``Signature-256``."""
        signature = self.leaf_key.sign(body, padding.PKCS1v15(), hashes.SHA256())
        return {"SignatureCertChainUrl": self.chain_url,
                "Signature-256": base64.b64encode(signature).decode("ascii")}

    def sign_legacy_sha1(self, body: bytes) -> dict[str, str]:
        """Headers with only the deprecated SHA-1 ``Signature`` header."""
        signature = self.leaf_key.sign(body, padding.PKCS1v15(), hashes.SHA1())
        return {"SignatureCertChainUrl": self.chain_url,
                "Signature": base64.b64encode(signature).decode("ascii")}

    def cache(self, fetch_log: list[str] | None = None, max_entries: int = 16) -> CertificateCache:
        """A cache trusting :attr:`roots` whose fetch serves this chain at ``chain_url``.

        Every fetch appends the URL to ``fetch_log`` (when given); any other URL
        fails the way an unreachable one would.
        """
        def fetch(url: str) -> bytes:
            if fetch_log is not None:
                fetch_log.append(url)
            if url != self.chain_url:
                raise VerificationError("cert-fetch", "no such test chain")
            return self.chain_pem()

        return CertificateCache(fetch=fetch, trust_roots=self.roots, max_entries=max_entries)


def alexa_envelope(
    *,
    sent_at: datetime = NOW,
    skill_id: str | None = SKILL_ID,
    request_type: str = "LaunchRequest",
    in_context: bool = True,
    in_session: bool = True,
) -> bytes:
    """A minimal request envelope as Alexa sends it, serialised to bytes."""
    stamp = sent_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    application = {"applicationId": skill_id} if skill_id is not None else {}
    envelope: dict = {
        "version": "1.0",
        "request": {"type": request_type, "requestId": "amzn1.echo-api.request.test",
                    "timestamp": stamp, "locale": "en-US"},
    }
    if in_context:
        envelope["context"] = {"System": {"application": application,
                                          "user": {"userId": "amzn1.ask.account.test"}}}
    if in_session:
        envelope["session"] = {"new": True, "sessionId": "amzn1.echo-api.session.test",
                               "application": application}
    return json.dumps(envelope).encode("utf-8")


def verify_signed(ca: TestAlexaCA, body: bytes | None = None, headers=None, *,
                  now: datetime = NOW, cache: CertificateCache | None = None,
                  skill_id: str | None = SKILL_ID) -> dict:
    """``verify_request`` on ``body`` (default: a fresh envelope), signed by ``ca``
    unless ``headers`` are given, against ``cache`` (default: a new ``ca.cache()``)."""
    body = alexa_envelope() if body is None else body
    headers = ca.sign(body) if headers is None else headers
    return verify_request(headers=headers, body=body, skill_id=skill_id, now=now,
                          cache=cache if cache is not None else ca.cache())


def rejection(ca: TestAlexaCA, body: bytes | None = None, headers=None, **kwargs) -> str:
    """The ``reason`` :func:`verify_signed` rejects with; fails the test if it accepts."""
    with pytest.raises(VerificationError) as info:
        verify_signed(ca, body, headers, **kwargs)
    return info.value.reason
