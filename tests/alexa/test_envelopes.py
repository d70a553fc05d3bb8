"""Request envelopes deserialize into ask-sdk models with nothing unknown; Conversation plays a
real ask-sdk skill (built here) through sessions, ElicitSlot and Delegate dialogs."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model.dialog import DelegateDirective, ElicitSlotDirective
from ask_sdk_model.ui import SimpleCard

from skill.alexa import envelopes
from skill.alexa.conversation import Conversation, plain_speech
from skill.skill_package import load_model

SERIALIZER = DefaultSerializer()
MODEL = load_model("en-US")
NOW = datetime(2026, 11, 24, 20, 15, 7, tzinfo=timezone.utc)
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000001"
CALLER = dict(user_id="amzn1.ask.account.TESTUSER", device_id="amzn1.ask.device.TESTDEVICE", locale="en-GB",
              timestamp=NOW, skill_id=SKILL_ID)
# Real Alexa sends these, but ask_sdk_model 1.82 has no field for them.
KNOWN_EXTRAS = {("SkillDisabledRequest", "body"), ("LaunchRequest", "shouldLinkResultBeReturned")}


def deserialize(envelope: dict):
    return SERIALIZER.deserialize(json.dumps(envelope), "ask_sdk_model.RequestEnvelope")


def unknown_keys(obj, path="envelope") -> list[str]:
    """Keys the ask-sdk model did not recognise (the serializer keeps them as stray attributes)."""
    if isinstance(obj, list):
        return [u for i, item in enumerate(obj) for u in unknown_keys(item, f"{path}[{i}]")]
    if isinstance(obj, dict):
        return [u for k, v in obj.items() for u in unknown_keys(v, f"{path}.{k}")]
    declared = getattr(type(obj), "deserialized_types", None)
    if declared is None:
        return []
    found = []
    for key, value in vars(obj).items():
        if key.startswith("_"):
            continue
        if key not in declared and (type(obj).__name__, key) not in KNOWN_EXTRAS:
            found.append(f"{path}.{key}")
        found += unknown_keys(value, f"{path}.{key}")
    return found


BUILDERS = {
    "launch": lambda: envelopes.launch_request(**CALLER),
    "launch on a screen": lambda: envelopes.launch_request(**CALLER, supports_apl=True, person_id="amzn1.ask.person.P"),
    "intent": lambda: envelopes.intent_request("AnswerPromptIntent", {"answer": "we're good"}, model=MODEL, **CALLER),
    "intent with custom slot": lambda: envelopes.intent_request(
        "PlanCallIntent", {"day": "tues", "time": "19:00"}, dialog_state="STARTED", model=MODEL, **CALLER),
    "intent, no model": lambda: envelopes.intent_request("AMAZON.StopIntent", **CALLER, consent_token="tok"),
    "session ended": lambda: envelopes.session_ended_request(
        "ERROR", error={"type": "INVALID_RESPONSE", "message": "bad"}, **CALLER),
    **{f"event {e}": (lambda e=e: envelopes.skill_event(e, **CALLER)) for e in envelopes.SKILL_EVENTS},
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_builder_deserializes_cleanly(name):
    envelope = BUILDERS[name]()
    model = deserialize(envelope)
    assert unknown_keys(model) == []
    assert model.version == "1.0"
    assert model.request.timestamp == NOW.replace(microsecond=0)
    assert model.request.locale == "en-GB"
    assert model.context.system.application.application_id == SKILL_ID
    assert model.context.system.user.user_id == CALLER["user_id"]
    assert model.context.system.device.device_id == CALLER["device_id"]
    assert model.context.system.api_endpoint == "https://api.amazonalexa.com"
    assert model.context.system.api_access_token
    assert envelope["request"]["timestamp"] == "2026-11-24T20:15:07Z"


def test_launch_on_a_screen_has_apl_and_viewport():
    model = deserialize(BUILDERS["launch on a screen"]())
    assert model.context.system.device.supported_interfaces.alexa_presentation_apl.runtime.max_version
    assert model.context.viewport.pixel_width == 1280 and model.context.viewports[0].object_type == "APL"
    assert model.context.system.person.person_id == "amzn1.ask.person.P"
    assert model.session.new is True and model.session.session_id.startswith("amzn1.echo-api.session.")


def test_speaker_without_screen_has_no_apl():
    model = deserialize(BUILDERS["launch"]())
    assert model.context.system.device.supported_interfaces.alexa_presentation_apl is None
    assert model.context.viewport is None


def test_custom_slot_carries_entity_resolution():
    request = deserialize(BUILDERS["intent with custom slot"]()).request
    day = request.intent.slots["day"]
    assert day.value == "tues" and request.dialog_state.value == "STARTED"
    authority = day.resolutions.resolutions_per_authority[0]
    assert authority.authority == f"amzn1.er-authority.echo-sdk.{SKILL_ID}.DayOfWeek"
    assert authority.status.code.value == "ER_SUCCESS_MATCH"
    assert (authority.values[0].value.name, authority.values[0].value.id) == ("tuesday", "TUESDAY")
    assert day.slot_value.resolutions.resolutions_per_authority[0].status.code.value == "ER_SUCCESS_MATCH"


def test_unknown_custom_value_is_no_match():
    envelope = envelopes.intent_request("PlanCallIntent", {"day": "someday"}, model=MODEL, **CALLER)
    authority = deserialize(envelope).request.intent.slots["day"].resolutions.resolutions_per_authority[0]
    assert authority.status.code.value == "ER_SUCCESS_NO_MATCH" and authority.values is None


def test_model_adds_the_declared_slots_empty():
    slots = deserialize(BUILDERS["intent"]()).request.intent.slots
    assert slots["answer"].value == "we're good"
    envelope = envelopes.intent_request("SoftCheckInIntent", {"need": "sleep"}, model=MODEL, **CALLER)
    slots = deserialize(envelope).request.intent.slots
    assert slots["appreciation"].value is None and slots["appreciation"].confirmation_status.value == "NONE"


def test_session_is_carried_over():
    session = {"new": False, "sessionId": "amzn1.echo-api.session.S", "attributes": {"last": "prompt"}}
    model = deserialize(envelopes.launch_request(**CALLER, session=session))
    assert (model.session.new, model.session.session_id, model.session.attributes) == (False, "amzn1.echo-api.session.S",
                                                                                         {"last": "prompt"})


def test_skill_events_have_no_session_and_their_body():
    model = deserialize(envelopes.skill_event("AlexaSkillEvent.SkillDisabled", **CALLER, session={"new": True}))
    assert model.session is None and model.request.object_type == "AlexaSkillEvent.SkillDisabled"
    accepted = deserialize(envelopes.skill_event("SkillPermissionAccepted", **CALLER)).request
    assert "alexa::profile:given_name:read" in [p.scope for p in accepted.body.accepted_permissions]
    with pytest.raises(ValueError):
        envelopes.skill_event("SkillLoved", **CALLER)


def test_naive_timestamps_count_as_utc():
    assert envelopes.alexa_timestamp(datetime(2026, 3, 29, 1, 30)) == "2026-03-29T01:30:00Z"
    assert envelopes.alexa_timestamp(datetime(2026, 3, 29, 3, 30, tzinfo=timezone(timedelta(hours=2)))) == \
        "2026-03-29T01:30:00Z"


@pytest.mark.parametrize("speech,text", [
    ({"type": "SSML", "ssml": "<speak>Hello <break time=\"2s\"/> there &amp; welcome .</speak>"}, "Hello there & welcome."),
    ({"type": "PlainText", "text": " Hi "}, "Hi"),
    (None, ""),
])
def test_plain_speech(speech, text):
    assert plain_speech(speech) == text


# --- Conversation against a real ask-sdk skill ----------------------------------------------


class Handler(AbstractRequestHandler):
    def __init__(self, match, handle):
        self.match, self._handle = match, handle

    def can_handle(self, handler_input):
        return self.match(handler_input)

    def handle(self, handler_input):
        return self._handle(handler_input)


def get_slot_value(h, name):
    return h.request_envelope.request.intent.slots[name].value


def _count(h):
    attrs = h.attributes_manager.session_attributes
    attrs["turns"] = attrs.get("turns", 0) + 1
    return attrs["turns"]


def _check_in(h):
    _count(h)
    intent = h.request_envelope.request.intent
    for name in ("need", "appreciation"):
        if not get_slot_value(h, name):
            question = {"need": "What do you need?", "appreciation": "What do you appreciate?"}[name]
            return h.response_builder.speak(question).ask(question).add_directive(
                ElicitSlotDirective(updated_intent=intent, slot_to_elicit=name)).response
    return h.response_builder.speak(
        f"Noted: {get_slot_value(h, 'need')} and {get_slot_value(h, 'appreciation')}.").set_should_end_session(True).response


def _appreciation(h):
    request = h.request_envelope.request
    if request.dialog_state.value != "COMPLETED":
        return h.response_builder.add_directive(DelegateDirective(updated_intent=request.intent)).response
    return h.response_builder.speak(f"Thanks for {get_slot_value(h, 'appreciation')}.").response


def _turns(h):
    return f"turn {_count(h)}"


HANDLERS = [
    (lambda h: h.request_envelope.request.object_type.startswith("AlexaSkillEvent."), lambda h: h.response_builder.response),
    (is_request_type("LaunchRequest"), lambda h: h.response_builder.speak(f"Welcome, {_turns(h)}.").ask("Well?").response),
    (is_intent_name("SoftCheckInIntent"), _check_in),
    (is_intent_name("AppreciationIntent"), _appreciation),
    (is_intent_name("PlanCallIntent"), lambda h: h.response_builder.speak(
        h.request_envelope.request.intent.slots["day"].resolutions.resolutions_per_authority[0].values[0].value.name
        + f" at {get_slot_value(h, 'time')}, {_turns(h)}").ask("More?").response),
    (is_intent_name("AMAZON.StopIntent"), lambda h: h.response_builder.speak("<break time=\"1s\"/>Bye &amp; see you.")
     .set_card(SimpleCard("Closer", "bye")).set_should_end_session(True).response),
    (lambda h: True, lambda h: h.response_builder.speak(f"Heard {h.request_envelope.request.object_type}, {_turns(h)}.")
     .ask("Anything else?").response),
]


@pytest.fixture
def talk():
    builder = SkillBuilder()
    for match, handle in HANDLERS:
        builder.add_request_handler(Handler(match, handle))
    skill = builder.create()
    received = []

    def send(envelope: dict) -> dict:
        request = deserialize(envelope)
        received.append(request)
        return SERIALIZER.serialize(skill.invoke(request_envelope=request, context=None))

    clock = iter(NOW + timedelta(seconds=i) for i in range(1000))
    conversation = Conversation(send, model=MODEL, skill_id=SKILL_ID, user_id=CALLER["user_id"],
                                device_id=CALLER["device_id"], locale="en-US", clock=lambda: next(clock))
    conversation.received = received
    return conversation


def test_launch_then_intents_share_one_session(talk):
    assert talk.say("Alexa, open closer together").speech_text == "Welcome, turn 1."
    turn = talk.say("plan our standing call on tues at 7 pm")
    assert turn.speech_text == "tuesday at 19:00, turn 2"  # session attributes came back
    first, second = talk.received
    assert first.request.object_type == "LaunchRequest" and first.session.new is True
    assert second.session.new is False and second.session.session_id == first.session.session_id
    assert second.request.timestamp > first.request.timestamp


def test_stop_ends_the_session_and_strips_ssml(talk):
    talk.launch()
    turn = talk.say("stop")
    assert (turn.speech_text, turn.should_end_session, turn.card["title"]) == ("Bye & see you.", True, "Closer")
    assert not talk.session_open
    talk.say("what's tonight's prompt")  # a fresh invocation opens a new session
    assert talk.received[-1].session.new is True
    assert talk.received[-1].session.session_id != talk.received[0].session.session_id


def test_one_shot_ask_opens_a_session_with_the_intent(talk):
    talk.say("ask closer together to start the six week plan")
    request = talk.received[-1]
    assert request.session.new is True and request.request.intent.name == "PlanStartIntent"


def test_elicit_slot_fills_slots_in_turn(talk):
    assert talk.say("let's do a soft check in").speech_text == "What do you need?"
    assert talk.expecting == ("SoftCheckInIntent", "need")
    assert talk.say("I need more sleep").speech_text == "What do you appreciate?"
    turn = talk.say("your patience")
    assert turn.speech_text == "Noted: more sleep and your patience."
    states = [r.request.dialog_state.value for r in talk.received]
    assert states == ["STARTED", "IN_PROGRESS", "IN_PROGRESS"]
    assert talk.received[-1].request.intent.slots["need"].value == "more sleep"


def test_safety_words_escape_a_dialog(talk):
    talk.say("let's do a soft check in")
    talk.say("I'm scared at home")
    assert talk.received[-1].request.intent.name == "SafetyIntent"
    assert talk.expecting is None


def test_delegate_speaks_the_model_prompt_then_completes(talk):
    turn = talk.say("I want to share an appreciation")
    assert turn.speech_text == "What did you appreciate about your partner today?"
    turn = talk.say("the voice note this morning")
    assert turn.speech_text == "Thanks for the voice note this morning."
    assert [r.request.dialog_state.value for r in talk.received] == ["STARTED", "IN_PROGRESS", "COMPLETED"]


def test_exit_and_silence_send_session_ended(talk):
    talk.launch()
    talk.say("exit")
    assert talk.received[-1].request.reason.value == "USER_INITIATED" and not talk.session_open
    talk.launch()
    talk.silence()
    assert talk.received[-1].request.reason.value == "EXCEEDED_MAX_REPROMPTS"
    assert talk.silence() is None


def test_skill_event_is_out_of_session(talk):
    talk.event("SkillDisabled")
    assert talk.received[-1].session is None
