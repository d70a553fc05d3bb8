"""The app factory's own choices."""
from __future__ import annotations

import flask
import pytest
from flask.sessions import NullSession


def test_no_cookie_session_is_opened_and_writing_one_fails_loudly(app):
    # Nothing served is a browser page; a session cookie would be built per request for nothing.
    with app.test_request_context("/alexa", method="POST"):
        app.preprocess_request()
        assert isinstance(flask.session._get_current_object(), NullSession)
        with pytest.raises(RuntimeError):
            flask.session["x"] = 1


def test_answers_set_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
