"""Lua scripts registered once per Redis client, not once per call.

`register_script` hashes the source and builds a Script object every time; keeping one per client
and source keeps that off the request path. Scripts still travel by EVALSHA and reload
themselves after a server restart (redis-py retries NOSCRIPT with the source).
"""
from __future__ import annotations

import weakref

_BY_CLIENT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def get(redis, source: str):
    """The registered Script for `source` on this client."""
    try:
        known = _BY_CLIENT.setdefault(redis, {})
    except TypeError:  # a client type that cannot be weakly referenced: register every time
        return redis.register_script(source)
    script = known.get(source)
    if script is None:
        script = known[source] = redis.register_script(source)
    return script
