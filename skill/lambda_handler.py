"""AWS Lambda entry points: `alexa` (the skill, invoked directly) and `dispatch` (one nudge tick).

The third function, `web`, is serverless-wsgi's handler around `skill.wsgi.app` (serverless.yml).

Each container builds one app, on its first invocation rather than at import, so a bad setting
surfaces as a logged invocation error and tests can build apps with their own environment.
Lambda's trigger permission already limits who may invoke `alexa` to our skill, so there is no
signature check here (that is for the HTTPS endpoint); the skill id is still checked in code.
"""
from __future__ import annotations

import logging
import os
import time

log = logging.getLogger("skill.lambda")
_CACHE: dict = {}  # "app" -> the container's Flask app


class SkillIdMismatch(Exception):
    """The request names another skill (or none): it gets no response at all."""


# Settings that have a local fallback but none that works on Lambda, and why.
REQUIRED = {
    "REDIS_URL": "Lambda has no embedded Redis; point it at a Redis server",
    # A per-process random key would make one container's signed links fail in another.
    "SECRET_KEY": "every function must share one key for the links it signs",
}


def require_settings(environ=None) -> None:
    """Fail with a plain message naming every missing setting Lambda cannot do without."""
    env = os.environ if environ is None else environ
    missing = [f"{name} is not set: {why}" for name, why in REQUIRED.items() if not env.get(name)]
    if missing:
        raise RuntimeError("; ".join(missing) + " (see docs/deploy.md)")


def prepare_environment() -> None:
    """Checks and logging set-up shared by every function running on Lambda."""
    require_settings()
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        # Lambda's runtime puts its own handler on the root logger; our JSON lines would appear
        # twice in CloudWatch if they propagated to it.
        logging.getLogger("skill").propagate = False


def get_app():
    """The container's app, built on the first call and reused after."""
    app = _CACHE.get("app")
    if app is None:
        prepare_environment()
        from . import create_app

        app = _CACHE["app"] = create_app()
    return app


def reset() -> None:
    """Forget the cached app, stopping its dispatcher threads and closing its Redis client."""
    app = _CACHE.pop("app", None)
    if app is None:
        return
    dispatcher = app.extensions.get("closer.dispatcher")
    if dispatcher is not None:
        dispatcher.close()
    app.extensions["closer.redis"].close()


def _aws_request_id(context) -> str | None:
    return getattr(context, "aws_request_id", None)


def _intent_label(request: dict) -> str:
    """Request type or intent name (never slot values)."""
    intent = request.get("intent") if isinstance(request.get("intent"), dict) else None
    return (intent or {}).get("name") or request.get("type") or "unknown"


def _application_id(event: dict) -> str | None:
    try:
        return event["context"]["System"]["application"]["applicationId"]
    except (KeyError, TypeError):
        return None


def alexa(event: dict, context) -> dict:
    """Handle one Alexa request envelope; return the response envelope as a dict.

    A request for another skill raises `SkillIdMismatch`: Alexa then treats the skill as
    failed, which is what a foreign request deserves (ask-sdk's own skill id check does the same).
    """
    from ask_sdk_model import RequestEnvelope

    from .alexa.serializer import SERIALIZER

    started = time.perf_counter()
    app = get_app()
    request = event.get("request") if isinstance(event, dict) else None
    request = request if isinstance(request, dict) else {}
    line = {"request_id": request.get("requestId"), "lambda_request_id": _aws_request_id(context),
            "intent": _intent_label(request)}
    expected = app.config.get("ALEXA_SKILL_ID")
    if not expected or _application_id(event) != expected:
        reason = "skill id not configured" if not expected else "skill id mismatch"
        log.warning("alexa request rejected", extra={**line, "reason": reason})
        raise SkillIdMismatch(reason)
    envelope = SERIALIZER.deserialize_parsed(event, RequestEnvelope)
    with app.app_context():
        response = app.extensions["closer.alexa"].invoke(request_envelope=envelope, context=context)
    body = SERIALIZER.serialize(response)
    log.info("alexa", extra={**line, "ms": round((time.perf_counter() - started) * 1000, 2)})
    return body


def dispatch(event: dict, context) -> dict:
    """Run one nudge dispatcher tick (the EventBridge schedule calls this each minute)."""
    from .nudges.dispatcher import dispatch_once

    started = time.perf_counter()
    app = get_app()
    summary = dispatch_once(app).as_dict()
    counts = {k: v for k, v in summary.items() if isinstance(v, int)}
    log.info("dispatch", extra={"lambda_request_id": _aws_request_id(context),
                                "event_id": (event or {}).get("id"), **counts,
                                "ms": round((time.perf_counter() - started) * 1000, 2)})
    return summary
