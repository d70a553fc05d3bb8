"""The `web` Lambda function: serverless-wsgi's handler around `skill.wsgi.app`, fed HTTP API
(payload 2.0) events as API Gateway sends them."""
from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

from twilio.request_validator import RequestValidator

from skill.nudges import consent
from skill.store.couples import CoupleRepository, Partner

from .events import HOST, LambdaContext, http_api_event, scheduled_event
from .support import AUTH_TOKEN

PUBLIC = f"https://{HOST}"
ANA_PHONE = "+4915123456789"


def body_of(response: dict) -> bytes:
    raw = response.get("body", "")
    return base64.b64decode(raw) if response.get("isBase64Encoded") else raw.encode()


def signed_form(path: str, form: dict) -> dict:
    """Headers Twilio sends with a webhook: signed over the public URL it called."""
    return {"X-Twilio-Signature": RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC + path, form)}


def test_healthz_answers_through_the_http_api(load_web_handler):
    handler = load_web_handler()
    response = handler.handler(http_api_event("GET", "/healthz"), LambdaContext(function_name="closer-dev-web"))

    assert response["statusCode"] == 200
    assert json.loads(body_of(response)) == {"status": "ok", "store": "reachable"}
    assert response["headers"]["Content-Type"].startswith("application/json")


def test_unknown_calendar_feed_is_404(load_web_handler):
    handler = load_web_handler()
    response = handler.handler(http_api_event("GET", "/calendar/not-a-real-token.ics"), LambdaContext())

    assert response["statusCode"] == 404


def test_unsigned_twilio_webhook_is_refused(load_web_handler, redis_client):
    handler = load_web_handler()
    event = http_api_event("POST", "/twilio/sms", form={"From": ANA_PHONE, "Body": "STOP"})
    response = handler.handler(event, LambdaContext())

    assert response["statusCode"] == 403
    assert redis_client.dbsize() == 0  # the STOP was not recorded: it was not Twilio's


def test_signed_twilio_webhook_is_accepted_behind_api_gateway(load_web_handler, redis_client):
    """The signature is over the URL Twilio called (https + the API's host), which the app
    rebuilds from the headers API Gateway forwards."""
    handler = load_web_handler()
    form = {"From": ANA_PHONE, "Body": "STOP", "MessageSid": "SM" + "0" * 32}
    event = http_api_event("POST", "/twilio/sms", form=form, headers=signed_form("/twilio/sms", form))
    response = handler.handler(event, LambdaContext())

    assert response["statusCode"] == 200
    assert b"<Response>" in body_of(response)
    assert consent.get(redis_client, ANA_PHONE).state == "stopped"


def _known_caller(redis) -> None:
    now = datetime(2025, 3, 5, 14, 0, tzinfo=timezone.utc)
    couple = CoupleRepository(redis).create([Partner("a", "Ana", "Europe/Berlin"),
                                             Partner("b", "Ben", "America/New_York")], now=now)
    consent.request(redis, phone=ANA_PHONE, couple=couple.id, pid="a", source="test", now=now)
    consent.opt_in(redis, ANA_PHONE, via="test", now=now)


def _voice_call(handler) -> str:
    form = {"From": ANA_PHONE, "CallSid": "CA" + "1" * 32, "To": "+15005550006"}
    event = http_api_event("POST", "/twilio/voice", form=form, headers=signed_form("/twilio/voice", form))
    response = handler.handler(event, LambdaContext())
    assert response["statusCode"] == 200, body_of(response)
    return body_of(response).decode()


def test_links_we_give_twilio_carry_no_default_stage(load_web_handler, lambda_env, redis_client):
    """HTTP APIs serve the `$default` stage at the root; serverless.yml sets STRIP_STAGE_PATH so
    serverless-wsgi does not put "/$default" in SCRIPT_NAME (and so into every url_for)."""
    lambda_env.setenv("STRIP_STAGE_PATH", "true")  # as serverless.yml sets it for `web`
    _known_caller(redis_client)
    twiml = _voice_call(load_web_handler())

    assert f'action="{PUBLIC}/twilio/voice/recorded"' in twiml
    assert f'recordingStatusCallback="{PUBLIC}/twilio/voice/recording"' in twiml


def test_without_strip_stage_path_links_gain_default_stage(load_web_handler, redis_client):
    """Why the setting exists: if serverless-wsgi stops adding the stage, this fails and the
    setting can go."""
    _known_caller(redis_client)
    twiml = _voice_call(load_web_handler())

    assert "/$default/twilio/voice/recorded" in twiml


def test_https_alexa_endpoint_still_checks_signatures(load_web_handler):
    handler = load_web_handler()
    envelope = {"version": "1.0", "request": {"type": "LaunchRequest"}}
    event = http_api_event("POST", "/alexa", body=json.dumps(envelope).encode(),
                           headers={"content-type": "application/json"})
    response = handler.handler(event, LambdaContext())

    assert response["statusCode"] == 400


def test_web_handler_drops_scheduled_events(load_web_handler):
    """Why the dispatcher has a function of its own: serverless-wsgi answers EventBridge events
    with `{}` and never reaches the app."""
    handler = load_web_handler()

    assert handler.handler(scheduled_event(datetime.now(timezone.utc)), LambdaContext()) == {}


def test_on_lambda_a_missing_setting_fails_every_request_loudly(load_web_handler, lambda_env, caplog):
    """Without REDIS_URL the app would start an embedded Redis, which the bundle does not have."""
    lambda_env.setenv("AWS_LAMBDA_FUNCTION_NAME", "closer-dev-web")
    lambda_env.delenv("REDIS_URL")
    handler = load_web_handler()

    response = handler.handler(http_api_event("GET", "/healthz"), LambdaContext())

    assert response["statusCode"] == 500
    assert "REDIS_URL is not set" in caplog.text
