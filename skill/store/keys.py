"""Redis key names, in one place.

Every key of one couple carries the hash tag `{couple:ID}` so that multi-key commands, pipelines
in a transaction and Lua scripts touching one couple stay in one Redis Cluster slot.
"""
from __future__ import annotations

import hashlib

PREFIX = "closer"


def user_key(alexa_user_id: str) -> str:
    """Key of one Alexa user's record. The id is hashed: it is long and we never need it back."""
    return f"{PREFIX}:user:{user_hash(alexa_user_id)}"


def user_hash(alexa_user_id: str) -> str:
    """A stable, non-reversible short name for an Alexa user id (also safe to log)."""
    return hashlib.sha256(alexa_user_id.encode("utf-8")).hexdigest()[:32]


def couple_tag(couple_id: str) -> str:
    """The hash tag shared by every key of a couple."""
    return "{couple:%s}" % couple_id


def couple_key(couple_id: str, *parts: str) -> str:
    """A key inside a couple's slot, e.g. `couple_key(cid, "nightly")` -> `{couple:cid}:nightly`."""
    return ":".join((couple_tag(couple_id),) + parts)


def feed_token_key(token_digest: str) -> str:
    """Index from a calendar feed token's digest to its couple and partner."""
    return f"{PREFIX}:feed:{token_digest}"


def page_code_key(code: str) -> str:
    """A short link code (sent by SMS, where every character counts) -> a partner's page token."""
    return f"{PREFIX}:pagecode:{code}"


def page_codes_key(token_digest: str) -> str:
    """The short link codes made for one page token (by its digest), so "forget me" finds them."""
    return f"{PREFIX}:pagecodes:{token_digest}"


def pairing_code_key(code: str) -> str:
    """A pending pairing code (six digits), valid for a few minutes."""
    return f"{PREFIX}:pair:{code}"
