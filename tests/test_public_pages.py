"""GET /privacy and GET /terms: the public pages the skill manifest links to.

Real app; the pages must not touch the store, so one test takes Redis away altogether. The HTML
is parsed with the standard library to check for scripts and outside assets.
"""
from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import pytest

from skill import create_app
from skill.config import ConfigError

from skill.nudges import scripts, voice
from skill.services import answers, checkins, feeds, jar, pairing, relay, warmth
from skill.web import legal

SECURITY = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the visible text (outside <style>)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.words: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.words.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.words))


def parsed(response) -> Elements:
    page = Elements()
    page.feed(response.get_data(as_text=True))
    return page


@pytest.mark.parametrize("path", ["/privacy", "/terms"])
def test_the_page_is_plain_html_with_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, name
    body = response.get_data(as_text=True)
    assert "{{" not in body and "{%" not in body and "}}" not in body
    page = parsed(response)
    assert "Last updated 2026-11-24" in page.text
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    # No outside assets and no absolute links: the pages work behind any host name.
    hrefs = [attrs.get("href", "") for tag, attrs in page.tags if tag == "a"]
    assert hrefs and all(h in ("privacy", "terms", "mailto:privacy@closer.example") for h in hrefs), hrefs


@pytest.mark.parametrize("path", ["/privacy", "/terms"])
def test_the_page_needs_no_store(app, path):
    class NoRedis:
        def __getattr__(self, name):
            raise AssertionError(f"{path} used Redis ({name})")

    app.extensions["closer.redis"] = NoRedis()
    response = app.test_client().get(path)
    assert response.status_code == 200


def test_the_privacy_policy_states_the_verified_facts(client):
    text = parsed(client.get("/privacy")).text
    for fact in (
        'to forget me"',  # the voice command, quoted as said
        "one-way hash",
        "only once both of you have answered",
        "reply YES",
        "Reply STOP",
        "Reply HELP",
        "Twilio",
        "do not sell",
        "advertising",
        "Disabling the skill",
        "tells no one",
        "time zone Closer already keeps",
        "phone numbers, Alexa user ids",
        "including any your partner has not heard yet",  # tests/alexa/test_alexa_apis.py holds the code to it
        "the stored copy of your calendar feed",
    ):
        assert fact in text, fact
    # Every figure comes from the code's own constant.
    for figure in (
        f"{feeds.SHORT_LINK_DAYS} days",
        f"Answers to a prompt: {answers.KEEP.days} days",
        f"latest {checkins.KEEP} of each",
        f"up to {jar.MAX_IDEAS} ideas",
        f"last {warmth.KEEP_DAYS} days",
        f"at most {relay.MAX_WAITING} wait",
        f"{pairing.CODE_TTL_SECONDS // 60} minutes",
        f"whom: {voice.LINK_DAYS} days",
        f"Records of texts: {legal.TEXT_RECORD_DAYS} days",
        f"up to {voice.MAX_SECONDS / 60:g} minutes",
    ):
        assert figure in text, figure
    assert "Short links sent by text to your page: 7 days" in text


def test_the_text_record_figure_matches_the_nudge_script():
    # TEXT_RECORD_DAYS is quoted from the EXPIRE inside a Lua script; the two must agree.
    found = re.findall(r"redis\.call\('EXPIRE', KEYS\[1\], (\d+)\)", scripts.SCHEDULE)
    assert found == [str(legal.TEXT_RECORD_DAYS * 86400)]


def test_the_terms_say_what_closer_is_not(client):
    text = parsed(client.get("/terms")).text
    for fact in (
        "not therapy or counselling",
        "call your local emergency number",
        "partner who has agreed",
        "Keep your links private",
        "rates from your carrier may apply",
        "Reply STOP",
        "may change",
        "no warranty beyond what the law requires",
    ):
        assert fact in text, fact


def test_the_pages_link_to_each_other(client):
    privacy = [a for tag, a in parsed(client.get("/privacy")).tags if tag == "a"]
    terms = [a for tag, a in parsed(client.get("/terms")).tags if tag == "a"]
    assert {"href": "terms"} in privacy
    assert {"href": "privacy"} in terms


@pytest.mark.parametrize("path", ["/privacy", "/terms"])
def test_both_pages_say_where_to_write(client, path):
    page = parsed(client.get(path))
    assert ("a", {"href": "mailto:privacy@closer.example"}) in page.tags
    assert "write to privacy@closer.example" in page.text


@pytest.mark.parametrize("path", ["/privacy", "/terms"])
def test_without_a_contact_address_the_pages_say_so_and_the_deployment_is_warned_once(
        app_config, redis_client, caplog, path):
    app_config["CLOSER_CONTACT_EMAIL"] = None
    app = create_app(app_config)
    with caplog.at_level(logging.WARNING, logger="skill.web"):
        page = parsed(app.test_client().get(path))
        app.test_client().get(path)
    warnings = [r for r in caplog.records if "CLOSER_CONTACT_EMAIL is not set" in r.getMessage()]
    assert len(warnings) == 1
    assert "no contact address set up yet" in page.text and "forget me" in page.text
    assert not any(attrs.get("href", "").startswith("mailto:") for _, attrs in page.tags)


def test_a_local_app_without_a_public_url_does_not_warn_about_the_contact(app_config, redis_client, caplog):
    app_config.update(CLOSER_CONTACT_EMAIL=None, CLOSER_PUBLIC_URL=None)
    app = create_app(app_config)
    with caplog.at_level(logging.WARNING, logger="skill.web"):
        assert app.test_client().get("/privacy").status_code == 200
    assert not any("CLOSER_CONTACT_EMAIL" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("bad", ["privacy", "privacy@closer", "<privacy@closer.example>", "a b@closer.example"])
def test_a_malformed_contact_address_stops_start_up_naming_the_setting(monkeypatch, bad):
    monkeypatch.setenv("CLOSER_CONTACT_EMAIL", bad)
    with pytest.raises(ConfigError, match="CLOSER_CONTACT_EMAIL must be an email address"):
        create_app({"REDIS_URL": "redis://127.0.0.1:1/0"})
