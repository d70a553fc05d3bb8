"""GET /page/<token>: a partner's own page, on the secret of their calendar feed.

Real app, real Redis; the HTML is parsed with the standard library, so the assertions look at
the elements a reader sees (which list, which link, which field), not at substrings.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import pytest

from scheduling import Visit
from skill import create_app
from skill.nudges import enroll
from skill.nudges.sender import OutboxSender
from skill.services import feeds, schedule
from skill.store.couples import CoupleRepository, Partner
from skill.store.keys import couple_key, feed_token_key

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)  # a Tuesday; Berlin is 9 hours ahead of LA
ANA_PHONE, BEN_PHONE, OTHER_PHONE = "+4915123456789", "+12015550123", "+447700900123"
SECURITY = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
}


class Node:
    """An element of the parsed page: tag, attributes, children (nodes and strings)."""

    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []

    def text(self) -> str:
        """The visible text, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        """Every descendant element matching tag, class and attributes, in document order."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                classes = (child.attrs.get("class") or "").split()
                if ((tag is None or child.tag == tag) and (cls is None or cls in classes)
                        and all(child.attrs.get(k) == v for k, v in attrs.items())):
                    found.append(child)
                found += child.all(tag, cls, **attrs)
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node | None":
        """The first match, or None."""
        matches = self.all(tag, cls, **attrs)
        return matches[0] if matches else None


class Tree(HTMLParser):
    """A tiny DOM builder on html.parser (void elements never get children)."""

    VOID = {"meta", "input", "link", "br", "img", "hr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _couple(redis, a=("Ana", "Europe/Berlin", "Sun 18:00-18:45"), b=("Ben", "America/Los_Angeles", "Sun 08:00-11:00"),
            *, plan=True, now=NOW):
    """A paired couple; with `plan`, the standing call inside both windows (each narrowed to one slot)."""
    repo = CoupleRepository(redis)
    created = repo.create([Partner("", *a), Partner("", *b)])
    if not plan:
        return created
    call = schedule.plan(created, cadence="weekly", minutes=45, anchor=a[0], now=now)
    return repo.update(created.id, lambda c: setattr(c, "call", schedule.serialise_plan(call)))


@pytest.fixture
def app_config(app_config):
    app_config["CLOSER_NOW"] = NOW.isoformat()
    return app_config


@pytest.fixture
def couple(redis_client):
    return _couple(redis_client)


def _get(client, redis, couple, pid):
    """GET the partner's page; returns the response and its parsed document."""
    response = client.get(f"/page/{feeds.token_for(redis, couple, pid)}")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/html"
    return response, Tree(response.get_data(as_text=True)).root


def _calls(doc) -> list[tuple[str, str]]:
    """(mine, theirs) for each call listed under "Your next calls"."""
    section = doc.one("section", id="calls")
    return [(li.one("span", "mine").text(), (li.one("span", "theirs") or Node("", {})).text())
            for li in section.all("li", "call")]


def _add_visit(redis, couple, start, end, traveler, where=None):
    return CoupleRepository(redis).update(couple.id, lambda c: schedule.add_visit(
        c, Visit(start=start, end=end, traveler=traveler, where=where)))


# --- who may see it ---------------------------------------------------------------------------

def test_unknown_and_overlong_tokens_are_plain_404s(client, couple):
    for token in ("not-a-token", "x" * 43, "x" * 101):
        response = client.get(f"/page/{token}")
        assert response.status_code == 404
        assert b"couple" not in response.data.lower() and b"token" not in response.data.lower()


def test_a_rotated_token_stops_at_once_and_the_new_one_works(client, redis_client, couple):
    old = feeds.token_for(redis_client, couple, "b")
    assert client.get(f"/page/{old}").status_code == 200
    new = feeds.rotate(redis_client, couple, "b")
    assert client.get(f"/page/{old}").status_code == 404
    assert client.get(f"/page/{new}").status_code == 200
    # Even an index entry left behind (rotation writes it without a transaction) opens nothing:
    # the page, like the feed, confirms against the partner's current token.
    redis_client.set(feed_token_key(hashlib.sha256(old.encode()).hexdigest()), f"{couple.id}:b")
    assert client.get(f"/page/{old}").status_code == 404


