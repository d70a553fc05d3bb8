"""'Send me our calendar link': each partner's own feed link, shown on a card and never spoken.

The link on the card is followed through the same app, so a link that leads nowhere, or to the
other partner's feed, or to a feed without the call just planned, fails here.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
import re
from urllib.parse import urlsplit

import icalendar
import pytest

from skill.alexa.speech import line
from skill.cli import main
from skill.store.users import UserRepository

from .helpers import pair

ASK = "ask closer together to send me our calendar link"
HTTPS = re.compile(r"^https?://\S+/calendar/\S+\.ics$", re.MULTILINE)


def _plan_saturday_call(ana) -> None:
    proposal = ana.say("ask closer together to plan our standing call on saturday evenings")
    assert "Shall I save it?" in proposal.speech_text
    assert "Saved" in ana.say("yes").speech_text
    ana.say("no")  # no reminder, thanks


def _link(turn) -> str:
    """The https link on the answer's card (there must be exactly one)."""
    [link] = HTTPS.findall(turn.card["content"])
    return link


def _feed(client, link: str) -> icalendar.Calendar:
    response = client.get(urlsplit(link).path)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data)


def _calls(feed: icalendar.Calendar) -> list:
    """The standing call's events (the feed also holds rituals and clock-change notes)."""
    return [e for e in feed.walk("VEVENT") if str(e["UID"]).startswith("call-")]


def test_each_partner_gets_their_own_link_to_a_feed_holding_the_call(device, client, clock):
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    _plan_saturday_call(ana)

    turn = ana.say(ASK)
    assert turn.request["request"]["intent"]["name"] == "CalendarLinkIntent"
    assert turn.should_end_session is True
    link = _link(turn)
    assert link.startswith("https://closer.example/calendar/")  # CLOSER_PUBLIC_URL of the test app

    feed = _feed(client, link)
    assert str(feed["X-WR-CALNAME"]) == "Closer: Ana & Ben"  # Ana's own feed, not Ben's
    [call] = _calls(feed)
    assert call["RRULE"]["FREQ"] == ["WEEKLY"] and call["RRULE"]["BYDAY"] == ["SA"]
    assert str(call["SUMMARY"]) == "Call with Ben"

    again = ana.say(ASK)
    assert _link(again) == link  # stable: asking twice must not break a calendar already subscribed

    bens = _link(ben.say(ASK))
    assert bens != link
    bens_feed = _feed(client, bens)
    assert str(bens_feed["X-WR-CALNAME"]) == "Closer: Ben & Ana"
    assert [str(c["SUMMARY"]) for c in _calls(bens_feed)] == ["Call with Ana"]


def test_the_link_is_shown_with_how_to_add_it_and_never_spoken(device):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    turn = ana.say(ASK)
    link = _link(turn)
    token = urlsplit(link).path.rsplit("/", 1)[1].removesuffix(".ics")

    assert turn.speech_text == line("calendar_link", partner="Ben")
    spoken = json.dumps(turn.raw["response"].get("outputSpeech")) + json.dumps(turn.raw["response"].get("reprompt"))
    assert "http" not in spoken.lower() and "webcal" not in spoken.lower() and token not in spoken

    card = turn.card
    assert card["type"] == "Simple" and card["title"] == "Your Closer Together calendar"
    shown = card["content"].splitlines()  # line breaks survive: one instruction a line
    assert link in shown and "webcal://" + link.split("://", 1)[1] in shown
    for app, needs in (("Google Calendar:", "From URL"), ("Apple Calendar:", "Add Subscribed Calendar"),
                       ("Outlook:", "Subscribe from web")):
        [instruction] = [s for s in shown if s.startswith(app)]
        assert needs in instruction


@pytest.mark.parametrize("public_url,start", [
    ("https://feeds.closer.test", "https://feeds.closer.test/calendar/"),
    (None, "http://127.0.0.1:5000/calendar/"),  # `make run` without CLOSER_PUBLIC_URL
])
def test_links_start_with_the_public_url(device, app, public_url, start):
    app.config["CLOSER_PUBLIC_URL"] = public_url
    ana, _ = pair(device)
    turn = ana.say(ASK)
    assert _link(turn).startswith(start)
    assert f"webcal://{start.split('://', 1)[1]}" in turn.card["content"]


