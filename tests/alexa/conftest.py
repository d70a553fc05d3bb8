"""Fixtures for driving the skill like Echo devices do: real envelopes through POST /alexa."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from skill.alexa.conversation import Conversation
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
        return response.get_json()

    return send


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
