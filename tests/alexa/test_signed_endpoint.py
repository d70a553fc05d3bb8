"""POST /alexa with verification on: signed by a test CA made here, as Alexa signs requests."""
from __future__ import annotations

import json

import pytest

from skill import create_app
from skill.alexa import envelopes
from tests.support.alexa_signing import NOW, SKILL_ID, TestAlexaCA


@pytest.fixture
def signed_app(app_config):
    app_config.update(CLOSER_VERIFY_SIGNATURES=True, ALEXA_SKILL_ID=SKILL_ID, CLOSER_NOW=NOW.isoformat())
    application = create_app(app_config)
    ca = TestAlexaCA()
    fetched: list[str] = []
    application.extensions["closer.alexa_certs"] = ca.cache(fetch_log=fetched)
    return application, ca, fetched


def _body(skill_id=SKILL_ID, when=NOW) -> bytes:
    envelope = envelopes.launch_request(user_id="amzn1.ask.account.signed", device_id="amzn1.ask.device.signed",
                                        locale="en-GB", timestamp=when, skill_id=skill_id)
    return json.dumps(envelope).encode()


def test_a_signed_request_is_answered_and_the_chain_fetched_once(signed_app):
    app, ca, fetched = signed_app
    client = app.test_client()
    for _ in range(2):
        body = _body()
        response = client.post("/alexa", data=body, headers=ca.sign(body), content_type="application/json")
        assert response.status_code == 200
        assert "Closer Together" in response.get_json()["response"]["outputSpeech"]["ssml"]
    assert fetched == [ca.chain_url]


def test_unsigned_tampered_stale_and_foreign_requests_are_400(signed_app):
    app, ca, _ = signed_app
    client = app.test_client()
    body = _body()
    assert client.post("/alexa", data=body, content_type="application/json").status_code == 400
    tampered = body.replace(b"en-GB", b"en-US")
    assert client.post("/alexa", data=tampered, headers=ca.sign(body)).status_code == 400
    from datetime import timedelta

    stale = _body(when=NOW - timedelta(seconds=151))
    assert client.post("/alexa", data=stale, headers=ca.sign(stale)).status_code == 400
    foreign = _body(skill_id="amzn1.ask.skill.someone-else")
    assert client.post("/alexa", data=foreign, headers=ca.sign(foreign)).status_code == 400


def test_verification_on_without_a_skill_id_refuses_everything(app_config):
    app_config.update(CLOSER_VERIFY_SIGNATURES=True, ALEXA_SKILL_ID=None, CLOSER_NOW=NOW.isoformat())
    app = create_app(app_config)
    ca = TestAlexaCA()
    app.extensions["closer.alexa_certs"] = ca.cache()
    body = _body()
    assert app.test_client().post("/alexa", data=body, headers=ca.sign(body)).status_code == 400


def test_rejections_are_logged_with_a_reason_and_no_user_data(signed_app, caplog):
    app, ca, _ = signed_app
    body = _body()
    app.test_client().post("/alexa", data=body, headers={"Signature-256": "x"})
    record = next(r for r in caplog.records if r.getMessage() == "alexa request rejected")
    assert record.reason == "cert-url-missing"
    assert "amzn1.ask.account" not in caplog.text
