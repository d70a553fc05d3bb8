"""`POST /alexa`: verify, dispatch to the skill, answer with a response envelope.

Verification failures and envelopes that are not Alexa requests at all get HTTP 400. Anything that
goes wrong once a request is understood is turned into a spoken apology by the skill's exception
handlers, so Alexa always receives a valid response.
"""
from __future__ import annotations

import json
import logging

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_model import RequestEnvelope
from flask import Blueprint, abort, current_app, g, jsonify, request

from .. import clock
from .serializer import SERIALIZER

bp = Blueprint("alexa", __name__)
log = logging.getLogger(__name__)


def _verified_payload(body: bytes) -> dict:
    """Check the request came from Alexa (unless turned off) and return the parsed JSON."""
    if current_app.config.get("CLOSER_VERIFY_SIGNATURES", True):
        from .verification import VerificationError, verify_request

        try:
            return verify_request(
                headers=request.headers,
                body=body,
                skill_id=current_app.config.get("ALEXA_SKILL_ID"),
                now=clock.now(),
                cache=current_app.extensions["closer.alexa_certs"],
            )
        except VerificationError as exc:
            log.warning("alexa request rejected", extra={"reason": exc.reason})
            abort(400, description="request verification failed")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        abort(400, description="body is not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("request"), dict):
        abort(400, description="not an Alexa request envelope")
    return payload


@bp.post("/alexa")
def alexa():
    """Handle one Alexa request."""
    payload = _verified_payload(request.get_data(cache=False))
    try:
        envelope = SERIALIZER.deserialize(json.dumps(payload), RequestEnvelope)
    except (SerializationException, TypeError, ValueError, AttributeError):
        abort(400, description="malformed Alexa request envelope")
    if envelope.request is None or envelope.context is None:
        abort(400, description="Alexa request envelope lacks request or context")
    g.intent = _intent_label(envelope)
    response = current_app.extensions["closer.alexa"].invoke(request_envelope=envelope, context=None)
    return jsonify(SERIALIZER.serialize(response))


def _intent_label(envelope) -> str:
    """Request type or intent name, for the access log (never slot values)."""
    req = envelope.request
    intent = getattr(req, "intent", None)
    return intent.name if intent is not None and intent.name else req.object_type
