"""The Redis store: connection set-up, key names and repositories."""
from __future__ import annotations

import logging

import redis as redis_lib
from flask import current_app

log = logging.getLogger(__name__)


def connect(url: str | None, *, cluster: bool = False, instance_path: str | None = None):
    """Return `(client, embedded_server_or_None)`.

    With a URL, connect to that server (or cluster); without one, start the embedded server in
    `instance_path`. Clients decode responses to str: every value we store is text.
    """
    if url:
        if cluster:
            from redis.cluster import RedisCluster

            return RedisCluster.from_url(url, decode_responses=True), None
        return redis_lib.Redis.from_url(url, decode_responses=True, health_check_interval=30), None
    from .embedded import start_embedded

    server = start_embedded(instance_path or ".")
    client = redis_lib.Redis(unix_socket_path=server.socket_file, decode_responses=True)
    return client, server


def init_app(app) -> None:
    """Attach the Redis client (and the embedded server, when used) to `app.extensions`."""
    if "closer.redis" in app.extensions:  # a test may hand in its own client
        return
    client, server = connect(
        app.config.get("REDIS_URL"),
        cluster=app.config.get("CLOSER_REDIS_CLUSTER", False),
        instance_path=app.config.get("CLOSER_DATA_DIR") or app.instance_path,
    )
    app.extensions["closer.redis"] = client
    if server is not None:
        app.extensions["closer.redis_server"] = server


def get_redis():
    """The current app's Redis client."""
    return current_app.extensions["closer.redis"]
