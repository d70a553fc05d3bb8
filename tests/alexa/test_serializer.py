"""Our serializer builds exactly what ask-sdk's own DefaultSerializer builds, only faster."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from hypothesis import given
from hypothesis import strategies as st

from skill.alexa import serializer as serializer_module
from skill.alexa.serializer import SERIALIZER, AlexaSerializer

from .test_envelopes import BUILDERS, MODEL, CALLER
from skill.alexa import envelopes

STOCK = DefaultSerializer()
MORE = {
    "check-in dialog": lambda: envelopes.intent_request(
        "SoftCheckInIntent", {"need": "an early night", "appreciation": "the soup"}, dialog_state="IN_PROGRESS",
        slot_confirmations={"need": "CONFIRMED"}, model=MODEL, **CALLER),
    "visit with a date": lambda: envelopes.intent_request(
        "AddVisitIntent", {"startDate": "2026-12-20", "endDate": "2027-01-03"}, confirmation_status="CONFIRMED",
        model=MODEL, **CALLER),
}


def test_the_ask_sdk_internals_we_build_on_are_there():
    # If this fails after upgrading ask-sdk-core, requests still work (stock behaviour), but the
    # speed-up is gone: adapt AlexaSerializer to the new internals.
    assert serializer_module._HOOKS_PRESENT


@pytest.mark.parametrize("name", sorted({**BUILDERS, **MORE}))
def test_same_models_as_default_serializer(name):
    envelope = {**BUILDERS, **MORE}[name]()
    text = json.dumps(envelope)
    expected = STOCK.deserialize(text, RequestEnvelope)
    assert SERIALIZER.deserialize(text, RequestEnvelope) == expected
    assert SERIALIZER.deserialize_parsed(json.loads(text), RequestEnvelope) == expected
    assert SERIALIZER.serialize(expected) == STOCK.serialize(expected)


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 12, 31)),
       st.sampled_from([0, 1, 3, 6]))
def test_alexa_timestamps_parse_to_the_same_instant(moment, digits):
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if digits:
        text += "." + f"{moment.microsecond:06d}"[:digits]
    text += "Z"
    ours = SERIALIZER._DefaultSerializer__deserialize_datetime(text, datetime)
    theirs = STOCK._DefaultSerializer__deserialize_datetime(text, datetime)
    assert ours == theirs and ours.utcoffset() == theirs.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", ["2026-11-24T16:36:01+01:00", "2026-11-24T16:36:01", "2026-11-24 16:36:01Z",
                                  "Tue, 24 Nov 2026 16:36:01 GMT", "2026-11-24T16:36:01.1234567Z"])
def test_other_timestamp_forms_go_to_dateutil(text):
    ours = SERIALIZER._DefaultSerializer__deserialize_datetime(text, datetime)
    theirs = STOCK._DefaultSerializer__deserialize_datetime(text, datetime)
    assert ours == theirs and ours.utcoffset() == theirs.utcoffset()


def test_a_bad_timestamp_still_fails_as_ask_sdk_fails():
    envelope = BUILDERS["launch"]()
    envelope["request"]["timestamp"] = "not a time"
    with pytest.raises(SerializationException):
        SERIALIZER.deserialize_parsed(envelope, RequestEnvelope)


def test_without_the_internals_envelopes_still_deserialize(monkeypatch):
    monkeypatch.setattr(serializer_module, "_HOOKS_PRESENT", False)
    envelope = BUILDERS["intent"]()
    assert SERIALIZER.deserialize_parsed(envelope, RequestEnvelope) == STOCK.deserialize(json.dumps(envelope),
                                                                                        RequestEnvelope)


def test_unknown_class_fails_every_time():
    # Failures are not cached: each lookup of a missing model raises again.
    for _ in range(2):
        with pytest.raises(SerializationException):
            AlexaSerializer().deserialize('{"a": 1}', "ask_sdk_model.NoSuchModel")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
PLACES = [("request",), ("request", "intent"), ("request", "intent", "slots"), ("context", "System"),
          ("context", "System", "device"), ("session",), ("session", "attributes"), ("context",), ()]


def _outcome(call):
    try:
        return "ok", call()
    except Exception as exc:  # noqa: BLE001 — the type is what is compared
        return "raised", type(exc)


@given(st.sampled_from(PLACES), st.text(max_size=12), JSON_VALUES, st.sampled_from(sorted({**BUILDERS, **MORE})))
def test_odd_envelopes_get_the_same_answer_as_from_ask_sdk(place, key, value, name):
    """Unknown keys, wrong types, lists for objects: whatever ask-sdk's serializer makes of an
    envelope (a model, or an exception), ours makes the same."""
    envelope = {**BUILDERS, **MORE}[name]()
    node = envelope
    for step in place:
        node = node.get(step) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        return
    node[key or "extra"] = value
    text = json.dumps(envelope)
    assert _outcome(lambda: SERIALIZER.deserialize(text, RequestEnvelope)) == \
        _outcome(lambda: STOCK.deserialize(text, RequestEnvelope))
