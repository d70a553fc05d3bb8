"""Real Alexa request envelopes (the JSON Alexa POSTs, version "1.0"), for tests and `closer say`.

Every builder takes the same keyword arguments describing who is speaking and on what device
(`user_id, device_id, locale, timestamp, skill_id, api_endpoint, api_access_token, session,
supports_apl, person_id`, plus optional `request_id` and `consent_token`). Envelopes deserialize
with ask-sdk's `DefaultSerializer` into `ask_sdk_model.RequestEnvelope`.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Mapping

from .utterances import custom_value, language_model

DEFAULT_API_ENDPOINT = "https://api.amazonalexa.com"
DEFAULT_API_ACCESS_TOKEN = "test-api-access-token"  # opaque to the skill; real ones are JWTs
APL_MAX_VERSION = "2023.3"
SKILL_EVENTS = ("SkillEnabled", "SkillDisabled", "SkillPermissionAccepted", "SkillPermissionChanged",
                "SkillAccountLinked")
DEFAULT_GRANTED_SCOPES = ("alexa::profile:given_name:read", "alexa::profile:mobile_number:read",
                          "alexa::alerts:reminders:skill:readwrite")


def new_session(attributes: dict | None = None) -> dict:
    """A session as the first request of a conversation carries it."""
    return {"new": True, "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}", "attributes": attributes or {}}


def alexa_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second, as Alexa writes it (naive times count as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _viewport() -> tuple[dict, list]:
    """An Echo Show 8 style screen: the legacy `Viewport` and the typed `Viewports` list."""
    legacy = {"experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False,
                               "canResize": False}],
              "mode": "HUB", "shape": "RECTANGLE", "pixelWidth": 1280, "pixelHeight": 800, "dpi": 160,
              "currentPixelWidth": 1280, "currentPixelHeight": 800, "touch": ["SINGLE"], "keyboard": [],
              "video": {"codecs": ["H_264_42", "H_264_41"]}}
    typed = [{"type": "APL", "id": "main", "shape": "RECTANGLE", "dpi": 160, "presentationType": "STANDARD",
              "canRotate": False, "configuration": {"current": {
                  "mode": "HUB", "video": {"codecs": ["H_264_42", "H_264_41"]},
                  "size": {"type": "DISCRETE", "pixelWidth": 1280, "pixelHeight": 800}}}}]
    return legacy, typed


def _envelope(request: dict, *, user_id: str, device_id: str, locale: str, timestamp: datetime,
              skill_id: str, api_endpoint: str = DEFAULT_API_ENDPOINT,
              api_access_token: str = DEFAULT_API_ACCESS_TOKEN, session: dict | None = None,
              supports_apl: bool = False, person_id: str | None = None, request_id: str | None = None,
              consent_token: str | None = None, with_session: bool = True) -> dict:
    user = {"userId": user_id}
    if consent_token:
        user["permissions"] = {"consentToken": consent_token}
    interfaces: dict = {"AudioPlayer": {}}
    if supports_apl:
        interfaces["Alexa.Presentation.APL"] = {"runtime": {"maxVersion": APL_MAX_VERSION}}
    system = {"application": {"applicationId": skill_id}, "user": dict(user),
              "device": {"deviceId": device_id, "supportedInterfaces": interfaces},
              "apiEndpoint": api_endpoint, "apiAccessToken": api_access_token}
    if person_id:
        system["person"] = {"personId": person_id}
    context: dict = {"System": system}
    if supports_apl:
        context["Viewport"], context["Viewports"] = _viewport()
    request = {"requestId": request_id or f"amzn1.echo-api.request.{uuid.uuid4()}",
               "timestamp": alexa_timestamp(timestamp), "locale": locale, **request}
    envelope: dict = {"version": "1.0"}
    if with_session:
        given = session if session is not None else new_session()
        envelope["session"] = {"new": bool(given.get("new", True)),
                               "sessionId": given.get("sessionId") or new_session()["sessionId"],
                               "application": {"applicationId": skill_id},
                               "attributes": dict(given.get("attributes") or {}), "user": user}
    envelope["context"] = context
    envelope["request"] = request
    return envelope


def launch_request(**caller) -> dict:
    """"Alexa, open closer together"."""
    return _envelope({"type": "LaunchRequest", "shouldLinkResultBeReturned": False}, **caller)


def slot_json(name: str, value: str | None, *, slot_type: str | None = None, model: dict | None = None,
              skill_id: str = "", confirmation_status: str = "NONE") -> dict:
    """One slot as Alexa sends it; custom types get entity resolutions from `model`."""
    slot: dict = {"name": name, "confirmationStatus": confirmation_status}
    if value is None:
        return slot
    slot["value"] = value
    simple: dict = {"type": "Simple", "value": value}
    if model is not None and slot_type and not slot_type.startswith("AMAZON."):
        match = custom_value(model, slot_type, value)
        authority = {"authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}",
                     "status": {"code": "ER_SUCCESS_MATCH" if match else "ER_SUCCESS_NO_MATCH"}}
        if match:
            authority["values"] = [{"value": {"name": match[1], "id": match[0]}}]
        slot["resolutions"] = simple["resolutions"] = {"resolutionsPerAuthority": [authority]}
    slot["slotValue"] = simple
    return slot


def intent_request(intent: str, slots: Mapping[str, str | None] | None = None, *,
                   dialog_state: str | None = None, confirmation_status: str = "NONE",
                   slot_confirmations: Mapping[str, str] | None = None, model: dict | None = None,
                   **caller) -> dict:
    """An IntentRequest. `slots` holds what Alexa puts in `slot.value` (for a custom type, the
    words said). With `model`, every slot the intent declares is present (empty when not said,
    as Alexa sends them) and custom-type slots carry entity resolutions."""
    slots = dict(slots or {})
    types: dict[str, str] = {}
    if model is not None:
        for declared in language_model(model).get("intents", []):
            if declared["name"] == intent:
                types = {s["name"]: s["type"] for s in declared.get("slots", [])}
        slots = {**{name: None for name in types}, **slots}
    confirmations = slot_confirmations or {}
    body = {"name": intent, "confirmationStatus": confirmation_status}
    if slots:
        body["slots"] = {name: slot_json(name, value, slot_type=types.get(name), model=model,
                                         skill_id=caller.get("skill_id", ""),
                                         confirmation_status=confirmations.get(name, "NONE"))
                         for name, value in slots.items()}
    request: dict = {"type": "IntentRequest"}
    if dialog_state:  # Alexa sends it only for intents with a dialog model
        request["dialogState"] = dialog_state
    request["intent"] = body
    return _envelope(request, **caller)


def session_ended_request(reason: str = "USER_INITIATED", *, error: dict | None = None, **caller) -> dict:
    """SessionEndedRequest: USER_INITIATED ("exit"), EXCEEDED_MAX_REPROMPTS (silence) or ERROR."""
    request: dict = {"type": "SessionEndedRequest", "reason": reason}
    if error:
        request["error"] = error
    caller.setdefault("session", {"new": False})
    return _envelope(request, **caller)


def skill_event(event_type: str, *, body: dict | None = None, **caller) -> dict:
    """An AlexaSkillEvent (e.g. "SkillDisabled" or "AlexaSkillEvent.SkillDisabled"): no session."""
    short = event_type.removeprefix("AlexaSkillEvent.")
    if short not in SKILL_EVENTS:
        raise ValueError(f"unknown skill event {event_type!r}; expected one of {SKILL_EVENTS}")
    if body is None and short == "SkillDisabled":
        body = {"userInformationPersistenceStatus": "NOT_PERSISTED"}
    elif body is None and short.startswith("SkillPermission"):
        body = {"acceptedPermissions": [{"scope": s} for s in DEFAULT_GRANTED_SCOPES]}
    when = alexa_timestamp(caller["timestamp"])
    request: dict = {"type": f"AlexaSkillEvent.{short}", "eventCreationTime": when, "eventPublishingTime": when}
    if body is not None:
        request["body"] = body
    caller.pop("session", None)
    return _envelope(request, with_session=False, **caller)