def test_a_couple_or_partner_that_is_gone_is_a_404(client, redis_client, couple):
    ben = feeds.token_for(redis_client, couple, "b")
    CoupleRepository(redis_client).update(couple.id, lambda c: c.partners.pop("b"))
    assert client.get(f"/page/{ben}").status_code == 404
    ana = feeds.token_for(redis_client, couple, "a")
    assert client.get(f"/page/{ana}").status_code == 200
    redis_client.delete(couple_key(couple.id, "doc"))
    assert client.get(f"/page/{ana}").status_code == 404


def test_security_headers_on_the_page_and_on_its_404s(client, redis_client, couple):
    ok, _ = _get(client, redis_client, couple, "a")
    missing = client.get("/page/not-a-token")
    for response in (ok, missing):
        for name, value in SECURITY.items():
            assert response.headers.get(name) == value, (response.status_code, name)
        assert "Set-Cookie" not in response.headers


def test_the_page_is_self_contained_html_without_script(client, redis_client, couple):
    _, doc = _get(client, redis_client, couple, "a")
    assert doc.one("html").attrs.get("lang") == "en"
    assert doc.all("script") == [] and doc.all("link") == [] and doc.all("img") == []
    assert doc.one("meta", name="viewport") is not None
    assert doc.one("h1").text() == "Closer Together" and doc.one("p", "for").text() == "For Ana and Ben"


def test_names_are_escaped(client, redis_client):
    couple = _couple(redis_client, b=("<script>alert('hi')</script>", "America/Los_Angeles", "Sun 08:00-11:00"))
    response, doc = _get(client, redis_client, couple, "a")
    assert doc.all("script") == []
    assert "<script>" not in response.get_data(as_text=True)
    assert doc.one("p", "for").text() == "For Ana and <script>alert('hi')</script>"
    assert _calls(doc)[0][1].endswith("for <script>alert('hi')</script> (Los Angeles)")


# --- calls ------------------------------------------------------------------------------------

def test_next_four_calls_in_both_partners_local_times_from_each_side(client, redis_client, couple):
    _, ana = _get(client, redis_client, couple, "a")
    assert _calls(ana) == [(f"Sun {d} {m}, 6:00 PM for you (Berlin)", "9:00 AM for Ben (Los Angeles)")
                           for d, m in (("29", "Nov"), ("6", "Dec"), ("13", "Dec"), ("20", "Dec"))]
    assert ana.one("li", "call").text() == "Sun 29 Nov, 6:00 PM for you (Berlin) · 9:00 AM for Ben (Los Angeles)"
    _, ben = _get(client, redis_client, couple, "b")
    assert _calls(ben)[0] == ("Sun 29 Nov, 9:00 AM for you (Los Angeles)", "6:00 PM for Ana (Berlin)")
    assert len(_calls(ben)) == 4
    assert ana.one("section", id="calls").all("p", "heads-up") == []  # no clock change before late January


def test_the_partners_weekday_is_named_when_their_call_falls_on_another_day(client, redis_client):
    couple = _couple(redis_client, a=("Ana", "Europe/Berlin", "Sat 07:00-07:45"),
                     b=("Ben", "America/Los_Angeles", "Fri 20:00-23:59"))
    _, ana = _get(client, redis_client, couple, "a")
    assert _calls(ana)[0] == ("Sat 28 Nov, 7:00 AM for you (Berlin)", "10:00 PM Fri for Ben (Los Angeles)")
    _, ben = _get(client, redis_client, couple, "b")
    assert _calls(ben)[0] == ("Fri 27 Nov, 10:00 PM for you (Los Angeles)", "7:00 AM Sat for Ana (Berlin)")


