"""Bad input and bad days: Alexa always gets a valid answer or a 400, and nothing is lost."""
from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill import create_app
from skill.alexa import envelopes
from skill.alexa.speech import line

from .conftest import SKILL_ID


def _valid_response(body: dict) -> bool:
    response = body.get("response")
    return body.get("version") == "1.0" and isinstance(response, dict)


def _launch_envelope() -> dict:
    from datetime import datetime, timezone

    return envelopes.launch_request(user_id="amzn1.ask.account.fuzz", device_id="amzn1.ask.device.fuzz",
                                    locale="en-US", timestamp=datetime.now(timezone.utc), skill_id=SKILL_ID)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                       max_size=4), max_leaves=20)


def _mutate(envelope: dict, path: list[str], value) -> dict:
    """Replace (or delete, for the sentinel) the value at `path` inside a copy of `envelope`."""
    mutated = copy.deepcopy(envelope)
    node = mutated
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return mutated
    if value == "<delete>":
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return mutated


PATHS = [["request"], ["request", "type"], ["request", "intent"], ["request", "intent", "name"],
         ["request", "intent", "slots"], ["request", "timestamp"], ["request", "locale"], ["context"],
         ["context", "System"], ["context", "System", "user"], ["context", "System", "user", "userId"],
         ["context", "System", "device"], ["session"], ["session", "attributes"], ["version"]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), value=st.one_of(st.just("<delete>"), json_values))
def test_mutated_envelopes_get_400_or_a_valid_answer(client, path, value):
    envelope = _mutate(_launch_envelope(), path, value)
    response = client.post("/alexa", data=json.dumps(envelope), content_type="application/json")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert _valid_response(response.get_json())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_bodies_get_400_or_a_valid_answer(client, body):
    response = client.post("/alexa", data=body, content_type="application/json")
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("intent", ["TonightPromptIntent", "NoSuchIntent", "AnswerPromptIntent"])
def test_intents_with_odd_slots_still_answer(device, post, intent):
    ana = device("ana")
    envelope = envelopes.intent_request(intent, {"answer": "", "bogus": "x" * 5000}, user_id="amzn1.ask.account.ana",
                                        device_id="amzn1.ask.device.ana", locale="en-US",
                                        timestamp=ana.clock(), skill_id=SKILL_ID)
    body = post(envelope)
    assert body["response"]["outputSpeech"]["ssml"].startswith("<speak>")


def test_store_outage_is_a_spoken_apology_and_health_says_so(app_config):
    app_config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    client = create_app(app_config).test_client()
    response = client.post("/alexa", json=_launch_envelope())
    assert response.status_code == 200
    assert "can't reach" in response.get_json()["response"]["outputSpeech"]["ssml"]
    assert client.get("/healthz").status_code == 503


def test_a_store_outage_never_stands_between_someone_and_the_safety_numbers(app_config):
    app_config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    client = create_app(app_config).test_client()
    envelope = envelopes.intent_request("SafetyIntent", {}, user_id="amzn1.ask.account.fuzz",
                                        device_id="amzn1.ask.device.fuzz", locale="en-GB",
                                        timestamp=_launch_envelope_time(_launch_envelope()), skill_id=SKILL_ID)
    response = client.post("/alexa", json=envelope)
    assert response.status_code == 200
    assert "nine nine nine" in response.get_json()["response"]["outputSpeech"]["ssml"]


def test_embedded_redis_restart_between_requests_loses_nothing(app_config, tmp_path):
    """Stop the embedded server between two requests: the second still finds the jar idea."""
    app_config.update(REDIS_URL=None, CLOSER_DATA_DIR=str(tmp_path))
    first = create_app(app_config)
    envelope = _launch_envelope()
    add = envelopes.intent_request("JarAddIntent", {"idea": "a picnic on video"}, user_id="amzn1.ask.account.fuzz",
                                   device_id="amzn1.ask.device.fuzz", locale="en-US",
                                   timestamp=_launch_envelope_time(envelope), skill_id=SKILL_ID)
    assert first.test_client().post("/alexa", json=add).status_code == 200
    server = first.extensions["closer.redis_server"]
    first.extensions["closer.redis"].close()
    server.shutdown(save=True, now=False, force=False)  # the server process really stops
    with pytest.raises(Exception):
        first.extensions["closer.redis"].ping()

    second = create_app(app_config)
    draw = envelopes.intent_request("JarDrawIntent", {}, user_id="amzn1.ask.account.fuzz",
                                    device_id="amzn1.ask.device.fuzz", locale="en-US",
                                    timestamp=_launch_envelope_time(envelope), skill_id=SKILL_ID)
    spoken = second.test_client().post("/alexa", json=draw).get_json()["response"]["outputSpeech"]["ssml"]
    assert "a picnic on video" in spoken
    second.extensions["closer.redis_server"].shutdown(save=False)


def _launch_envelope_time(envelope):
    from datetime import datetime

    return datetime.fromisoformat(envelope["request"]["timestamp"].replace("Z", "+00:00"))


def test_unknown_errors_become_an_apology(app, client, monkeypatch):
    from skill.services import jar

    common = dict(user_id="amzn1.ask.account.x", device_id="d", locale="en-US",
                  timestamp=_launch_envelope_time(_launch_envelope()), skill_id=SKILL_ID)
    client.post("/alexa", json=envelopes.intent_request("JarAddIntent", {"idea": "tea"}, **common))

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(jar, "draw", broken)  # the failure is the input here; the answer is what we check
    body = client.post("/alexa", json=envelopes.intent_request("JarDrawIntent", {}, **common)).get_json()
    assert line("error") in body["response"]["outputSpeech"]["ssml"]