def test_voice_and_the_closer_command_give_the_same_link(device, redis_url, redis_client, monkeypatch, capsys):
    ana, _ = pair(device)
    link = _link(ana.say(ASK))
    couple = UserRepository(redis_client).get("amzn1.ask.account.ana")["couple"]
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("CLOSER_PUBLIC_URL", "https://closer.example")
    capsys.readouterr()
    assert main(["calendar", "url", couple, "--partner", "Ana", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["https"] == link


@pytest.mark.parametrize("setup", ["never set up", "partner not joined yet"])
def test_without_a_partner_there_is_no_link(device, redis_client, setup):
    solo = device("solo")
    if setup == "partner not joined yet":
        solo.say("ask closer together to set us up")
        solo.say("my name is sam")
    turn = solo.say(ASK)
    assert turn.request["request"]["intent"]["name"] == "CalendarLinkIntent"
    assert turn.speech_text == line("unpaired")
    assert "calendar/" not in json.dumps(turn.raw)
    assert not redis_client.keys("*feedtoken*")  # no token was made for a couple of one


# --- Texting the page link to a partner enrolled for texts -------------------------------------

ANA_PHONE = "+447911123456"
SHORT = re.compile(r"(https?://\S+/c/[A-Za-z0-9_-]+)")


def _enrol_ana(app, redis_client, clock) -> str:
    """Confirm a phone number for Ana (as replying YES would); returns her couple's id."""
    from skill.nudges import confirmed, enroll

    couple_id = UserRepository(redis_client).get("amzn1.ask.account.ana")["couple"]
    with app.app_context():
        enroll(app, couple_id, "a", ANA_PHONE, source="test", now=clock())
        confirmed(app, ANA_PHONE, via="test", now=clock())
    return couple_id


def _texts_to_ana(app, at) -> list[str]:
    """Run the dispatcher at `at`; the bodies of every text Ana has been sent so far (outbox)."""
    from skill.nudges import dispatch_once

    with app.app_context():
        dispatch_once(app, at)
    return [m["body"] for m in app.extensions["closer.twilio"].messages() if m["to"] == ANA_PHONE]


def test_an_enrolled_partner_is_texted_a_short_link_to_their_page_once_a_day(device, app, client, clock,
                                                                                redis_client):
    clock.current = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)  # 15:00 in London
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    _enrol_ana(app, redis_client, clock)

    turn = ana.say(ASK)
    assert turn.speech_text == line("calendar_link", partner="Ben") + " " + line("calendar_link_texted")
    token = urlsplit(_link(turn)).path.rsplit("/", 1)[1].removesuffix(".ics")
    assert f"https://closer.example/page/{token}" in turn.card["content"].splitlines()

    [text] = _texts_to_ana(app, clock.current)
    assert "STOP" in text
    [short] = SHORT.findall(text)
    assert short.startswith("https://closer.example/c/") and token not in text
    hop = client.get(urlsplit(short).path)
    assert hop.status_code == 302 and hop.headers["Location"].endswith(f"/page/{token}")
    assert hop.headers["Referrer-Policy"] == "no-referrer"
    landed = client.get(urlsplit(hop.headers["Location"]).path)
    assert landed.status_code == 200 and "For Ana and Ben" in landed.get_data(as_text=True)

    again = ana.say(ASK)  # the same evening: the card again, but no second text
    assert again.speech_text.endswith(line("calendar_link_texted_earlier"))
    clock.current = datetime(2026, 11, 24, 18, 0, tzinfo=timezone.utc)
    assert len(_texts_to_ana(app, clock.current)) == 1

    clock.current = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)  # the next day, asked again
    assert ana.say(ASK).speech_text.endswith(line("calendar_link_texted"))
    assert len(_texts_to_ana(app, clock.current)) == 2
    # Ben never enrolled: he gets the card, and no promise of a text; asking twice made 2 links.
    assert ben.say(ASK).speech_text == line("calendar_link", partner="Ana")
    assert len(redis_client.keys("closer:pagecode:*")) == 2


def test_a_link_asked_for_in_quiet_hours_is_texted_in_the_morning(device, app, clock, redis_client):
    clock.current = datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)  # 23:30 in London
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    _enrol_ana(app, redis_client, clock)
    assert ana.say(ASK).speech_text.endswith(line("calendar_link_texted_later"))
    assert _texts_to_ana(app, clock.current) == []
    assert len(_texts_to_ana(app, datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc))) == 1


def test_no_text_after_stop(device, app, clock, redis_client):
    from skill.nudges import consent

    clock.current = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    _enrol_ana(app, redis_client, clock)
    consent.opt_out(redis_client, ANA_PHONE, via="sms:STOP", now=clock())
    assert ana.say(ASK).speech_text == line("calendar_link", partner="Ben")
    assert _texts_to_ana(app, clock.current) == []


def test_a_short_link_leads_nowhere_once_unknown_or_expired(client, redis_client):
    from skill.services import feeds

    assert client.get("/c/nosuchcode").status_code == 404
    assert client.get("/c/" + "x" * 40).status_code == 404
    short = feeds.short_page_link(redis_client, "https://closer.example", "tok")
    code = short.rsplit("/", 1)[1]
    assert 0 < redis_client.ttl(f"closer:pagecode:{code}") <= feeds.SHORT_LINK_DAYS * 86400
    assert client.get(f"/c/{code}").headers["Location"].endswith("/page/tok")
    redis_client.delete(f"closer:pagecode:{code}")  # as expiry does
    assert client.get(f"/c/{code}").status_code == 404


def test_forget_me_takes_the_texted_short_link_with_it(device, app, client, clock, redis_client):
    clock.current = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    _enrol_ana(app, redis_client, clock)
    ana.say(ASK)
    [text] = _texts_to_ana(app, clock.current)
    [short] = SHORT.findall(text)
    assert client.get(urlsplit(short).path).status_code == 302
    ana.say("ask closer together to forget me")
    assert "deleted your data" in ana.say("yes").speech_text
    assert client.get(urlsplit(short).path).status_code == 404
    assert redis_client.keys("closer:pagecode:*") == [] and redis_client.keys("closer:pagecodes:*") == []
    assert redis_client.keys("closer:feed:*") == []  # her feed token's index went with her too
