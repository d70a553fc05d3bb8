"""`closer say` end to end: the command a newcomer uses to talk to the skill without an Echo.

In-process, it builds the app on the configured store; with `--url`, it posts over real HTTP to a
served app. Either way each utterance becomes a real envelope and the answer is printed, with the
Alexa app card when the card holds more than was said (the calendar link).
"""
from __future__ import annotations

import re
import socket
import threading
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from skill import create_app
from skill.alexa.speech import line

APOLOGY = line("error")


@pytest.fixture
def nowhere() -> str:
    """An apiEndpoint that refuses at once: Alexa's APIs are out of reach, as they are locally."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"https://127.0.0.1:{s.getsockname()[1]}"


@pytest.fixture
def served(app_config):
    """The app behind a real HTTP server on loopback (signature checks off, as `make run`)."""
    app = create_app({**app_config, "CLOSER_VERIFY_SIGNATURES": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}/alexa"
    server.shutdown()
    thread.join()


def _code(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


def test_two_partners_pair_and_talk_in_process(closer, nowhere):
    def say(user, zone, *utterances):
        status, out, err = closer("say", "--user", user, "--zone", zone, "--api-endpoint", nowhere, *utterances)
        assert status == 0, err
        assert APOLOGY not in out
        assert '"level"' not in err  # the app's JSON logs stay out of a terminal conversation
        return out

    code = _code(say("ana", "Europe/Lisbon", "ask closer together to set us up"))
    say("ana", "Europe/Lisbon", "my name is Ana")
    joined = say("ben", "America/Chicago", f"ask closer together to join with code {code}", "my name is Ben")
    assert "> my name is Ben" in joined  # several utterances: one session, each echoed
    tonight = say("ana", "Europe/Lisbon", "ask closer together for tonight's prompt")
    assert tonight.strip()
    assert say("ben", "America/Chicago", "when is our next call").strip()
    linked = say("ben", "America/Chicago", "ask closer together to send me our calendar link")
    assert "[card in the Alexa app: Your Closer Together calendar]" in linked
    assert re.search(r"^https://closer\.example/calendar/\S+\.ics$", linked, re.MULTILINE)


def test_cards_that_repeat_the_speech_are_not_printed(closer, nowhere):
    status, out, _ = closer("say", "--user", "solo", "--zone", "Europe/Lisbon", "--api-endpoint", nowhere,
                            "ask closer together for tonight's prompt")
    assert status == 0 and out.strip()
    assert "[card in the Alexa app" not in out


def test_over_http_to_a_running_server_with_the_alexa_apis(closer, served, alexa_api):
    app, url = served
    alexa_api.state.zones["amzn1.ask.device.LOCALANA"] = "Asia/Tokyo"  # the device's zone, via the API
    status, out, err = closer("say", "--url", url, "--user", "ana", "--skill-id", "amzn1.ask.skill.closer-test",
                              "--api-endpoint", alexa_api.url, "ask closer together to set us up", "my name is Ana")
    assert status == 0, err
    assert _code(out) and APOLOGY not in out
    from skill.store.users import UserRepository

    record = UserRepository(app.extensions["closer.redis"]).get("amzn1.ask.account.LOCALANA")
    assert record["zone"] == "Asia/Tokyo"  # read through the Settings API by the served app


def test_a_server_that_is_not_there_is_a_clear_error(closer, nowhere):
    dead = "http://" + urlsplit(nowhere).netloc + "/alexa"
    status, out, err = closer("say", "--url", dead, "hello")
    assert status == 2 and out == ""
    assert "could not reach" in err and "make run" in err and "Traceback" not in err


def test_an_unknown_locale_is_named(closer):
    status, _, err = closer("say", "--locale", "xx-XX", "hello")
    assert status == 2 and "xx-XX" in err and "en-US" in err


def test_closer_serve_hands_out_links_to_its_own_port(closer, redis_url, monkeypatch, tmp_path):
    """`make run` with PORT=...: the card's page and feed links lead back to that port."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "CLOSER_PUBLIC_URL"}
    env.update(REDIS_URL=redis_url, PORT=str(port), CLOSER_VERIFY_SIGNATURES="0", CLOSER_DATA_DIR=str(tmp_path))
    server = subprocess.Popen([sys.executable, "-m", "skill.cli", "serve"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # up to 20 s for the interpreter and the app to start
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        url = base + "/alexa"
        code = _code(closer("say", "--url", url, "--user", "ana", "ask closer together to set us up")[1])
        closer("say", "--url", url, "--user", "ben", f"ask closer together to join with code {code}")
        status, out, err = closer("say", "--url", url, "--user", "ben", "send me our calendar link")
        assert status == 0, err
        [page] = re.findall(r"^(http\S+/page/\S+)$", out, re.MULTILINE)
        assert page.startswith(base + "/page/")
        with urllib.request.urlopen(page, timeout=5) as answer:
            assert answer.status == 200 and "Closer Together" in answer.read().decode()
    finally:
        server.terminate()
        banner = server.communicate(timeout=10)[0]
    assert f"Links          : {base}/page/" in banner


def test_an_answer_that_ends_the_session_does_not_stop_the_next_utterance(closer, nowhere):
    """`closer say A B`: when A's answer closes the session (a visit countdown does), B opens a new
    one, as on an Echo (this used to crash with an AttributeError)."""
    status, out, err = closer("say", "--user", "solo", "--zone", "Europe/Lisbon", "--api-endpoint", nowhere,
                              "ask closer together for the time difference", "stop", "open closer together")
    assert status == 0, err
    assert out.count("> ") == 3
    assert "Welcome" in out.split("> open closer together")[1]
