"""Fixtures for driving the skill like Echo devices do: real envelopes through POST /alexa."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from skill.alexa.conversation import Conversation, plain_speech
from tests.support.alexa_api_standin import AlexaApiStandIn

MODELS = Path(__file__).resolve().parents[2] / "interaction_models"
SKILL_ID = "amzn1.ask.skill.closer-test"


@dataclass
class Clock:
    """A clock the test moves by hand: every request carries its time as the request timestamp."""

    current: datetime

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta) -> None:
        self.current += timedelta(**delta)


@pytest.fixture(scope="session")
def model_en_us() -> dict:
    return json.loads((MODELS / "en-US.json").read_text())


@pytest.fixture
def alexa_api():
    """The HTTPS stand-in for the request's apiEndpoint (settings, profile, reminders)."""
    with AlexaApiStandIn() as api:
        yield api


@pytest.fixture
def app_config(app_config, alexa_api):
    app_config["CLOSER_ALEXA_API_CA"] = str(alexa_api.ca_file)
    return app_config


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 24, 19, 0, tzinfo=timezone.utc))


@pytest.fixture
def post(client):
    """Send one envelope to POST /alexa; the response must always be a valid 200 envelope."""

    def send(envelope: dict) -> dict:
        response = client.post("/alexa", json=envelope)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert_open_session_invites_a_reply(body["response"])
        return body

    return send


def assert_open_session_invites_a_reply(response: dict) -> None:
    """Alexa's certification rule, checked on every reply of every test here: when the microphone
    stays open, the speech must end by asking something, or by saying what to say, so the user
    knows they are being listened to (a Dialog directive's reply asks for its slot)."""
    if response.get("shouldEndSession") is not False:
        return
    if any(d.get("type", "").startswith("Dialog.") for d in response.get("directives") or ()):
        return
    text = plain_speech(response.get("outputSpeech"))
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    assert last.endswith("?") or re.search(r"\b(say|saying)\b", last, re.IGNORECASE), (
        f"the session stays open but the reply asks nothing: {text!r}")


@pytest.fixture
def device(post, model_en_us, alexa_api, clock):
    """Make a device: `device("ana", "Europe/Lisbon")` -> a Conversation as that user."""

    def make(name: str, zone: str | None = "UTC", *, locale: str = "en-US", given_name: str | None = None,
             apl: bool = False) -> Conversation:
        device_id = f"amzn1.ask.device.{name}"
        if zone:
            alexa_api.state.zones[device_id] = zone
        if given_name:
            alexa_api.state.given_name = given_name
        return Conversation(post, model=model_en_us, user_id=f"amzn1.ask.account.{name}", device_id=device_id,
                            locale=locale, skill_id=SKILL_ID, clock=clock, api_endpoint=alexa_api.url,
                            api_access_token="test-api-access-token", supports_apl=apl, time_zone=zone)

    return make
