"""Alexa request verification: the cert URL rules, then headers, signature, body, timestamp, skill id.

The signing chain and its cache are tested in test_cert_chain.py.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import given, settings, strategies as st
from werkzeug.datastructures import EnvironHeaders

from skill.alexa.verification import VerificationError, validate_cert_url
from tests.support.alexa_signing import (
    CHAIN_URL, NOW, TestAlexaCA, alexa_envelope, rejection, signing_key, verify_signed)

S3 = "https://s3.amazonaws.com"
SECOND = timedelta(seconds=1)
LAUNCH, INTENT = alexa_envelope(), alexa_envelope(request_type="IntentRequest")
EVENT = "AlexaSkillEvent.SkillEnabled"
CANONICAL = f"{S3}/echo.api/echo-api-cert.pem"


@pytest.fixture(scope="module")
def ca() -> TestAlexaCA:
    return TestAlexaCA()


@pytest.mark.parametrize("url", [
    CANONICAL,
    "HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",  # scheme and host ignore case
    f"{S3}:443/echo.api/echo-api-cert.pem",
    f"{S3}/invalid/../echo.api/echo-api-cert.pem",  # valid once '..' is resolved
    f"{S3}/echo.api/../echo.api/echo-api-cert.pem",
    f"{S3}/echo.api/./x/../echo-api-cert.pem",
])
def test_amazon_urls_are_accepted_and_normalised(url):
    assert validate_cert_url(url) == CANONICAL


@pytest.mark.parametrize("url, why", [
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "cert-url-scheme"),
    ("ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem", "cert-url-scheme"),
    ("https://notamazon.com/echo.api/echo-api-cert.pem", "cert-url-host"),
    ("https://s3.amazonaws.com.evil.example/echo.api/c.pem", "cert-url-host"),
    ("https://evil.example/s3.amazonaws.com/echo.api/c.pem", "cert-url-host"),
    ("https://user@s3.amazonaws.com/echo.api/c.pem", "cert-url-host"),
    ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "cert-url-port"),
    ("https://s3.amazonaws.com:https/echo.api/c.pem", "cert-url"),
    (f"{S3}/ECHO.API/echo-api-cert.pem", "cert-url-path"),  # the path is case-sensitive
    (f"{S3}/EcHo.aPi/echo-api-cert.pem", "cert-url-path"),
    (f"{S3}/invalid.path/echo-api-cert.pem", "cert-url-path"),
    (f"{S3}/echo.api/../evil/cert.pem", "cert-url-path"),  # traversal out of /echo.api/
    (f"{S3}/echo.api/%2e%2e/evil/cert.pem", "cert-url-path"),  # encoded traversal
    (f"{S3}//echo.api/c.pem", "cert-url-path"),
    (f"{S3}/echo.api/c.pem?versionId=1", "cert-url-path"),
    (f"{S3}/echo.api", "cert-url-path"),
    (S3, "cert-url-path"),
    ("", "cert-url-missing"),
])
def test_other_urls_are_refused_with_a_reason(url, why):
    with pytest.raises(VerificationError) as info:
        validate_cert_url(url)
    assert info.value.reason == why


def test_signed_request_is_accepted_and_its_envelope_returned(ca):
    envelope = verify_signed(ca, LAUNCH)
    assert envelope == json.loads(LAUNCH)


def test_headers_as_flask_sees_them_are_found_case_insensitively(ca):
    signed = ca.sign(LAUNCH)
    environ = {"HTTP_SIGNATURECERTCHAINURL": signed["SignatureCertChainUrl"],
               "HTTP_SIGNATURE_256": signed["Signature-256"]}
    assert verify_signed(ca, LAUNCH, EnvironHeaders(environ))["version"] == "1.0"


def _without(name):
    return lambda headers: {k: v for k, v in headers.items() if k != name}


def _with(name, value):
    return lambda headers: {**headers, name: value}


@pytest.mark.parametrize("change, why", [
    (_without("SignatureCertChainUrl"), "cert-url-missing"),
    (_without("Signature-256"), "signature-missing"),
    (_with("Signature-256", "not base64!"), "signature-encoding"),
    (_with("Signature-256", "é"), "signature-encoding"),
    (_with("Signature-256", ""), "signature-encoding"),
    (_with("SignatureCertChainUrl", "https://evil.example/echo.api/c.pem"), "cert-url-host"),
    (_with("SignatureCertChainUrl", f"{S3}/echo.api/other.pem"), "cert-fetch"),
])
def test_header_problems_are_rejected(ca, change, why):
    assert rejection(ca, LAUNCH, change(ca.sign(LAUNCH))) == why


def _signed_by_rogue_key(ca, body):
    signature = signing_key("rogue").sign(body, padding.PKCS1v15(), hashes.SHA256())
    return {**ca.sign(body), "Signature-256": base64.b64encode(signature).decode()}


@pytest.mark.parametrize("sent, signed_headers, why", [
    (LAUNCH, lambda ca: ca.sign_legacy_sha1(LAUNCH), "signature-legacy-only"),
    (LAUNCH, lambda ca: ca.sign(INTENT), "signature"),  # signature over another body
    (LAUNCH.replace(b"Launch", b"Intent"), lambda ca: ca.sign(LAUNCH), "signature"),  # tampered
    (LAUNCH + b" ", lambda ca: ca.sign(LAUNCH), "signature"),  # same JSON, other bytes
    (LAUNCH, lambda ca: _signed_by_rogue_key(ca, LAUNCH), "signature"),  # right cert, wrong key
])
def test_signature_must_be_sha256_over_the_raw_body_by_the_leaf(ca, sent, signed_headers, why):
    assert rejection(ca, sent, signed_headers(ca)) == why


@pytest.mark.parametrize("body, why", [
    (b'{"request": {"type": "LaunchRequest", "timestamp": "yesterday"}}', "timestamp"),
    (b'{"request": {"type": "LaunchRequest", "timestamp": 1748779200}}', "timestamp"),
    (b'{"request": {"type": "LaunchRequest"}}', "timestamp"),
    (b'{"request": []}', "body-shape"),
    (b"[1, 2]", "body-shape"),
    (b"\xff\xfe not utf-8", "body-json"),
    (b"[" * 100_000, "body-json"),
])
def test_signed_but_malformed_bodies_are_rejected(ca, body, why):
    assert rejection(ca, body) == why


@pytest.mark.parametrize("kind, age, ok", [
    ("LaunchRequest", 149, True), ("LaunchRequest", 150, True), ("LaunchRequest", 151, False),
    ("LaunchRequest", -149, True), ("LaunchRequest", -151, False), ("LaunchRequest", 3599, False),
    (EVENT, 3599, True), (EVENT, -3599, True), (EVENT, 3601, False), (EVENT, -3601, False),
])
def test_timestamp_window_is_150_s_either_way_and_an_hour_for_skill_events(ca, kind, age, ok):
    body = alexa_envelope(sent_at=NOW - age * SECOND, request_type=kind)
    if ok:
        assert verify_signed(ca, body)["request"]["type"] == kind
    else:
        assert rejection(ca, body) == "timestamp"


def _context_names_another_skill() -> bytes:
    envelope = json.loads(LAUNCH)  # the session still names our skill
    envelope["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.other"
    return json.dumps(envelope).encode()


@pytest.mark.parametrize("body, why", [
    (alexa_envelope(skill_id="amzn1.ask.skill.someone-else"), "skill-id"),
    (_context_names_another_skill(), "skill-id"),  # context wins over session
    (alexa_envelope(skill_id=None), "skill-id-missing"),
])
def test_request_for_another_or_no_skill_is_rejected(ca, body, why):
    assert rejection(ca, body) == why


@pytest.mark.parametrize("body", [alexa_envelope(in_context=False), alexa_envelope(in_session=False)])
def test_application_id_from_context_or_session_alone_is_accepted(ca, body):
    assert verify_signed(ca, body)["request"]["type"] == "LaunchRequest"


@pytest.mark.parametrize("configured", [None, ""])
def test_unset_skill_id_rejects_everything_before_fetching(ca, configured):
    fetches: list[str] = []
    assert rejection(ca, skill_id=configured, cache=ca.cache(fetches)) == "skill-id-unset"
    assert fetches == []


def test_errors_carry_no_request_data(ca):
    with pytest.raises(VerificationError) as info:
        verify_signed(ca, LAUNCH, skill_id="amzn1.ask.skill.mine")
    message = str(info.value)
    assert "amzn1" not in message and "LaunchRequest" not in message


def test_naive_now_is_a_programming_error(ca):
    with pytest.raises(ValueError, match="timezone-aware") as info:
        verify_signed(ca, LAUNCH, now=NOW.replace(tzinfo=None))
    assert not isinstance(info.value, VerificationError)


HEADER_NAMES = st.sampled_from(["SignatureCertChainUrl", "Signature-256", "Signature", "signature-256"])
HEADER_VALUES = st.one_of(st.text(), st.just(CHAIN_URL), st.just(f"{S3}/echo.api/../echo.api/x"))


@settings(max_examples=200, deadline=None)
@given(headers=st.dictionaries(st.one_of(HEADER_NAMES, st.text()), HEADER_VALUES), body=st.binary())
def test_arbitrary_headers_and_bodies_only_raise_verification_error(ca, headers, body):
    with pytest.raises(VerificationError):
        verify_signed(ca, body, headers)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner))
REQUEST = st.fixed_dictionaries({}, optional={
    "type": st.one_of(st.just(EVENT), JSON), "timestamp": st.one_of(st.datetimes().map(str), JSON)})


@settings(max_examples=200, deadline=None)
@given(request=REQUEST, context=JSON, session=JSON, raw=st.binary())
def test_signed_arbitrary_envelopes_only_raise_verification_error(ca, request, context, session, raw):
    envelope = {"request": request, "context": context, "session": session}
    for body in (json.dumps(envelope).encode(), raw):
        try:
            assert isinstance(verify_signed(ca, body), dict)
        except VerificationError:
            pass
