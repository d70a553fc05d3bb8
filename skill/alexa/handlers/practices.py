"""The guided two-minute presence practice, conversation openers, and the six-week plan."""
from __future__ import annotations

from ...content import library
from ...services import relay, tonight, warmth
from ..speech import join, line, ssml
from .base import LAST_OPENER, PENDING, IntentHandler, pending_action, session, speak

MAX_BREAK_SECONDS = 10  # Alexa's longest single <break>


def pause(seconds: int) -> str:
    """SSML silence of `seconds`, split into breaks Alexa accepts."""
    chunks = []
    while seconds > 0:
        step = min(seconds, MAX_BREAK_SECONDS)
        chunks.append(f'<break time="{step}s"/>')
        seconds -= step
    return "".join(chunks)


def presence_ssml() -> str:
    """The whole practice as SSML: spoken steps with pauses between them."""
    parts = [ssml(line("presence_intro"))]
    for step in library.presence_steps():
        parts.append(ssml(step.say))
        parts.append(pause(step.pause_seconds))
    parts.append(ssml(line("presence_outro")))
    return " ".join(parts)


class PresenceHandler(IntentHandler):
    """"Guide us through a presence practice"."""

    intents = ("PresenceIntent",)

    def handle_visit(self, handler_input, visit):
        return presence(handler_input, visit)


@pending_action("presence")
def presence(handler_input, visit):
    """The practice itself (also the yes to "would you like a presence practice?")."""
    if visit.couple is not None:
        warmth.record(visit.redis, visit.couple.id, visit.pid, "presence", visit.local_date)
    return speak(handler_input, presence_ssml(), raw_ssml=True, end=True)


class OpenerHandler(IntentHandler):
    """"Help me start a hard conversation"; then "another one", "next" or a yes give the next opener."""

    intents = ("OpenerIntent",)

    def handle_visit(self, handler_input, visit):
        return next_opener(handler_input, visit)


class AnotherOpenerHandler(OpenerHandler):
    """"Another one" or "next" right after an opener means another opener, not another prompt
    (which would also change the prompt both partners share tonight)."""

    intents = ("AnotherPromptIntent", "AMAZON.NextIntent")

    def can_handle(self, handler_input) -> bool:
        return super().can_handle(handler_input) and session(handler_input).get("last") == LAST_OPENER


@pending_action("another_opener")
def next_opener(handler_input, visit):
    """The next opener of this session (a different start each day), offering one more."""
    openers = library.openers()
    ordinal = session(handler_input).get("opener", -1) + 1
    session(handler_input)["opener"] = ordinal
    session(handler_input)["last"] = LAST_OPENER
    session(handler_input)[PENDING] = "another_opener"
    seed = sum(map(ord, visit.user_id)) + visit.local_date.toordinal()
    opener = openers[(seed + ordinal) % len(openers)]
    said = line("opener_next" if ordinal else "opener_intro", opener=opener.text)
    return speak(handler_input, join(said, line("opener_reprompt")), ask=line("opener_reprompt"))


class PlanWeekHandler(IntentHandler):
    """"What's this week of the plan?"."""

    intents = ("PlanWeekIntent",)

    def handle_visit(self, handler_input, visit):
        start = visit.couple.plan_start_date() if visit.couple else None
        if start is None:
            session(handler_input)["pending"] = "start_plan"
            return speak(handler_input, line("plan_not_started"), ask=line("plan_start_reprompt"))
        week = tonight.plan_week(start, visit.local_date)
        if week is None:
            return speak(handler_input, line("plan_done"), end=True)
        return speak(handler_input, describe_week(week), end=True, card=describe_week(week))


def describe_week(number: int) -> str:
    """A spoken summary of week `number` of the plan."""
    week = library.plan_week(number)
    return line("plan_week", number=number, title=week.title, focus=week.focus, tasks=" ".join(week.tasks))


def start_plan(visit) -> str:
    """Start (or restart) the six-week plan today, tell the partner; returns what to say."""
    couple = visit.ensure_couple()
    today = visit.local_date.isoformat()
    visit.couple = visit.couples.update(couple.id, lambda c: setattr(c, "plan_start", today))
    if visit.partner is not None:
        # The plan is the couple's: the other partner hears it began, instead of finding out by asking.
        relay.leave(visit.redis, visit.couple.id, visit.partner.id, "note", visit.now,
                    text=line("plan_started_note", name=visit.me.display_name))
    return join(line("plan_started"), describe_week(1))


@pending_action("start_plan")
def start_plan_confirmed(handler_input, visit):
    """A yes to "would you like to start the plan today?"."""
    return speak(handler_input, start_plan(visit), end=True)


class PlanStartHandler(IntentHandler):
    """"Start the six week plan"."""

    intents = ("PlanStartIntent",)

    def handle_visit(self, handler_input, visit):
        week = tonight.plan_week(visit.couple.plan_start_date(), visit.local_date) if visit.couple else None
        if week is not None:
            # Under way: starting over would lose the couple's place, so it is asked first.
            session(handler_input)["pending"] = "start_plan"
            return speak(handler_input, line("plan_restart_ask", number=week), ask=line("plan_restart_reprompt"))
        return speak(handler_input, start_plan(visit), end=True)


HANDLERS = [PresenceHandler(), OpenerHandler(), AnotherOpenerHandler(), PlanWeekHandler(), PlanStartHandler()]
