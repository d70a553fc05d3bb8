"""One shared ask-sdk serializer: ask-sdk's `DefaultSerializer`, with its per-class work done once.

Every request envelope goes through `DefaultSerializer`, which spends most of its time on things
that never change between requests: resolving model class names with ``__import__`` (about
fourteen per envelope), merging each model class's attribute map, and parsing the request
timestamp with ``dateutil`` (about 20 µs, a quarter of the whole envelope). `AlexaSerializer`
caches the first two per class and parses Alexa's fixed timestamp form (``2026-11-24T16:36:01Z``)
with the standard library, handing every other form to ask-sdk's own parser. The model objects it
builds are the ones ``DefaultSerializer`` builds, and odd envelopes fail the same way
(tests/alexa/test_serializer.py compares both), and it can take an envelope that verification
already parsed, so the body is decoded once.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from enum import Enum
from functools import lru_cache
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

# What Alexa sends: UTC, "Z", whole seconds or a fraction. Anything else goes to dateutil.
_ALEXA_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")


class AlexaSerializer(DefaultSerializer):
    """`DefaultSerializer` with cached class lookups and model plans, and a stdlib timestamp path."""

    def deserialize_parsed(self, payload: dict[str, Any], obj_type: Any) -> Any:
        """Build model objects from an already-parsed JSON payload (``deserialize`` minus json.loads)."""
        if not _HOOKS_PRESENT:  # an ask-sdk release that renamed its internals: the slow, sure way
            return self.deserialize(json.dumps(payload), obj_type)
        return self._DefaultSerializer__deserialize(payload, obj_type)

    # DefaultSerializer calls its helpers through name-mangled attributes; overriding those names
    # is how a subclass replaces them (see _HOOKS below).
    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:
        return _load_class(class_name)

    def _DefaultSerializer__deserialize_model(self, payload: Any, obj_type: Any) -> Any:
        # ask-sdk's own steps, in its order, with the per-class bookkeeping (the merged attribute
        # map, the set of known keys) worked out once per class instead of once per object.
        try:
            if issubclass(obj_type, Enum):
                return obj_type(payload)
            if not hasattr(obj_type, "deserialized_types"):
                return payload
            if hasattr(obj_type, "get_real_child_model"):
                obj_type = self._DefaultSerializer__get_obj_by_discriminator(payload, obj_type)
            fields, known = _model_plan(obj_type)
            model = obj_type()
            for attribute, key in fields:
                if key in payload:
                    setattr(model, attribute,
                            self._DefaultSerializer__deserialize(payload[key], obj_type.deserialized_types[attribute]))
            for extra in [name for name in payload if name not in known]:
                setattr(model, extra, payload[extra])
            return model
        except Exception as exc:  # as ask-sdk does: every failure is a SerializationException
            raise SerializationException(str(exc)) from exc

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        if obj_type is datetime and isinstance(payload, str) and _ALEXA_TIMESTAMP.fullmatch(payload):
            # dateutil gives tzutc(), fromisoformat timezone.utc: the same instant and offset.
            return datetime.fromisoformat(payload[:-1]).replace(tzinfo=timezone.utc)
        return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)


# The DefaultSerializer internals overridden or called above. Should a release rename them, the
# overrides are simply never called (stock behaviour) and deserialize_parsed goes through JSON;
# tests/alexa/test_serializer.py fails so the speed-up is not lost unnoticed.
_HOOKS = ("__deserialize", "__load_class_from_name", "__deserialize_model", "__deserialize_datetime",
          "__get_obj_by_discriminator")
_HOOKS_PRESENT = all(hasattr(DefaultSerializer, f"_DefaultSerializer{name}") for name in _HOOKS)
_base_load_class = getattr(DefaultSerializer, "_DefaultSerializer__load_class_from_name", None)


@lru_cache(maxsize=512)
def _model_plan(model_class: type) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """(attribute, JSON key) pairs of a model class, and the JSON keys it knows, as ask-sdk
    derives them: its attribute_map plus every other declared type under its own name."""
    mapping = dict(getattr(model_class, "attribute_map", {}))
    mapping.update({name: name for name in model_class.deserialized_types if name not in mapping})
    return tuple(mapping.items()), frozenset(mapping.values())


@lru_cache(maxsize=512)
def _load_class(class_name: str) -> Any:
    # Only successful lookups are cached (lru_cache does not keep raised exceptions), so an
    # unknown name still raises ask-sdk's SerializationException every time.
    return _base_load_class(SERIALIZER, class_name)


SERIALIZER = AlexaSerializer()

__all__ = ["AlexaSerializer", "SERIALIZER"]
