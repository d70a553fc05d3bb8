"""Time across distance by voice: next call, next visit, the partner's time, adding visits and calls."""
from __future__ import annotations

from datetime import date, timedelta

from scheduling import CallPreference, NoCommonTime, SchedulingError, Visit
from scheduling.zones import get_zone

from ...services import schedule, visit_news
from ...speech_time import both_local_times, clock_phrase, day_phrase, local_when, minutes_phrase
from .. import apl
from ..speech import join, line, spoken_list
from ..spoken_dates import days_meant, visit_days
from .base import PENDING, IntentHandler, elicit, needs_partner, pending_action, resolved, session, slot, speak
from .reminders import call_reminder_settled, follow_visits, offer_call_reminder


class NextCallHandler(IntentHandler):
    """"When is our next call?" — in both partners' local times."""

    intents = ("NextCallIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        upcoming, rested = schedule.next_call_after_rest(visit.couple, visit.now)
        if upcoming is None:
            return speak(handler_input, line("next_call_none"), ask=line("reprompt"))
        when = both_local_times(upcoming, visit.couple, visit.pid, today=visit.now)
        resting = line("call_rests") if rested else None
        said = join(follow_visits(handler_input, visit), resting, line("next_call", when=when),
                    _clock_change_warning(visit, upcoming))
        if not call_reminder_settled(visit):
            return offer_call_reminder(handler_input, visit, said)
        return speak(handler_input, said, card=said, end=True)


def _clock_change_warning(visit, upcoming) -> str | None:
    """A heads-up when the time difference changes before the next call (or within a week)."""
    from scheduling.feeds import difference_words

    horizon = max(upcoming, visit.now + timedelta(days=7))
    changes = schedule.clock_changes(visit.couple, visit.pid, visit.now, days=(horizon - visit.now).days + 1)
    if not changes:
        return None
    change = changes[0]
    day = day_phrase(change.at, visit.zone_name, today=visit.now)
    return line("clock_change_warning", day=day, partner=visit.partner.display_name,
                before=difference_words(change.before_minutes), after=difference_words(change.after_minutes))


def days_until_together(visit):
    """The countdown to the couple's next visit on this partner's date, or None without one."""
    if visit.couple is None or not visit.couple.visits:
        return None
    return schedule.timeline(visit.couple).days_until_next(visit.now, visit.zone_name)


def together_now(countdown) -> bool:
    """The visit counted down to has begun (today is its first day, or it is under way)."""
    return countdown is not None and (countdown.ongoing or countdown.days == 0)


def countdown_said(countdown) -> str | None:
    """'5 more days, and you'll be together.' (None once the visit has begun, or without one)."""
    if countdown is None or together_now(countdown):
        return None
    return line("countdown_tomorrow") if countdown.days == 1 else line("countdown_days", days=countdown.days)


class NextVisitHandler(IntentHandler):
    """"When is our next visit?" — the countdown on this partner's own date."""

    intents = ("NextVisitIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        countdown = schedule.timeline(visit.couple).days_until_next(visit.now, visit.zone_name)
        if countdown is None:
            return speak(handler_input, line("next_visit_none"), ask=line("reprompt"))
        v = countdown.visit
        span = line("visit_span", start=v.start, end=v.end)
        in_place = "_in" if v.where else ""  # each sentence has a twin that says where
        # Visits added from the terminal may name either partner as the one who travels.
        travelling = (line("visit_you_travel") if v.traveler == visit.me.name else
                      line("visit_partner_travels", traveler=v.traveler))
        if countdown.starts_today:
            length = (line("visit_length_one_day") if v.days == 1 else
                      line("visit_length_days", days=v.days, end=v.end))
            text = line("visit_today" + in_place, place=v.where, travelling=travelling, length=length)
            big = line("screen_visit_today")
        elif countdown.ongoing:
            text = line("visit_together_now" + in_place, place=v.where, day_number=countdown.day_number,
                        days=v.days, end=v.end)
            big = line("screen_visit_together")
        else:
            unit = line("unit_day") if countdown.days == 1 else line("unit_days")
            text = line("visit_countdown" + in_place, days=countdown.days, unit=unit, span=span, place=v.where,
                        travelling=travelling)
            big = line("screen_visit_days", days=countdown.days, unit=unit)
        apl.show(handler_input, line("screen_visit_title"), big, line("screen_visit_dates", start=v.start, end=v.end))
        return speak(handler_input, text, card=text, end=True)


class PartnerTimeHandler(IntentHandler):
    """"What time is it for my partner?"."""

    intents = ("PartnerTimeIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        other = visit.partner
        if not other.zone:
            return speak(handler_input, line("partner_zone_unknown", partner=other.display_name), ask=line("reprompt"))
        theirs = visit.now.astimezone(get_zone(other.zone))
        days_apart = (theirs.date() - visit.local_date).days
        key = {1: "partner_time_ahead", -1: "partner_time_behind"}.get(days_apart, "partner_time")
        text = line(key, clock=clock_phrase(visit.now, other.zone), partner=other.display_name, day=theirs,
                    apart=_clocks_apart(theirs, visit.local_now))
        return speak(handler_input, join(text, _free_for_calls(visit)), end=True)


def _clocks_apart(theirs, mine) -> str:
    """'5 hours and 30 minutes ahead of you', 'an hour behind you', 'the same time as you'."""
    minutes = int((theirs.utcoffset() - mine.utcoffset()).total_seconds() // 60)
    if minutes == 0:
        return line("partner_apart_same")
    return line("partner_apart_ahead" if minutes > 0 else "partner_apart_behind", amount=minutes_phrase(abs(minutes)))


def _free_for_calls(visit) -> str:
    """Whether now is inside the partner's free hours for calls, or when those next begin."""
    other = visit.partner
    free = schedule.domain_partner(other).free_from(visit.now)
    if free <= visit.now:
        return line("partner_free_now", partner=other.display_name)
    wait = int((free - visit.now).total_seconds() // 60)
    if wait < 20 * 60:
        return line("partner_free_in", partner=other.display_name, wait=minutes_phrase(wait),
                    clock=clock_phrase(free, other.zone))
    return line("partner_free_on", partner=other.display_name, when=local_when(free, other.zone, today=visit.now))


class AddVisitHandler(IntentHandler):
    """"Add a visit from March 4th to March 11th" — the other partner hears it at their next launch."""

    intents = ("AddVisitIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        # Asked one at a time, as a person would: "add a visit" alone is the start of a dialog.
        start, end = visit_days(slot(handler_input, "startDate"), slot(handler_input, "endDate"), visit.local_date)
        if start is None:
            return elicit(handler_input, "startDate", line("visit_ask_start"))
        if end is None:
            return elicit(handler_input, "endDate", line("visit_ask_end", start=start))
        traveler = _traveler(handler_input, visit)
        try:
            new = Visit(start=start, end=end, traveler=traveler or "")
            if traveler is None:
                # Dates that cannot be kept are said before asking who travels, not after.
                schedule.check_visit(visit.couple, new)
                # Someone other than the two of them ("Bob is") is not a visit between them.
                question = "visit_who_travels_of_you_two" if slot(handler_input, "traveler") else "visit_who_travels"
                return elicit(handler_input, "traveler", line(question, partner=visit.partner.display_name))
            visit.couple = visit.couples.update(visit.couple.id, lambda c: schedule.add_visit(c, new))
        except SchedulingError as exc:
            return speak(handler_input, _visit_problem(exc), ask=line("reprompt"))
        mine = traveler == visit.me.name
        visit_news.announce_added(visit.redis, visit.couple, visit.pid, new, now=visit.now,
                                  traveller_pid=visit.pid if mine else visit.partner.id)
        span = line("visit_span", start=start, end=end)
        added = "visit_added_yours" if mine else "visit_added_theirs"
        said = join(line(added, partner=visit.partner.display_name, span=span), follow_visits(handler_input, visit))
        return speak(handler_input, said, end=True)


class CancelVisitHandler(IntentHandler):
    """"Cancel our visit" (or "the visit on December 20th is off"): which one, then a yes first;
    both calendars drop it and the standing call stops resting for it."""

    intents = ("CancelVisitIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        ahead = schedule.visits_from(visit.couple, visit.local_date)
        if not ahead:
            return speak(handler_input, line("visit_cancel_none"), end=True)
        said = days_meant(slot(handler_input, "visitDate"))
        chosen = [v for v in ahead if v.start <= said[1] and said[0] <= v.end] if said else ahead
        if len(chosen) != 1:
            starts = spoken_list([line("visit_cancel_option", start=v.start) for v in ahead[:3]])
            key = "visit_cancel_not_found" if said and not chosen else "visit_cancel_which"
            return elicit(handler_input, "visitDate", line(key, count=len(ahead), starts=starts))
        chosen_visit = chosen[0]
        session(handler_input)[PENDING] = "cancel_visit"
        session(handler_input)["cancel_visit"] = chosen_visit.start.isoformat()
        span = line("visit_span", start=chosen_visit.start, end=chosen_visit.end)
        return speak(handler_input, line("visit_cancel_confirm", span=span),
                     ask=line("visit_cancel_reprompt"))


@pending_action("cancel_visit")
def cancel_visit(handler_input, visit):
    """The yes to calling a visit off: take it off the timeline, tell the partner (unless they had
    not heard of it yet), and move this partner's call reminders back onto those days."""
    try:  # the session comes back from the device
        start = date.fromisoformat(str(session(handler_input).pop("cancel_visit", None)))
    except ValueError:
        return speak(handler_input, line("reprompt"), ask=line("reprompt"))
    gone = [v for v in schedule.visits(visit.couple) if v.start == start]
    removed = []
    if gone:
        visit.couple = visit.couples.update(visit.couple.id, lambda c: removed.append(schedule.remove_visit(c, start)))
    if not gone or not removed[-1]:
        return speak(handler_input, line("visit_cancel_already"), end=True)
    told = visit_news.announce_cancelled(visit.redis, visit.couple, visit.pid, gone[0], now=visit.now)
    span = line("visit_span", start=gone[0].start, end=gone[0].end)
    said = join(line("visit_cancelled" if told else "visit_cancelled_unheard", span=span,
                     partner=visit.partner.display_name), follow_visits(handler_input, visit))
    return speak(handler_input, said, end=True)


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


def _visit_problem(exc: SchedulingError) -> str:
    name = type(exc).__name__
    if name == "VisitOverlap":
        return line("visit_overlap")
    return line("visit_dates_backwards")


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
            return speak(handler_input, _no_common_time(exc, visit), end=True)
        except SchedulingError:  # e.g. a spoken time the preference cannot hold ("24:00")
            return speak(handler_input, line("plan_call_unplannable"), ask=line("reprompt"))
        plan = near.plan
        first = plan.next_occurrence(visit.now)
        session(handler_input)["pending"] = "save_call"
        session(handler_input)["call_plan"] = schedule.serialise_plan(plan)
        when = both_local_times(first, visit.couple, visit.pid, today=visit.now)
        if near.exact:
            text = line("plan_call_exact", when=when)
        else:
            text = line("plan_call_nearest", asked=_asked(preference, part), when=when)
        return speak(handler_input, text, ask=line("plan_call_reprompt"))


CALL_MINUTES = 45


def _preference(day: str | None, part: str | None) -> CallPreference:
    """"Sunday evenings" as the domain's preference (weekday, part of the day on the speaker's
    clock); what Alexa heard but cannot be a day or a time is left out, as if not said."""
    try:
        weekday = schedule.call_preference(day, None, CALL_MINUTES).weekday
    except ValueError:
        weekday = None
    try:
        window = schedule.call_preference(None, part, CALL_MINUTES).part
    except ValueError:
        window = None
    return CallPreference(weekday, window)


PARTS_SAID = {"MO": "part_mornings", "AF": "part_afternoons", "EV": "part_evenings", "NI": "part_nights"}


def _asked(preference: CallPreference, part: str | None) -> str:
    """What was asked, said back: "Sunday evenings don't fit", "Fridays don't fit", "That doesn't fit"."""
    day = schedule.WEEKDAYS[preference.weekday].capitalize() if preference.weekday is not None else None
    said = line(PARTS_SAID[part]) if part in PARTS_SAID else None
    if day and said:
        return line("asked_day_part", day=day, part=said)
    if day:
        return line("asked_day_at_time", day=day) if part else line("asked_day", day=day)
    if said:
        return line("asked_part", part=said.capitalize())
    return line("asked_time")


def _no_common_time(exc: NoCommonTime, visit) -> str:
    """Why no weekly call fits, and the smallest change of waking hours that would make one fit."""
    other = visit.partner.display_name
    mine = schedule.domain_partner(visit.me).name
    changes = []
    for widening in exc.widenings:
        whose = "widening_mine" if widening.partner == mine else "widening_theirs"
        days = spoken_list([schedule.WEEKDAYS[d].capitalize() for d in widening.weekdays])
        if widening.earlier_minutes:
            changes.append(line(whose + "_earlier", partner=other, days=days,
                                amount=minutes_phrase(widening.earlier_minutes)))
        if widening.later_minutes:
            changes.append(line(whose + "_later", partner=other, days=days,
                                amount=minutes_phrase(widening.later_minutes)))
    return join(line("no_common_time", partner=other, minutes=CALL_MINUTES),
                line("no_common_time_fix", changes=spoken_list(changes)) if changes else None,
                line("no_common_time_how", partner=other))


@pending_action("save_call")
def save_call(handler_input, visit):
    """The yes after a proposed standing call."""
    stored = session(handler_input).pop("call_plan", None)
    if not stored or visit.couple is None:
        return speak(handler_input, line("plan_call_restart"), ask=line("reprompt"))
    schedule.save_call(visit.couples, visit.couple.id, stored, visit.now)
    return offer_call_reminder(handler_input, visit, line("call_saved"))


HANDLERS = [NextCallHandler(), NextVisitHandler(), PartnerTimeHandler(), AddVisitHandler(), CancelVisitHandler(),
            PlanCallHandler()]
