"""Fixtures for the deploy tests: the Lambda environment, and the web function's real handler.

The handlers read their settings from the environment, as on Lambda, so these fixtures set it
with monkeypatch (Redis from the `redis_url` fixture) and empty the handler's app cache around
every test. The web function runs serverless-wsgi's own `wsgi_handler.py`, copied from
node_modules exactly as the plugin copies it into the bundle.
"""
from __future__ import annotations

import importlib
import json
import logging
import shutil
import sys

import pytest

from skill import lambda_handler

from .support import CLEARED, LAMBDA_ENV, WSGI_CONFIG, WSGI_PLUGIN, ensure_node_modules


@pytest.fixture
def lambda_env(monkeypatch, redis_url, redis_client):
    """The environment serverless.yml gives every function, on the test's (emptied) Redis."""
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REDIS_URL", redis_url)
    for name, value in LAMBDA_ENV.items():
        monkeypatch.setenv(name, value)
    propagates = logging.getLogger("skill").propagate  # prepare_environment changes it on Lambda
    lambda_handler.reset()
    yield monkeypatch
    lambda_handler.reset()
    logging.getLogger("skill").propagate = propagates


def _forget_wsgi_modules() -> None:
    for name in ("wsgi_handler", "serverless_wsgi", "skill.wsgi"):
        sys.modules.pop(name, None)


@pytest.fixture
def load_web_handler(lambda_env, tmp_path):
    """Import the web function's handler as a fresh container would; call it after setting env.

    Returns the imported `wsgi_handler` module; its `handler(event, context)` is the Lambda entry.
    """
    ensure_node_modules()
    for name in ("wsgi_handler.py", "serverless_wsgi.py"):
        shutil.copy(WSGI_PLUGIN / name, tmp_path / name)
    (tmp_path / ".serverless-wsgi").write_text(json.dumps(WSGI_CONFIG))
    loaded = []

    def load():
        _forget_wsgi_modules()
        sys.path.insert(0, str(tmp_path))
        try:
            module = importlib.import_module("wsgi_handler")
        finally:
            sys.path.remove(str(tmp_path))
        loaded.append(module)
        return module

    yield load
    for module in loaded:
        app = getattr(module, "wsgi_app", None)
        if hasattr(app, "extensions"):
            app.extensions["closer.redis"].close()
    _forget_wsgi_modules()
