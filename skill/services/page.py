"""A partner's own page (`/page/<token>`) as plain strings: next calls, visits, calendar links.

Worded from the viewer's side, like the voice answers and the feed: "you" first, then the partner
by name, each on their own wall clock. Nothing here is HTML; the template escapes every string.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from scheduling.feeds import difference_words
from scheduling.ical.wording import MONTHS, WEEKDAYS, clock
from scheduling.zones import get_zone

from ..nudges import settings
from ..nudges.sender import OutboxSender
from ..store.couples import Couple
from . import schedule

CALLS_SHOWN = 4
TEXTS_SHOWN = 10
OUTBOX_SCAN = 500  # the outbox is one list for every couple; only its recent end is worth reading
HEADS_UP_DAYS = 60
# How to subscribe by hand; the Alexa card (`[calendar_card]` in skill/alexa/speech.toml) shows the
# Google and Outlook steps from here too. No deep links: Google and Outlook document none for
# subscribing to a URL.
GOOGLE_STEP = "Google Calendar: on a computer, open Other calendars, +, From URL, and paste your link."
OUTLOOK_STEP = "Outlook: Add calendar > Subscribe from web, and paste your link."
STEPS = (GOOGLE_STEP, OUTLOOK_STEP,
         "Apple Calendar, by hand: Settings > Calendar > Accounts > Add Account > Other > "
         "Add Subscribed Calendar, and paste your link.")
PRIVATE = "This page and its links are yours alone: keep them private."


@dataclass(frozen=True)
class CallLine:
    """One call: the viewer's day and time, then the partner's ("" when their zone is unknown)."""

    mine: str
    theirs: str


@dataclass(frozen=True)
class KeptText:
    """A text kept in the outbox for the viewer: when (their local time) and what it says."""

    at: str
    body: str


@dataclass(frozen=True)
class PageView:
    """Everything the page shows; an empty string or tuple means "leave that part out"."""

    title: str
    for_line: str
    waiting: str
    calls: tuple[CallLine, ...]
    no_calls: str
    heads_up: tuple[str, ...]
    countdown: str
    countdown_text: str
    visits: tuple[str, ...]
    no_visits: str
    https: str
    webcal: str
    steps: tuple[str, ...]
    private: str
    texts: tuple[KeptText, ...] | None  # None: real texts go out, so there is no section at all


def build(couple: Couple, pid: str, now: datetime, links: tuple[str, str], texts: list[dict] | None) -> PageView:
    """The page of partner `pid` at `now`; `links` is `(https, webcal)`, `texts` from `kept_texts`."""
    me, other = couple.partners[pid], couple.other(pid)
    zone = me.zone or "UTC"
    today = now.astimezone(get_zone(zone)).date()
    them = other.display_name if other else ""
    plan = schedule.stored_plan(couple)
    upcoming = [at for at in plan.occurrences() if at >= now][:CALLS_SHOWN] if plan else []
    calls = tuple(_call(at, zone, other, today) for at in upcoming)
    say = "Once your partner joins, say" if other is None else "You can say"
    countdown, countdown_text = _countdown(couple, me, them, now, zone)
    visits = tuple(_visit_line(v, me, them, today) for v in schedule.visits(couple) if v.end >= today)
    return PageView(
        title="Closer Together",
        for_line=f"For {me.name or 'you'} and {them}" if other else f"For {me.name or 'you'}",
        waiting="" if other else "Your partner hasn't joined yet. Once they do, you'll see both your times here.",
        calls=calls,
        no_calls="" if calls else f'No standing call yet. {say}: "Alexa, ask Closer Together to plan our standing call".',
        heads_up=tuple(_heads_up(c, them, today) for c in schedule.clock_changes(couple, pid, now, days=HEADS_UP_DAYS)),
        countdown=countdown, countdown_text=countdown_text, visits=visits,
        no_visits="" if visits else ('No visit on the calendar yet. You can add one by voice: "Alexa, ask Closer '
                                     'Together to add a visit from March fourth to March eleventh".'),
        https=links[0], webcal=links[1], steps=STEPS, private=PRIVATE,
        texts=None if texts is None else tuple(_kept(t, zone, today) for t in texts))


def kept_texts(redis, sender, couple_id: str, pid: str) -> list[dict] | None:
    """The outbox texts addressed to this partner's phone, newest first (at most TEXTS_SHOWN).

    None when texts really go out (Twilio is configured) or the partner has no phone: the page
    then has no such section. Only this partner's own number is matched: never anyone else's.
    """
    if not isinstance(sender, OutboxSender):
        return None
    phone = settings.load(redis, couple_id, pid).phone
    if not phone:
        return None
    mine = [m for m in sender.messages(limit=OUTBOX_SCAN) if m.get("to") == phone]
    return mine[::-1][:TEXTS_SHOWN]


def _day(day: date, today: date) -> str:
    """'Sun 30 Nov', with the year only when it is not this year's."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def _city(zone: str) -> str:
    return zone.split("/")[-1].replace("_", " ")


def _call(at: datetime, zone: str, other, today: date) -> CallLine:
    mine = at.astimezone(get_zone(zone))
    line = f"{_day(mine.date(), today)}, {clock(mine)} for you ({_city(zone)})"
    if other is None or not other.zone:
        return CallLine(line, "")
    theirs = at.astimezone(get_zone(other.zone))
    # Across many hours the partner's call is often on another day: name it, as the feed does.
    day = f" {WEEKDAYS[theirs.weekday()]}" if theirs.date() != mine.date() else ""
    return CallLine(line, f"{clock(theirs)}{day} for {other.display_name} ({_city(other.zone)})")


def _heads_up(change, them: str, today: date) -> str:
    # date_a is the viewer's own date: clock_changes puts the viewer's zone first.
    return (f"Heads up: from {_day(change.date_a, today)}, the time difference with {them} changes from "
            f"{difference_words(change.before_minutes)} to {difference_words(change.after_minutes)}.")


def _who(visit, me, them: str) -> str:
    where = f" in {visit.where}" if visit.where else ""
    if me.name and visit.traveler == me.name:
        return f"You visit {them or 'your partner'}{where}"
    if them and visit.traveler == them:
        return f"{them} visits you{where}"
    return f"{visit.traveler} travels{where}"


def _visit_line(visit, me, them: str, today: date) -> str:
    span = _day(visit.start, today) if visit.days == 1 else f"{_day(visit.start, today)} – {_day(visit.end, today)}"
    return f"{span}: {_who(visit, me, them)}"


def _countdown(couple: Couple, me, them: str, now: datetime, zone: str) -> tuple[str, str]:
    """The big number and its sentence, on the viewer's own date (the cases NextVisitHandler says)."""
    found = schedule.timeline(couple).days_until_next(now, zone)
    if found is None:
        return "", ""
    visit, who = found.visit, _who(found.visit, me, them)
    if found.starts_today:
        return "Today", f"Your visit starts today: {who}."
    if found.ongoing:
        where = f" in {visit.where}" if visit.where else ""
        return "Together now", f"Day {found.day_number} of {visit.days}{where}, until {_day(visit.end, found.today)}."
    unit = "day" if found.days == 1 else "days"
    return f"{found.days} {unit}", f"to go until {_day(visit.start, found.today)}: {who}."


def _kept(text: dict, zone: str, today: date) -> KeptText:
    at = datetime.fromisoformat(text["at"]).astimezone(get_zone(zone))
    return KeptText(f"{_day(at.date(), today)}, {clock(at)}", text.get("body", ""))