def test_only_calls_still_ahead_are_listed(app, client, redis_client, couple):
    # Sunday 29 Nov, 17:15 UTC: that day's call (17:00 UTC) has started, so the list starts a week on.
    app.config["CLOSER_NOW"] = "2026-11-29T17:15:00+00:00"
    _, ana = _get(client, redis_client, couple, "a")
    assert [mine for mine, _ in _calls(ana)][0] == "Sun 6 Dec, 6:00 PM for you (Berlin)"


def test_without_a_plan_it_says_how_to_plan_one_by_voice(client, redis_client):
    couple = _couple(redis_client, plan=False)
    _, doc = _get(client, redis_client, couple, "a")
    section = doc.one("section", id="calls")
    assert section.all("li") == []
    assert '"Alexa, ask Closer Together to plan our standing call"' in section.text()


def test_a_partner_of_one_sees_their_own_page(client, redis_client):
    couple = CoupleRepository(redis_client).create([Partner("", "Ana", "Europe/Berlin")])
    _, doc = _get(client, redis_client, couple, "a")
    assert doc.one("p", "for").text() == "For Ana"
    assert "hasn't joined yet" in doc.one("header").text()
    assert "Once your partner joins" in doc.one("section", id="calls").text()


def test_a_heads_up_when_the_time_difference_changes_within_sixty_days(app, client, redis_client):
    # In March the US moves its clocks two weeks before the UK: 5 hours, then 4, then 5 again.
    now = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)
    app.config["CLOSER_NOW"] = now.isoformat()
    couple = _couple(redis_client, a=("Ana", "Europe/London", "Sun 19:00-19:45"),
                     b=("Ben", "America/New_York", "Sun 13:00-16:00"), now=now)
    _, ben = _get(client, redis_client, couple, "b")
    assert [p.text() for p in ben.one("section", id="calls").all("p", "heads-up")] == [
        "Heads up: from Sun 14 Mar, the time difference with Ana changes from 5 hours to 4 hours.",
        # The UK moves at 01:00 UTC on the 28th: still Saturday evening in New York.
        "Heads up: from Sat 27 Mar, the time difference with Ana changes from 4 hours to 5 hours."]
    # And the listed calls already carry Ben's shifted time in the gap weeks.
    assert [theirs for _, theirs in _calls(ben)][:3] == [
        "7:00 PM for Ana (London)", "7:00 PM for Ana (London)", "7:00 PM for Ana (London)"]
    assert [mine for mine, _ in _calls(ben)][:3] == [
        "Sun 7 Mar, 2:00 PM for you (New York)", "Sun 14 Mar, 3:00 PM for you (New York)",
        "Sun 21 Mar, 3:00 PM for you (New York)"]


# --- visits -----------------------------------------------------------------------------------

def test_visit_countdown_is_counted_on_each_partners_own_date(app, client, redis_client, couple):
    couple = _add_visit(redis_client, couple, date(2026, 12, 19), date(2027, 1, 3), "Ben", "Berlin")
    app.config["CLOSER_NOW"] = "2026-11-24T23:30:00+00:00"  # already the 25th in Berlin, the 24th in LA
    _, ana = _get(client, redis_client, couple, "a")
    visits = ana.one("section", id="visits")
    assert visits.one("p", "big").text() == "24 days"
    assert visits.one("p", "countdown").text() == "to go until Sat 19 Dec: Ben visits you in Berlin."
    assert [li.text() for li in visits.all("li", "visit")] == ["Sat 19 Dec – Sun 3 Jan 2027: Ben visits you in Berlin"]
    _, ben = _get(client, redis_client, couple, "b")
    assert ben.one("section", id="visits").one("p", "big").text() == "25 days"
    assert ben.one("li", "visit").text() == "Sat 19 Dec – Sun 3 Jan 2027: You visit Ana in Berlin"


def test_visit_today_and_under_way(app, client, redis_client, couple):
    couple = _add_visit(redis_client, couple, date(2026, 12, 19), date(2027, 1, 3), "Ben", "Berlin")
    app.config["CLOSER_NOW"] = "2026-12-19T10:00:00+00:00"
    _, ana = _get(client, redis_client, couple, "a")
    assert ana.one("p", "big").text() == "Today"
    assert ana.one("p", "countdown").text() == "Your visit starts today: Ben visits you in Berlin."
    app.config["CLOSER_NOW"] = "2026-12-21T10:00:00+00:00"
    _, ana = _get(client, redis_client, couple, "a")
    assert ana.one("p", "big").text() == "Together now"
    assert ana.one("p", "countdown").text() == "Day 3 of 16 in Berlin, until Sun 3 Jan 2027."


