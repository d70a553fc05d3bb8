"""The `dispatch` Lambda function: one dispatcher tick per EventBridge scheduled event.

Texts go through the real twilio client to the local Twilio stand-in (TWILIO_API_URL), so a
tick that says "sent" really made the HTTP request.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from skill import lambda_handler
from skill.nudges import enroll
from skill.store.couples import CoupleRepository, Partner
from tests.support.twilio_standin import TwilioStandIn

from .events import LambdaContext, scheduled_event
from .support import AUTH_TOKEN

ACCOUNT_SID = "AC" + "fedcba9876543210" * 2
FROM_NUMBER = "+15005550006"
ANA_PHONE = "+4915123456789"
# A Wednesday afternoon: a decent hour in Berlin, so the opt-in text is due at once.
WEDNESDAY = datetime(2025, 3, 5, 14, 0, tzinfo=timezone.utc)


@pytest.fixture
def twilio(lambda_env):
    """The Twilio stand-in, wired in through the same variables serverless.yml sets."""
    with TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN, seed=3) as server:
        for name, value in {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_FROM_NUMBER": FROM_NUMBER,
                            "TWILIO_API_URL": server.url, "CLOSER_NOW": WEDNESDAY.isoformat()}.items():
            lambda_env.setenv(name, value)
        yield server


def test_a_tick_sends_what_is_due_once(twilio):
    app = lambda_handler.get_app()
    couple = CoupleRepository(app.extensions["closer.redis"]).create(
        [Partner("a", "Ana", "Europe/Berlin"), Partner("b", "Ben", "America/New_York")], now=WEDNESDAY)
    enroll(app, couple.id, "a", ANA_PHONE, source="test", now=WEDNESDAY)  # queues the opt-in text

    first = lambda_handler.dispatch(scheduled_event(WEDNESDAY), LambdaContext(function_name="closer-dev-dispatch"))
    second = lambda_handler.dispatch(scheduled_event(WEDNESDAY), LambdaContext(function_name="closer-dev-dispatch"))

    assert (first["claimed"], first["sent"]) == (1, 1)
    assert len(twilio.messages_to(ANA_PHONE)) == 1
    assert (second["claimed"], second["sent"]) == (0, 0)  # never twice
    json.dumps(first)  # the summary is Lambda's JSON result


def test_an_idle_tick_reports_zero_and_logs_one_line(lambda_env, caplog):
    event = scheduled_event(datetime.now(timezone.utc))
    with caplog.at_level("INFO", logger="skill.lambda"):
        summary = lambda_handler.dispatch(event, LambdaContext())

    assert summary["claimed"] == 0 and summary["sent"] == 0 and summary["lost_ids"] == []
    lines = [r for r in caplog.records if r.name == "skill.lambda"]
    assert len(lines) == 1 and lines[0].event_id == event["id"] and lines[0].claimed == 0
