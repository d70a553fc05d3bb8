"""Calendar feeds: one secret URL per partner, rendered from the couple's schedule.

Tokens are 256-bit random strings. The index key holds only a digest of the token; the match is
confirmed with a constant-time comparison against the partner's stored token, so neither timing
nor a leaked index reveals a token. A rendered feed is cached per couple version and local day
(rituals drop weeks already past), which keeps the frequent conditional GETs of calendar apps to
two Redis round trips and no rendering.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from scheduling import SchedulingError, feed_events, next_sequence, render_calendar
from scheduling.zones import get_zone

from ..store.couples import Couple, CoupleRepository
from ..store.keys import couple_key, feed_token_key, page_code_key, page_codes_key
from . import schedule


@dataclass(frozen=True)
class RenderedFeed:
    """A feed's bytes and its entity tag."""

    body: bytes
    etag: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_for(redis, couple: Couple, pid: str) -> str:
    """The partner's feed token, created on first use."""
    tokens = couple_key(couple.id, "feedtokens")
    existing = redis.hget(tokens, pid)
    if existing:
        return existing
    token = secrets.token_urlsafe(32)
    if redis.hsetnx(tokens, pid, token):
        redis.set(feed_token_key(_digest(token)), f"{couple.id}:{pid}")
        return token
    return redis.hget(tokens, pid)  # someone created it at the same moment


DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"  # `make run`, when CLOSER_PUBLIC_URL is not set


def _public(base_url: str | None, path: str) -> str:
    """`path` on the app's public URL (CLOSER_PUBLIC_URL), else on the local server's."""
    return (base_url or DEFAULT_PUBLIC_URL).rstrip("/") + path


def subscription_links(base_url: str | None, token: str) -> tuple[str, str]:
    """A feed token's two subscription links: `(https, webcal)`.

    `base_url` is the app's public URL (CLOSER_PUBLIC_URL); without one, the local server's.

    >>> subscription_links("https://closer.example/", "t0k")
    ('https://closer.example/calendar/t0k.ics', 'webcal://closer.example/calendar/t0k.ics')
    """
    https = _public(base_url, f"/calendar/{token}.ics")
    return https, "webcal://" + https.split("://", 1)[1]


def page_link(base_url: str | None, token: str) -> str:
    """The partner's own page (next calls, visits, one-tap subscribing), on the same secret.

    >>> page_link("https://closer.example/", "t0k")
    'https://closer.example/page/t0k'
    """
    return _public(base_url, f"/page/{token}")


SHORT_LINK_DAYS = 7  # a texted link is opened within days; the page itself lasts until rotated


def short_page_link(redis, base_url: str | None, token: str) -> str:
    """A short link to the partner's page, for a text message (a 43-character token would not
    leave room for words in one SMS). It lasts `SHORT_LINK_DAYS` and leads to the page of
    `token` only: once the token is rotated, the short link leads nowhere either."""
    code = secrets.token_urlsafe(8)  # 64 random bits, for a week
    index = page_codes_key(_digest(token))
    pipe = redis.pipeline(transaction=False)  # two slots on a cluster: not one transaction
    pipe.set(page_code_key(code), token, ex=SHORT_LINK_DAYS * 86400)
    pipe.sadd(index, code)
    pipe.expire(index, SHORT_LINK_DAYS * 86400)  # outlives every code in it
    pipe.execute()
    return _public(base_url, f"/c/{code}")


def token_for_code(redis, code: str) -> str | None:
    """The page token a short link code stands for, or None (unknown or expired)."""
    if not code or len(code) > 20:
        return None
    return redis.get(page_code_key(code))


def rotate(redis, couple: Couple, pid: str) -> str:
    """Replace the partner's token: the old URL stops working at once."""
    tokens = couple_key(couple.id, "feedtokens")
    old = redis.hget(tokens, pid)
    token = secrets.token_urlsafe(32)
    pipe = redis.pipeline(transaction=False)
    if old:
        pipe.delete(feed_token_key(_digest(old)))
    pipe.hset(tokens, pid, token)
    pipe.set(feed_token_key(_digest(token)), f"{couple.id}:{pid}")
    pipe.execute()
    return token


def forget_tokens(redis, couple: Couple, pid: str) -> None:
    """Remove the partner's token, its index entry and any texted short link to their page
    ("forget me"; registered with privacy_hooks below)."""
    old = redis.hget(couple_key(couple.id, "feedtokens"), pid)
    if old:
        redis.delete(feed_token_key(_digest(old)))
        # Texted short links hold the token itself: dead already, but not left behind either.
        index = page_codes_key(_digest(old))
        pipe = redis.pipeline(transaction=False)
        for code in redis.smembers(index):
            pipe.delete(page_code_key(code))
        pipe.delete(index)
        pipe.execute()
    redis.hdel(couple_key(couple.id, "feedtokens"), pid)
    redis.delete(couple_key(couple.id, "feedcache", pid))  # the rendered feed names both of them


