"""Closer's Flask application: the Alexa endpoint, calendar feeds, Twilio webhooks.

`create_app()` is the factory (`flask --app skill run` finds it). Clients live in
`app.extensions`, never in module globals, so tests and Lambda build apps independently.
"""
from __future__ import annotations

import logging

from flask import Flask
from flask.sessions import SessionInterface

from . import config

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment, with `test_config` applied on top."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    # Webhook URLs are signed by Twilio against what the caller saw; behind API Gateway or a
    # proxy the scheme and host come from forwarded headers (see skill/nudges/signatures.py).
    app.config.setdefault("MAX_CONTENT_LENGTH", 256 * 1024)  # Alexa requests are a few KiB
    # Nothing here is a browser page: Alexa keeps its own session, links are signed tokens. Flask's
    # signed-cookie session would build a signer on every request for nothing.
    app.session_interface = NoCookieSession()

    from . import logs, nudges, store
    from .alexa import init_app as init_alexa
    from .web import init_app as init_web

    logs.init_app(app)
    store.init_app(app)
    init_alexa(app)
    init_web(app)
    nudges.init_app(app)
    return app


class NoCookieSession(SessionInterface):
    """No cookie session: `flask.session` is Flask's null session (reading is empty, writing
    raises), and no response ever sets a session cookie."""

    def open_session(self, app, request):
        """Always None, so Flask falls back to its null session."""
        return None

    def save_session(self, app, session, response):
        """Nothing to save (Flask does not call this for a null session)."""
