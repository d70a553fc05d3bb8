"""Verify that an HTTPS request really comes from Alexa, for this skill, just now.

Amazon requires web-service skills to check, in order: the SignatureCertChainUrl
header, the signing chain it points at, the ``Signature-256`` header over the
raw body, the request timestamp, and (our rule) the skill id. ``verify_request``
does all five and returns the parsed envelope, or raises ``VerificationError``
whose ``reason`` says which check failed. Errors never carry user data; callers
answer HTTP 400 and may log ``reason``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from skill.alexa.cert_chain import CertificateCache, default_fetch
from skill.alexa.cert_url import VerificationError, validate_cert_url

__all__ = [
    "CertificateCache",
    "VerificationError",
    "default_fetch",
    "validate_cert_url",
    "verify_request",
]

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
LEGACY_SIGNATURE_HEADER = "Signature"
TIMESTAMP_TOLERANCE = timedelta(seconds=150)
# Skill events (enablement, permission changes...) may be delivered late.
SKILL_EVENT_TOLERANCE = timedelta(seconds=3600)
SKILL_EVENT_PREFIX = "AlexaSkillEvent."


def verify_request(
    *,
    headers: Mapping[str, str],
    body: bytes,
    skill_id: str | None,
    now: datetime,
    cache: CertificateCache,
) -> dict[str, Any]:
    """Run every Alexa check on one request and return its parsed JSON envelope.

    ``headers`` are looked up case-insensitively; ``body`` must be the raw bytes
    as received (the signature covers them, not a re-serialisation); ``now`` must
    be timezone-aware. A missing ``skill_id`` is a rejection, not a skipped
    check. Raises :class:`VerificationError` on the first failed check.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if not skill_id:
        # Verification is on but no ALEXA_SKILL_ID is configured: accepting any
        # skill's requests would silently drop a check, so nothing passes.
        raise VerificationError("skill-id-unset", "no skill id configured")
    lowered = {str(name).lower(): value for name, value in headers.items()}
    url = validate_cert_url(lowered.get(CERT_URL_HEADER.lower()))
    signature = _signature(lowered)
    leaf = cache.signing_certificate(url, now)
    _check_signature(leaf, signature, bytes(body))
    envelope = _parse_envelope(bytes(body))
    _check_timestamp(envelope["request"], now)
    _check_skill_id(envelope, skill_id)
    return envelope


def _signature(lowered: Mapping[str, Any]) -> bytes:
    value = lowered.get(SIGNATURE_HEADER.lower())
    if value is None:
        if lowered.get(LEGACY_SIGNATURE_HEADER.lower()) is not None:
            # SHA-1 signatures are deprecated by Amazon and not accepted here.
            raise VerificationError("signature-legacy-only", "only a SHA-1 signature sent")
        raise VerificationError("signature-missing", "no Signature-256 header")
    if not isinstance(value, str):
        raise VerificationError("signature-encoding", "Signature-256 is not text")
    try:
        decoded = base64.b64decode(value.strip(), validate=True)
    except ValueError:
        raise VerificationError("signature-encoding", "Signature-256 is not base64") from None
    if not decoded:
        raise VerificationError("signature-encoding", "Signature-256 is empty")
    return decoded


def _check_signature(leaf: x509.Certificate, signature: bytes, body: bytes) -> None:
    key = leaf.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise VerificationError("cert-key", "signing certificate key is not RSA")
    try:
        key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        raise VerificationError("signature", "signature does not match the body") from None


def _parse_envelope(body: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(body.decode("utf-8"))
    # ValueError covers bad UTF-8, bad JSON and over-long integers; deep nesting
    # raises RecursionError.
    except (ValueError, RecursionError):
        raise VerificationError("body-json", "body is not JSON") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("request"), dict):
        raise VerificationError("body-shape", "body has no request object")
    return envelope


def _check_timestamp(request: Mapping[str, Any], now: datetime) -> None:
    raw = request.get("timestamp")
    if not isinstance(raw, str):
        raise VerificationError("timestamp", "request has no timestamp")
    try:
        sent = datetime.fromisoformat(raw)
        if sent.tzinfo is None:
            sent = sent.replace(tzinfo=timezone.utc)  # Alexa's timestamps are UTC
        skew = abs(now - sent)
    # fromisoformat rejects malformed text; extreme offsets overflow the subtraction.
    except (ValueError, OverflowError):
        raise VerificationError("timestamp", "request timestamp is not ISO 8601") from None
    kind = request.get("type")
    is_event = isinstance(kind, str) and kind.startswith(SKILL_EVENT_PREFIX)
    if skew > (SKILL_EVENT_TOLERANCE if is_event else TIMESTAMP_TOLERANCE):
        raise VerificationError("timestamp", "request timestamp outside the allowed window")


def _check_skill_id(envelope: Mapping[str, Any], skill_id: str) -> None:
    found = _dig(envelope, "context", "System", "application", "applicationId")
    if found is None:
        found = _dig(envelope, "session", "application", "applicationId")
    if found is None:
        raise VerificationError("skill-id-missing", "request names no skill")
    if found != skill_id:
        raise VerificationError("skill-id", "request is for another skill")


def _dig(node: Any, *keys: str) -> str | None:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node if isinstance(node, str) else None
