"""`GET /page/<token>`: a partner's own page, on the same secret as their calendar feed.

The token is the only key, so the page is as private as the feed: an unknown or rotated token is
a plain 404 that says nothing about why, and the headers keep the URL out of caches, referrers
and search engines.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from .. import clock
from ..services import feeds, page
from ..store import get_redis

bp = Blueprint("page", __name__, template_folder="templates")

# The token is in the URL: never store the page, never send it on as a Referer, never index it.
# Only inline styles may load; no script, image, font, form target or framing.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
}


@bp.get("/page/<token>")
def partner_page(token: str):
    """The page of the partner the token belongs to."""
    redis = get_redis()
    now = clock.now()
    found = feeds.lookup(redis, token, now)
    if found is None:
        abort(404)
    couple = feeds.couple_of(redis, found)
    if couple is None:
        abort(404)
    texts = page.kept_texts(redis, current_app.extensions.get("closer.twilio"), couple.id, found.pid)
    links = feeds.subscription_links(current_app.config.get("CLOSER_PUBLIC_URL"), token)
    return render_template("couple_page.html", view=page.build(couple, found.pid, now, links, texts))


@bp.after_request
def private_headers(response):
    """The privacy headers, on the 404s too: their URL carries a token as well."""
    response.headers.update(HEADERS)
    return response
