"""The Twilio stand-in answers the real twilio client the way Twilio does."""
from __future__ import annotations

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from skill.nudges.sender import RedirectingHttpClient, TwilioSender

from .helpers import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER


def client_for(standin, token=AUTH_TOKEN, timeout=5.0) -> Client:
    return Client(ACCOUNT_SID, token, http_client=RedirectingHttpClient(standin.url, timeout=timeout, pool=4))


def test_create_and_fetch_return_twilio_message_json(standin):
    client = client_for(standin)
    message = client.messages.create(to="+4915123456789", from_=FROM_NUMBER, body="Hello from Closer",
                                     status_callback="https://closer.example/twilio/status?n=x")
    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.status, message.direction, message.num_segments) == ("queued", "outbound-api", "1")
    assert message.account_sid == ACCOUNT_SID and message.to == "+4915123456789"
    fetched = client.messages(message.sid).fetch()
    assert (fetched.sid, fetched.body) == (message.sid, "Hello from Closer")
    assert standin.received[0]["status_callback"] == "https://closer.example/twilio/status?n=x"


def test_messaging_service_messages_start_accepted(standin):
    message = client_for(standin).messages.create(to="+4915123456789", messaging_service_sid="MG" + "a" * 32,
                                                  body="hi")
    assert (message.status, message.num_segments) == ("accepted", "0")


def test_wrong_auth_token_is_401_with_code_20003(standin):
    with pytest.raises(TwilioRestException) as caught:
        client_for(standin, token="wrong").messages.create(to="+4915123456789", from_=FROM_NUMBER, body="x")
    assert (caught.value.status, caught.value.code) == (401, 20003)
    assert standin.received == []


@pytest.mark.parametrize("params, code", [
    ({"from_": FROM_NUMBER, "body": "x", "to": ""}, 21604),
    ({"from_": FROM_NUMBER, "body": "x", "to": "12345"}, 21211),
    ({"body": "x", "to": "+4915123456789"}, 21603),
    ({"from_": FROM_NUMBER, "to": "+4915123456789"}, 21602),
    ({"from_": FROM_NUMBER, "body": "x" * 1601, "to": "+4915123456789"}, 21617),
    ({"from_": FROM_NUMBER, "body": "x", "to": "+4915123456789", "status_callback": "ftp://x"}, 21609),
])
def test_bad_parameters_get_twilio_error_codes(standin, params, code):
    with pytest.raises(TwilioRestException) as caught:
        client_for(standin).messages.create(**params)
    assert (caught.value.status, caught.value.code) == (400, code)


def test_fetch_of_unknown_sid_is_404(standin):
    with pytest.raises(TwilioRestException) as caught:
        client_for(standin).messages("SM" + "0" * 32).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_injected_faults_come_back_as_twilio_errors(standin):
    standin.enqueue("429", "500", "21610")
    standin.unsubscribed.add("+4915100000000")
    client = client_for(standin)
    codes = []
    for to in ("+4915123456789", "+4915123456789", "+4915123456789", "+4915100000000"):
        with pytest.raises(TwilioRestException) as caught:
            client.messages.create(to=to, from_=FROM_NUMBER, body="x")
        codes.append((caught.value.status, caught.value.code))
    assert codes == [(429, 20429), (500, 20500), (400, 21610), (400, 21610)]
    assert standin.received == []


def test_injected_timeout_accepts_the_message_but_answers_too_late(standin):
    standin.enqueue("timeout")
    with pytest.raises(requests.exceptions.ReadTimeout):
        client_for(standin, timeout=0.3).messages.create(to="+4915123456789", from_=FROM_NUMBER, body="x")
    assert len(standin.received) == 1  # Twilio took it; the sender cannot know


def test_sender_classifies_each_kind_of_answer(standin):
    sender = TwilioSender(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER,
                          messaging_service_sid=None, api_url=standin.url, timeout=0.3)
    standin.enqueue("ok", "429", "500", "21610", "timeout")
    kinds = [sender.send("+4915123456789", "x") for _ in range(5)]
    assert [(o.kind, o.code) for o in kinds] == [
        ("accepted", 0), ("transient", 20429), ("transient", 20500), ("permanent", 21610), ("ambiguous", 0)]
    assert kinds[0].sid.startswith("SM")


def test_unreachable_twilio_is_transient_because_nothing_was_sent(standin):
    url = standin.url
    standin.stop()
    sender = TwilioSender(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER,
                          messaging_service_sid=None, api_url=url, timeout=0.3)
    assert sender.send("+4915123456789", "x").kind == "transient"


def test_random_faults_follow_the_seeded_rates(standin):
    standin.rates = {"500": 0.5}
    client = client_for(standin)
    outcomes = []
    for _ in range(40):
        try:
            client.messages.create(to="+4915123456789", from_=FROM_NUMBER, body="x")
            outcomes.append("ok")
        except TwilioRestException as exc:
            outcomes.append(exc.status)
    assert 5 < outcomes.count(500) < 35 and outcomes.count("ok") == len(standin.received)
