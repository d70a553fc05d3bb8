"""Each partner's zone comes from their Echo (Settings API at the request's apiEndpoint)."""
from __future__ import annotations

from datetime import datetime, timezone


def _zone_calls(api) -> int:
    return sum(1 for method, path, _ in api.state.requests if path.endswith("System.timeZone"))


def test_the_device_zone_is_used_and_cached_for_a_day(device, alexa_api, clock, redis_client):
    clock.current = datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)  # already the 25th in Tokyo
    ana = device("ana", "Asia/Tokyo")
    ana.say("ask closer together for tonight's prompt")
    ana.say("ask closer together for tonight's prompt")
    assert _zone_calls(alexa_api) == 1
    fields = redis_client.hkeys(next(iter(redis_client.scan_iter("{couple:*}:nightly"))))
    assert "2026-11-25" in fields, fields
    clock.advance(hours=25)
    ana.say("ask closer together for tonight's prompt")
    assert _zone_calls(alexa_api) == 2


def test_no_permission_or_server_error_falls_back_with_a_spoken_note(device, alexa_api):
    for status in (403, 500):
        alexa_api.state.failures = {"System.timeZone": status}
        someone = device(f"user{status}", "Europe/Paris")
        turn = someone.say("ask closer together for tonight's prompt")
        assert "couldn't read your device's time zone" in turn.speech_text
        assert "prompt" in turn.speech_text.lower()
        # The note is said once a day, not on every answer.
        assert "couldn't read" not in someone.say("ask closer together for tonight's prompt").speech_text


def test_a_known_zone_survives_an_api_outage(device, alexa_api, clock):
    ana = device("ana", "America/New_York")
    ana.say("ask closer together for tonight's prompt")
    clock.advance(days=2)
    alexa_api.state.failures = {"System.timeZone": 503}
    turn = ana.say("ask closer together for tonight's prompt")
    assert "couldn't read" not in turn.speech_text
