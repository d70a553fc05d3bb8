"""The `alexa` Lambda function: real request envelopes in, response envelopes out.

Alexa invokes the function directly (no HTTP, no signature); the handler builds the app once per
container, checks the skill id and answers with the skill's response envelope as a dict.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from skill import lambda_handler
from skill.alexa.envelopes import intent_request, launch_request
from skill.store.users import UserRepository
from tests.support.alexa_api_standin import TOKEN, AlexaApiStandIn

from .support import ROOT, SKILL_ID
from .events import LambdaContext

USER = "amzn1.ask.account.AGF7EXAMPLEUSERIDTHATMUSTNEVERBELOGGED"
DEVICE = "amzn1.ask.device.AEXAMPLEDEVICE1"
WHEN = datetime(2025, 3, 5, 20, 30, tzinfo=timezone.utc)


@pytest.fixture
def alexa_api(lambda_env):
    """The Settings API stand-in, trusted the way any `requests` client trusts a private CA."""
    with AlexaApiStandIn() as api:
        api.state.zones[DEVICE] = "Europe/Lisbon"
        lambda_env.setenv("REQUESTS_CA_BUNDLE", str(api.ca_file))
        yield api


def caller(api, **extra) -> dict:
    return dict(user_id=USER, device_id=DEVICE, locale="en-US", timestamp=WHEN, skill_id=SKILL_ID,
                api_endpoint=api.url, api_access_token=TOKEN, **extra)


def zone_lookups(api) -> list:
    return [path for method, path, _ in api.state.requests if path.endswith("/settings/System.timeZone")]


def test_launch_request_gets_a_welcome_and_keeps_the_session_open(alexa_api, redis_client):
    body = lambda_handler.alexa(launch_request(**caller(alexa_api)), LambdaContext())

    assert body["version"] == "1.0"
    speech = body["response"]["outputSpeech"]
    assert speech["type"] == "SSML" and speech["ssml"].startswith("<speak>") and len(speech["ssml"]) > 30
    assert body["response"]["shouldEndSession"] is False
    assert body["response"]["reprompt"]["outputSpeech"]["ssml"]
    # The device zone came from the Settings API, so no fallback note was spoken.
    assert zone_lookups(alexa_api) == [f"/v2/devices/{DEVICE}/settings/System.timeZone"]
    assert "couldn't read your device's time zone" not in speech["ssml"]
    assert UserRepository(redis_client).get(USER)["zone"] == "Europe/Lisbon"
    json.dumps(body)  # what Lambda returns to Alexa must be plain JSON


def test_one_app_per_container_and_state_carries_between_invocations(alexa_api):
    lambda_handler.alexa(launch_request(**caller(alexa_api)), LambdaContext())
    app = lambda_handler.get_app()
    help_body = lambda_handler.alexa(intent_request("AMAZON.HelpIntent", **caller(alexa_api)), LambdaContext())

    assert lambda_handler.get_app() is app
    assert help_body["response"]["outputSpeech"]["ssml"]
    # The zone saved by the first invocation was reused: the API was asked only once.
    assert len(zone_lookups(alexa_api)) == 1


def test_one_log_line_with_request_id_intent_and_latency_but_no_user_data(alexa_api, caplog):
    context = LambdaContext()
    event = intent_request("AMAZON.HelpIntent", request_id="amzn1.echo-api.request.lambda-log-test",
                           **caller(alexa_api))
    with caplog.at_level(logging.INFO, logger="skill.lambda"):
        lambda_handler.alexa(event, context)

    lines = [r for r in caplog.records if r.name == "skill.lambda"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.request_id, line.lambda_request_id, line.intent) == (
        "amzn1.echo-api.request.lambda-log-test", context.aws_request_id, "AMAZON.HelpIntent")
    assert isinstance(line.ms, float) and line.ms > 0
    logged = json.dumps(vars(line), default=str)
    assert USER not in logged and DEVICE not in logged and TOKEN not in logged


@pytest.mark.parametrize("skill_id", ["amzn1.ask.skill.someone-elses-skill", None])
def test_request_for_another_skill_is_refused_without_a_response(alexa_api, redis_client, caplog, skill_id):
    event = launch_request(**{**caller(alexa_api), "skill_id": skill_id or ""})
    if skill_id is None:
        del event["context"]["System"]["application"]

    with caplog.at_level(logging.INFO, logger="skill.lambda"), pytest.raises(lambda_handler.SkillIdMismatch):
        lambda_handler.alexa(event, LambdaContext())

    assert redis_client.dbsize() == 0  # nothing read from the device, nothing stored
    assert zone_lookups(alexa_api) == []
    refusals = [r for r in caplog.records if r.name == "skill.lambda"]
    assert [r.reason for r in refusals] == ["skill id mismatch"]
    assert USER not in json.dumps(vars(refusals[0]), default=str)


def test_unset_skill_id_refuses_everything(alexa_api, lambda_env):
    lambda_env.delenv("ALEXA_SKILL_ID")

    with pytest.raises(lambda_handler.SkillIdMismatch, match="not configured"):
        lambda_handler.alexa(launch_request(**caller(alexa_api)), LambdaContext())


def test_missing_redis_url_is_a_clear_error_not_an_embedded_server(lambda_env):
    lambda_env.delenv("REDIS_URL")

    with pytest.raises(RuntimeError, match="REDIS_URL is not set"):
        lambda_handler.alexa({"version": "1.0"}, LambdaContext())


def test_missing_secret_key_is_an_error_not_a_random_key_per_container(lambda_env):
    """A random key per container would make links signed in one fail in another."""
    lambda_env.setenv("SECRET_KEY", "")

    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        lambda_handler.dispatch({}, LambdaContext())


def test_importing_the_handler_builds_nothing(tmp_path):
    """The app is built on the first invocation, not at import (no Redis, no settings needed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ALEXA_SKILL_ID")}
    code = "import skill.lambda_handler as h; assert h._CACHE == {}; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert not (tmp_path / "instance").exists()  # no embedded Redis was started either
