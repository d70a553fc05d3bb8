"""The Alexa side of Closer: the `POST /alexa` endpoint and the ask-sdk skill behind it."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def init_app(app) -> None:
    """Build the skill once per app and register the endpoint."""
    from ..store.hints import CoupleHints
    from .endpoint import bp
    from .skill_factory import build_skill

    app.extensions["closer.alexa"] = build_skill(app)
    app.extensions["closer.couple_hints"] = CoupleHints(app.config.get("CLOSER_COUPLE_HINTS", 10_000))
    if not app.config.get("CLOSER_VERIFY_SIGNATURES", True):
        log.warning(
            "Alexa request signature checks are OFF (CLOSER_VERIFY_SIGNATURES=0): "
            "use this only for local development"
        )
    app.register_blueprint(bp)
