"""Assemble the ask-sdk skill: persistence, API client, interceptors, handlers in dispatch order."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model.dialog import ElicitSlotDirective

from ..store.persistence import RedisPersistenceAdapter
from .api_client import TimeoutApiClient
from .context import load_visit
from .handlers.base import DIALOG, PENDING
from .handlers import reminders  # noqa: F401  (registers its yes-actions; no handlers)
from .handlers import (appreciation, builtins, calendar, delivery, errors, free_hours, jar, launch, missing, notes,
                       pairing, practices, privacy, prompts, safety, schedule, together)


class LoadVisit(AbstractRequestInterceptor):
    """Build the per-request Visit before any handler runs (SafetyIntent skips the store)."""

    def process(self, handler_input):
        request = handler_input.request_envelope.request
        intent = getattr(request, "intent", None)
        if intent is not None and intent.name == "SafetyIntent":
            return
        if request.object_type == "SessionEndedRequest":
            return
        load_visit(handler_input)


class TakeQuestion(AbstractRequestInterceptor):
    """Move the previous reply's yes/no question (base.PENDING) out of the session into this
    request's attributes: it answers this turn or none."""

    def process(self, handler_input):
        if handler_input.request_envelope.session is None:
            return  # a skill event, out of any session
        manager = handler_input.attributes_manager
        question = manager.session_attributes.pop(PENDING, None)
        if question is not None:
            manager.request_attributes[PENDING] = question


class RememberTurn(AbstractResponseInterceptor):
    """Keep the last speech in the session so "repeat that" works, and forget the dialog's
    question (base.DIALOG) once a reply no longer asks one."""

    def process(self, handler_input, response):
        if response is None or handler_input.request_envelope.session is None:
            return
        attributes = handler_input.attributes_manager.session_attributes
        if response.output_speech is not None and response.should_end_session is not True:
            speech = getattr(response.output_speech, "ssml", None) or ""
            attributes["last_speech"] = speech.removeprefix("<speak>").removesuffix("</speak>")
        if DIALOG in attributes and not any(isinstance(d, ElicitSlotDirective) for d in response.directives or ()):
            del attributes[DIALOG]


def feature_modules() -> list:
    """Handler modules in dispatch order; safety first so it always wins."""
    return [safety, launch, pairing, prompts, appreciation, missing, notes, delivery, practices, jar, schedule,
            free_hours, calendar, together, privacy, builtins]


def build_skill(app):
    """Build the CustomSkill for `app` (its Redis must already be attached)."""
    builder = CustomSkillBuilder(
        persistence_adapter=RedisPersistenceAdapter(app.extensions["closer.redis"]),
        api_client=TimeoutApiClient(ca_bundle=app.config.get("CLOSER_ALEXA_API_CA")),
    )
    builder.add_global_request_interceptor(TakeQuestion())
    builder.add_global_request_interceptor(LoadVisit())
    builder.add_global_response_interceptor(delivery.OfferWhatWaits())  # before RememberTurn: its question is repeatable
    builder.add_global_response_interceptor(RememberTurn())
    for module in feature_modules():
        for handler in module.HANDLERS:
            builder.add_request_handler(handler)
    for handler in builtins.LAST:
        builder.add_request_handler(handler)
    for handler in errors.HANDLERS:
        builder.add_exception_handler(handler)
    if app.config.get("CLOSER_VERIFY_SIGNATURES", True):
        from .verification import CertificateCache

        app.extensions["closer.alexa_certs"] = CertificateCache()
    return builder.create()