def test_past_visits_are_left_out_and_no_visits_says_how_to_add_one(app, client, redis_client, couple):
    _, doc = _get(client, redis_client, couple, "a")
    section = doc.one("section", id="visits")
    assert section.all("li") == [] and section.one("p", "big") is None
    assert '"Alexa, ask Closer Together to add a visit from March fourth to March eleventh"' in section.text()
    _add_visit(redis_client, couple, date(2026, 11, 1), date(2026, 11, 8), "Ana", "Los Angeles")
    _, doc = _get(client, redis_client, couple, "a")
    assert doc.one("section", id="visits").all("li") == []


# --- calendar links ---------------------------------------------------------------------------

def test_calendar_links_are_the_feeds_own(client, redis_client, couple):
    _, doc = _get(client, redis_client, couple, "b")
    https, webcal = feeds.subscription_links("https://closer.example", feeds.token_for(redis_client, couple, "b"))
    section = doc.one("section", id="calendar")
    button = section.one("a", "button")
    assert button.attrs["href"] == webcal and webcal.startswith("webcal://")
    assert button.text() == "Apple Calendar (iPhone, iPad, Mac)"
    field = section.one("input", id="feed-link")
    assert field.attrs["value"] == https and "readonly" in field.attrs
    steps = [li.text() for li in section.all("li", "step")]
    assert [s.split(":")[0] for s in steps][:2] == ["Google Calendar", "Outlook"]
    # No made-up deep links: the only links on the page are the feed's.
    assert [a.attrs.get("href") for a in doc.all("a")] == [webcal]
    assert "keep them private" in doc.one("p", "private").text()


# --- texts kept in the outbox -----------------------------------------------------------------

def _outbox_with_texts(app, redis_client, couple):
    with app.app_context():
        enroll(app, couple.id, "a", ANA_PHONE, source="test", now=NOW)
        enroll(app, couple.id, "b", BEN_PHONE, source="test", now=NOW)
        sender = OutboxSender(redis_client)  # the app's clock (pinned) stamps each text
        for n in range(12):
            sender.send(ANA_PHONE, f"Text to Ana {n}")
            sender.send(BEN_PHONE, f"Text to Ben {n}")
        sender.send(OTHER_PHONE, "Text to someone else")


def test_outbox_shows_only_this_partners_texts_newest_first(app, client, redis_client, couple):
    _outbox_with_texts(app, redis_client, couple)
    _, doc = _get(client, redis_client, couple, "a")
    texts = doc.one("section", id="texts")
    bodies = [li.children[-1].strip() for li in texts.all("li", "text")]
    assert bodies == [f"Text to Ana {n}" for n in range(11, 1, -1)]
    assert texts.one("span", "when").text() == "Tue 24 Nov, 1:00 PM"  # on Ana's Berlin clock
    assert "Text to Ben" not in doc.text() and "someone else" not in doc.text()


def test_no_outbox_section_without_a_phone(client, redis_client, couple):
    OutboxSender(redis_client).send(ANA_PHONE, "Text to Ana")
    _, doc = _get(client, redis_client, couple, "a")
    assert doc.one("section", id="texts") is None


def test_no_outbox_section_when_twilio_sends_real_texts(app_config, redis_client):
    app = create_app(dict(app_config, TWILIO_ACCOUNT_SID="AC" + "0" * 32, TWILIO_AUTH_TOKEN="secret",
                          TWILIO_FROM_NUMBER="+15005550006"))
    couple = _couple(redis_client)
    _outbox_with_texts(app, redis_client, couple)
    _, doc = _get(app.test_client(), redis_client, couple, "a")
    assert doc.one("section", id="texts") is None and "Text to Ana" not in doc.text()
