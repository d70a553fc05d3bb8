"""`GET /privacy` and `GET /terms`: the public privacy policy and terms of use.

The skill manifest links to both (`closer skill-package --public-url`), and Alexa certification
reads them. They need no store. The figures the policy quotes (how long things are kept) are
read from the constants the code itself uses, so the page cannot drift from what the code does.
"""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, render_template

from ..nudges import voice
from ..services import answers, checkins, feeds, jar, pairing, relay, warmth
from .page import HEADERS as PAGE_HEADERS

bp = Blueprint("legal", __name__, template_folder="templates")
log = logging.getLogger(__name__)
_WARNED = "closer.contact_warned"

UPDATED = "2026-11-24"
# Text records expire 120 days after they are scheduled (the EXPIRE in skill/nudges/scripts.py's
# SCHEDULE script; tests/test_public_pages.py checks the two agree).
TEXT_RECORD_DAYS = 120

# The security headers of the partner's page, without the two that exist only because its URL
# carries a secret (no-store, noindex): these pages are public and may be cached and indexed.
HEADERS = {name: value for name, value in PAGE_HEADERS.items() if name not in ("Cache-Control", "X-Robots-Tag")}


def kept() -> dict[str, int | str]:
    """How long, or how many of, each kind of data is kept, from the code's own constants."""
    return {
        "answer_days": answers.KEEP.days,
        "appreciations": checkins.KEEP,
        "jar_ideas": jar.MAX_IDEAS,
        "waiting": relay.MAX_WAITING,
        "warmth_days": warmth.KEEP_DAYS,
        "pairing_minutes": pairing.CODE_TTL_SECONDS // 60,
        "short_link_days": feeds.SHORT_LINK_DAYS,
        "voice_note_days": voice.LINK_DAYS,
        "voice_note_minutes": f"{voice.MAX_SECONDS / 60:g}",
        "text_days": TEXT_RECORD_DAYS,
    }


@bp.get("/privacy")
def privacy():
    """The privacy policy."""
    return render_template("privacy.html", updated=UPDATED, kept=kept(), contact=_contact())


@bp.get("/terms")
def terms():
    """The terms of use."""
    return render_template("terms.html", updated=UPDATED, contact=_contact())


def _contact() -> str | None:
    """The address people write to about their data (CLOSER_CONTACT_EMAIL), if one is set. A
    public deployment without one is told once per process, when a page first shows its absence
    (certification reads these pages; the command line, which builds the same app, stays quiet)."""
    contact = current_app.config.get("CLOSER_CONTACT_EMAIL")
    if not contact and current_app.config.get("CLOSER_PUBLIC_URL") and not current_app.extensions.get(_WARNED):
        current_app.extensions[_WARNED] = True
        log.warning("CLOSER_CONTACT_EMAIL is not set: the privacy policy and terms give no contact address")
    return contact


@bp.after_request
def security_headers(response):
    """The same security headers as the partner's page (no scripts, no framing, no sniffing)."""
    response.headers.update(HEADERS)
    return response