@dataclass(frozen=True)
class FeedLookup:
    """What a token leads to, and the cached feed's tag when the cache is still valid."""

    couple_id: str
    pid: str
    fresh_etag: str | None  # set when the cached render matches the couple's current version today


def lookup(redis, token: str, now: datetime) -> FeedLookup | None:
    """Resolve a token and check the cache in two round trips, without fetching the feed body.

    Calendar apps poll with If-None-Match; when the tag matches, nothing else is needed.
    """
    if not token or len(token) > 100:
        return None
    target = redis.get(feed_token_key(_digest(token)))
    if not target:
        return None
    couple_id, pid = target.split(":", 1)
    pipe = redis.pipeline(transaction=False)
    pipe.hget(couple_key(couple_id, "feedtokens"), pid)
    pipe.hget(couple_key(couple_id, "doc"), "v")
    pipe.hmget(couple_key(couple_id, "feedcache", pid), "version", "etag", "zone")
    stored, version, (cached_version, etag, zone) = pipe.execute()
    if not hmac.compare_digest((stored or "").encode(), token.encode()):
        return None
    fresh = None
    if cached_version and zone and version is not None:
        day = now.astimezone(get_zone(zone)).date().isoformat()
        fresh = etag if cached_version == f"{version}:{day}" else None
    return FeedLookup(couple_id, pid, fresh)


def couple_of(redis, found: FeedLookup) -> Couple | None:
    """The couple a looked-up token belongs to, or None once the couple or the partner is gone."""
    couple = CoupleRepository(redis).get(found.couple_id)
    return couple if couple is not None and found.pid in couple.partners else None


def render(redis, couple: Couple, pid: str, now: datetime, video_url: str | None = None) -> RenderedFeed:
    """The partner's feed, from cache when the couple has not changed today."""
    me = couple.partners[pid]
    zone = schedule.domain_partner(me).zone
    day = now.astimezone(get_zone(zone)).date().isoformat()
    cache = couple_key(couple.id, "feedcache", pid)
    version, etag, body = redis.hmget(cache, "version", "etag", "body")
    if body is not None and version == f"{couple.version}:{day}":
        return RenderedFeed(body.encode("utf-8"), etag)
    parts = _parts(couple, pid, now, video_url)
    events = feed_events(couple.id, sequences=None, **parts)  # built once: hashed, then rendered
    couple = _refresh_sequences(redis, couple, pid, now, events)
    mine = {uid.split(":", 1)[1]: item[1] for uid, item in couple.feed_items.items() if uid.startswith(f"{pid}:")}
    stamp = datetime.fromisoformat(couple.feed_stamp) if couple.feed_stamp else now
    data = render_calendar([replace(e, sequence=mine.get(e.uid, 0)) for e in events],
                           name=f"Closer: {parts['me'].name} & {parts['other'].name if parts['other'] else 'you'}",
                           now=stamp)
    etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
    redis.hset(cache, mapping={"version": f"{couple.version}:{day}", "etag": etag, "zone": zone,
                               "body": data.decode("utf-8")})
    return RenderedFeed(data, etag)


def _parts(couple: Couple, pid: str, now: datetime, video_url: str | None) -> dict:
    other = couple.other(pid)
    plan = schedule.stored_plan(couple)
    try:
        calendar = schedule.rituals(couple, now, call=plan)
    except SchedulingError:
        calendar = None  # no shared time for rituals: the feed still carries calls and visits
    me = couple.partners[pid]
    return dict(me=schedule.domain_partner(me),
                other=schedule.domain_partner(other) if other else None,
                plan=plan, visits=schedule.visits(couple),
                rituals=calendar.items if calendar else (), video_url=video_url or couple.video_url,
                clock_changes=schedule.clock_changes(couple, pid, now, days=365) if other else ())


def _refresh_sequences(redis, couple: Couple, pid: str, now: datetime, events) -> Couple:
    """Raise SEQUENCE on every item of this partner's feed whose content changed.

    Each partner's feed words things from their side ("7 PM for you"), so the stored content
    hashes are per partner: `"<pid>:<uid>" -> [hash, sequence]`.
    """
    changes = {}
    for event in events:
        key = f"{pid}:{event.uid}"
        previous_hash, previous_seq = couple.feed_items.get(key, (None, -1))
        content_hash, seq = next_sequence(previous_hash, previous_seq, event)
        if content_hash != previous_hash:
            changes[key] = [content_hash, seq]
    if not changes:
        return couple

    def apply(fresh: Couple) -> None:
        fresh.feed_items.update(changes)
        fresh.feed_stamp = now.isoformat()

    return CoupleRepository(redis).update(couple.id, apply)


def _register_privacy_hook() -> None:
    """The token index and short links live outside the couple's slot: "forget me" must reach them."""
    from . import privacy_hooks

    if forget_tokens not in privacy_hooks.FORGET:
        privacy_hooks.FORGET.append(forget_tokens)


_register_privacy_hook()
