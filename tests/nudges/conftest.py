"""Fixtures for the nudge tests: a Twilio stand-in and apps wired to it (helpers in helpers.py)."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from skill import create_app
from tests.support.twilio_standin import TwilioStandIn

from .helpers import ACCOUNT_SID, AUTH_TOKEN, twilio_config


@pytest.fixture
def standin():
    """A running Twilio stand-in (fresh per test)."""
    with TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN, seed=7, timeout_delay=1.5) as server:
        yield server


@pytest.fixture
def twilio_app(app_config, redis_client, standin):
    """An app whose sender is the real twilio client pointed at the stand-in."""
    return create_app(twilio_config(app_config, standin))


@pytest.fixture
def outbox_app(app_config, redis_client):
    """An app without Twilio credentials (texts go to the outbox), but able to verify webhooks."""
    return create_app(twilio_config(app_config, None))


@pytest.fixture
def live(twilio_app):
    """`twilio_app` served over real HTTP on loopback, so the stand-in can call it back."""
    server = make_server("127.0.0.1", 0, twilio_app, threaded=True)
    twilio_app.config["CLOSER_PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield twilio_app
    server.shutdown()
