"""`GET /calendar/<token>.ics`: a partner's subscribed calendar feed; `GET /c/<code>`: the short
link a text carries to the partner's page.

Calendar apps poll the feed every few hours; `If-None-Match` answers 304 from the cached ETag.
An unknown token or code is a plain 404 that says nothing about why.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, request

from .. import clock
from ..services import feeds
from ..store import get_redis

bp = Blueprint("calendar", __name__)
CACHE_CONTROL = "private, max-age=900"  # calendar apps ignore most of it; proxies must not share it


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """The feed for the partner the token belongs to."""
    redis = get_redis()
    now = clock.now()
    found = feeds.lookup(redis, token, now)
    if found is None:
        abort(404)
    if found.fresh_etag and request.if_none_match.contains_weak(found.fresh_etag.strip('"')):
        # The common case: a calendar app polling an unchanged feed (two Redis round trips).
        return Response(status=304, headers={"ETag": found.fresh_etag, "Cache-Control": CACHE_CONTROL})
    couple = feeds.couple_of(redis, found)
    if couple is None:
        abort(404)
    rendered = feeds.render(redis, couple, found.pid, now, current_app.config.get("CLOSER_VIDEO_URL"))
    headers = {"ETag": rendered.etag, "Cache-Control": CACHE_CONTROL}
    if request.if_none_match.contains_weak(rendered.etag.strip('"')):
        return Response(status=304, headers=headers)
    return Response(rendered.body, mimetype="text/calendar", headers=headers,
                    content_type="text/calendar; charset=utf-8")


@bp.get("/c/<code>")
def short_page_link(code: str):
    """The short link from a text: on to the partner's page (which checks the token itself)."""
    token = feeds.token_for_code(get_redis(), code)
    if token is None:
        abort(404)
    response = redirect(f"/page/{token}", code=302)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
