"""Time across distance by voice: next call, next visit, the partner's time, adding visits and calls."""
from __future__ import annotations

import copy
from datetime import date, timedelta

from scheduling import CallPreference, NoCommonTime, SchedulingError, Visit
from scheduling.zones import get_zone

from ...services import schedule
from ...speech_time import both_local_times, clock_phrase, day_phrase, minutes_phrase
from .. import apl
from ..speech import line, spoken_list
from .base import IntentHandler, elicit, needs_partner, pending_action, resolved, session, slot, speak
from .reminders import call_reminder_settled, offer_call_reminder


class NextCallHandler(IntentHandler):
    """"When is our next call?" — in both partners' local times."""

    intents = ("NextCallIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        upcoming = schedule.next_call(visit.couple, visit.now)
        if upcoming is None:
            return speak(handler_input, "You don't have a standing call yet. Say: plan our standing call on Sunday "
                                        "evenings, and I'll find the time closest to that inside both your waking hours.",
                         ask=line("reprompt"))
        when = both_local_times(upcoming, visit.couple, visit.pid, today=visit.now)
        said = f"Your next call is {when}." + _clock_change_warning(visit, upcoming)
        if not call_reminder_settled(visit):
            return offer_call_reminder(handler_input, visit, said)
        return speak(handler_input, said, card=said, end=True)


def _clock_change_warning(visit, upcoming) -> str:
    """A heads-up when the time difference changes before the next call (or within a week)."""
    from scheduling.feeds import difference_words

    horizon = max(upcoming, visit.now + timedelta(days=7))
    changes = schedule.clock_changes(visit.couple, visit.pid, visit.now, days=(horizon - visit.now).days + 1)
    if not changes:
        return ""
    change = changes[0]
    day = day_phrase(change.at, visit.zone_name, today=visit.now)
    return (f" Heads up: from {day}, the time difference with {visit.partner.display_name} changes from "
            f"{difference_words(change.before_minutes)} to {difference_words(change.after_minutes)}.")


class NextVisitHandler(IntentHandler):
    """"When is our next visit?" — the countdown on this partner's own date."""

    intents = ("NextVisitIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        countdown = schedule.timeline(visit.couple).days_until_next(visit.now, visit.zone_name)
        if countdown is None:
            return speak(handler_input, "There's no visit on the calendar yet. You can say: add a visit from "
                                        "March fourth to March eleventh.", ask=line("reprompt"))
        v = countdown.visit
        span = f"from {v.start:%A, %B} {v.start.day} to {v.end:%A, %B} {v.end.day}"
        where = f" in {v.where}" if v.where else ""
        # Visits added from the terminal may name either partner as the one who travels.
        travelling = "you're travelling" if v.traveler == visit.me.name else f"{v.traveler} is travelling"
        if countdown.starts_today:
            length = "one day" if v.days == 1 else f"{v.days} days, until {v.end:%A, %B} {v.end.day}"
            text = f"It's today! Your visit starts today{where}, and {travelling}: {length}."
            big = "Today"
        elif countdown.ongoing:
            text = f"You're together now{where}: day {countdown.day_number} of {v.days}, until {v.end:%A}."
            big = "Together now"
        else:
            unit = "day" if countdown.days == 1 else "days"
            text = f"{countdown.days} {unit} to go. Your next visit is {span}{where}, and {travelling}."
            big = f"{countdown.days} {unit}"
        apl.show(handler_input, "Until your next visit", big, f"{v.start:%B} {v.start.day} to {v.end:%B} {v.end.day}")
        return speak(handler_input, text, card=text, end=True)


class PartnerTimeHandler(IntentHandler):
    """"What time is it for my partner?"."""

    intents = ("PartnerTimeIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        other = visit.partner
        if not other.zone:
            return speak(handler_input, f"I don't know {other.display_name}'s time zone yet. It's set when they "
                                        "use Closer Together on their Echo.", ask=line("reprompt"))
        theirs = visit.now.astimezone(get_zone(other.zone))
        days_apart = (theirs.date() - visit.local_date).days
        suffix = {1: f", where it's already {theirs:%A}", -1: f", where it's still {theirs:%A}"}.get(days_apart, "")
        text = f"It's {clock_phrase(visit.now, other.zone)} for {other.display_name}{suffix}."
        return speak(handler_input, text, ask=line("reprompt"))


class AddVisitHandler(IntentHandler):
    """"Add a visit from March 4th to March 11th" — the other partner hears it at their next launch."""

    intents = ("AddVisitIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        try:
            start, end = date.fromisoformat(slot(handler_input, "startDate") or ""), \
                date.fromisoformat(slot(handler_input, "endDate") or "")
        except ValueError:
            return speak(handler_input, "I need the first and last day, like: add a visit from March fourth to "
                                        "March eleventh.", ask="When does the visit start and end?")
        traveler = _traveler(handler_input, visit)
        try:
            new = Visit(start=start, end=end, traveler=traveler or "")
            if traveler is None:
                # Dates that cannot be kept are said before asking who travels, not after.
                schedule.add_visit(copy.deepcopy(visit.couple), new)
                return elicit(handler_input, "traveler", f"Who's travelling: you, or {visit.partner.display_name}?")
            visit.couple = visit.couples.update(visit.couple.id, lambda c: schedule.add_visit(c, new))
        except SchedulingError as exc:
            return speak(handler_input, _visit_problem(exc), ask=line("reprompt"))
        from ...services import relay

        me, them = visit.me.display_name, visit.partner.display_name
        span = f"from {start:%A, %B} {start.day} to {end:%A, %B} {end.day}"
        mine = traveler == visit.me.name
        relay.leave(visit.redis, visit.couple.id, visit.partner.id, "note", visit.now,
                    text=f"{me} added a visit, {span}: " + (f"{me} is coming to you." if mine else "you're travelling."))
        added = f"your visit to {them}" if mine else f"{them}'s visit to you"
        return speak(handler_input, f"Added: {added}, {span}. I'll tell {them}.", end=True)


def _traveler(handler_input, visit) -> str | None:
    """The name of whoever travels, from the traveler slot ("I'm visiting", "Ana is", "you are"),
    or None when it was not said (then we ask: guessing would put the wrong person on the plane)."""
    said = resolved(handler_input, "traveler")
    if not said:
        return None
    words = said.lower().removesuffix("'s").removesuffix(" is").strip()
    me, partner = visit.me, visit.partner
    if words == "me" or (me.name and words == me.name.lower()):
        return me.name or me.display_name
    if words == "my partner" or (partner.name and words == partner.name.lower()):
        return partner.name or partner.display_name
    return None


def _around(spoken_time: str | None) -> tuple[int, int] | None:
    """A clock time like "19:00" as a one-hour preference window starting then."""
    try:
        hours, minutes = (int(x) for x in (spoken_time or "").split(":")[:2])
    except ValueError:
        return None
    start = hours * 60 + minutes
    return (start, min(start + 60 + 45, 24 * 60))


def _visit_problem(exc: SchedulingError) -> str:
    name = type(exc).__name__
    if name == "VisitOverlap":
        return "That overlaps a visit you already have. Try other dates."
    return "Those dates don't work: the visit has to end on or after the day it starts."


class PlanCallHandler(IntentHandler):
    """"Plan our standing call on Sunday evenings": find the time, confirm both local times, then save."""

    intents = ("PlanCallIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        day, part = resolved(handler_input, "day"), slot(handler_input, "time")
        preference = _preference(day, part)
        try:
            near = schedule.plan_near(visit.couple, preference=preference, minutes=CALL_MINUTES,
                                      anchor=visit.pid, now=visit.now)
        except NoCommonTime as exc:
            return speak(handler_input, _no_common_time(exc, visit), ask=line("reprompt"))
        except SchedulingError:  # e.g. a spoken time the preference cannot hold ("24:00")
            return speak(handler_input, "I couldn't plan a call at that time. Try another day or time, like: "
                                        "plan our standing call on Sunday evenings.", ask=line("reprompt"))
        plan = near.plan
        first = plan.next_occurrence(visit.now)
        session(handler_input)["pending"] = "save_call"
        session(handler_input)["call_plan"] = schedule.serialise_plan(plan)
        when = both_local_times(first, visit.couple, visit.pid, today=visit.now)
        if near.exact:
            text = f"How about every week, starting {when}? Shall I save it?"
        else:
            text = (f"{_asked(preference, part)} inside both your waking hours all year. The closest time that "
                    f"does is every week, starting {when}. Shall I save it?")
        return speak(handler_input, text, ask="Shall I save that standing call? Yes or no?")


CALL_MINUTES = 45


def _preference(day: str | None, part: str | None) -> CallPreference:
    """"Sunday evenings" as the domain's preference (weekday, part of the day on the speaker's clock)."""
    name = (day or "").upper().rstrip("S")
    weekday = schedule.WEEKDAYS.index(name) if name in schedule.WEEKDAYS else None
    window = schedule.PARTS_OF_DAY.get(part) if part in schedule.PARTS_OF_DAY else _around(part)
    return CallPreference(weekday, window)


PARTS_SAID = {"MO": "mornings", "AF": "afternoons", "EV": "evenings", "NI": "nights"}


def _asked(preference: CallPreference, part: str | None) -> str:
    """What was asked, said back: "Sunday evenings don't fit", "Fridays don't fit", "That doesn't fit"."""
    day = schedule.WEEKDAYS[preference.weekday].capitalize() if preference.weekday is not None else None
    said = PARTS_SAID.get(part or "")
    if day and said:
        return f"{day} {said} don't fit"
    if day:
        return f"{day}s at that time don't fit" if part else f"{day}s don't fit"
    if said:
        return f"{said.capitalize()} don't fit"
    return "That time doesn't fit"


def _no_common_time(exc: NoCommonTime, visit) -> str:
    """Why no weekly call fits, and the smallest change of waking hours that would make one fit."""
    other = visit.partner.display_name
    said = (f"Your waking hours and {other}'s don't share {CALL_MINUTES} minutes on any day of the week, "
            f"all year round.")
    mine = schedule.domain_partner(visit.me).name
    changes = []
    for widening in exc.widenings:
        whose = "your" if widening.partner == mine else f"{other}'s"
        days = spoken_list([schedule.WEEKDAYS[d].capitalize() for d in widening.weekdays])
        if widening.earlier_minutes:
            changes.append(f"{whose} {days} hours started {minutes_phrase(widening.earlier_minutes)} earlier")
        if widening.later_minutes:
            changes.append(f"{whose} {days} hours ended {minutes_phrase(widening.later_minutes)} later")
    if changes:
        said += f" It would fit if {spoken_list(changes)}."
    return said + " Waking hours can be changed with the closer command."


@pending_action("save_call")
def save_call(handler_input, visit):
    """The yes after a proposed standing call."""
    stored = session(handler_input).pop("call_plan", None)
    if not stored or visit.couple is None:
        return speak(handler_input, "Let's start again: say plan our standing call.", ask=line("reprompt"))
    schedule.save_call(visit.couples, visit.couple.id, stored, visit.now)
    return offer_call_reminder(handler_input, visit, "Saved. It's in both your calendar feeds too; to add yours, say: send me our calendar link.")


HANDLERS = [NextCallHandler(), NextVisitHandler(), PartnerTimeHandler(), AddVisitHandler(), PlanCallHandler()]
