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
    # ValueError covers bad UTF-8 and bad JSON; very deep nesting raises RecursionError.
    except (ValueError, RecursionError):
        abort(400, description="body is not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("request"), dict):
        abort(400, description="not an Alexa request envelope")
    return payload


@bp.post("/alexa")
def alexa():
    """Handle one Alexa request."""
    payload = _verified_payload(request.get_data(cache=False))
    try:
        # The JSON parsed from the verified bytes is what becomes the envelope: it is parsed once,
        # and nothing but what was signed reaches the handlers.
        envelope = SERIALIZER.deserialize_parsed(payload, RequestEnvelope)
    except (SerializationException, TypeError, ValueError, AttributeError):
        abort(400, description="malformed Alexa request envelope")
    if not _complete(envelope):
        abort(400, description="Alexa request envelope lacks request, context.System or its user")
    g.intent = _intent_label(envelope)
    try:
        response = current_app.extensions["closer.alexa"].invoke(request_envelope=envelope, context=None)
    except Exception:  # ask-sdk failed outside our handlers: still answer Alexa properly
        log.exception("skill dispatch failed", extra={"intent": g.intent})
        return jsonify(_apology())
    return jsonify(SERIALIZER.serialize(response))


def _complete(envelope) -> bool:
    """The parts every handler and ask-sdk itself rely on are present and of the right type."""
    system = getattr(envelope.context, "system", None)
    user = getattr(system, "user", None)
    return (envelope.request is not None and getattr(envelope.request, "object_type", None) is not None
            and system is not None and user is not None and isinstance(getattr(user, "user_id", None), str))


def _apology() -> dict:
    from .speech import line, ssml

    return {"version": "1.0", "response": {
        "outputSpeech": {"type": "SSML", "ssml": f"<speak>{ssml(line('error'))}</speak>"},
        "shouldEndSession": True}}


def _intent_label(envelope) -> str:
    """Request type or intent name, for the access log (never slot values)."""
    req = envelope.request
    name = getattr(getattr(req, "intent", None), "name", None)
    return name if isinstance(name, str) and name else str(req.object_type)
