"""`GET /healthz`: is the store reachable?"""
from __future__ import annotations

import logging

import redis
from flask import Blueprint, jsonify

from ..store import get_redis

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    """200 with `{"status": "ok"}` when Redis answers a PING, 503 otherwise."""
    try:
        get_redis().ping()
    except (redis.RedisError, OSError) as exc:
        log.warning("health check: store unreachable", extra={"error": type(exc).__name__})
        return jsonify(status="unavailable", store="unreachable"), 503
    return jsonify(status="ok", store="reachable")
