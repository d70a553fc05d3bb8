"""Tonight's prompt, another one, answering it, and hearing the partner's answer."""
from __future__ import annotations

from datetime import date, timedelta

from ...content import library
from ...services import answers, tonight, warmth
from .. import apl
from ..speech import join, line
from .base import (LAST_OPENER, LAST_PROMPT, PENDING, IntentHandler, free_text, intent_name, needs_partner,
                   pending_action, pending_decline, session, speak)


class TonightPromptHandler(IntentHandler):
    """"What's tonight's prompt?" — the couple's prompt for this partner's local evening."""

    intents = ("TonightPromptIntent",)
    another = False

    def handle_visit(self, handler_input, visit):
        return give_prompt(handler_input, visit, another=self.another)


def give_prompt(handler_input, visit, *, another: bool):
    """Speak tonight's prompt for this partner (with `another`, the next one of the evening)."""
    couple = visit.ensure_couple()
    given = tonight.prompt_for(visit.redis, couple, visit.pid, visit.evening_date, another=another,
                               evening=visit.evening)
    key = "tonight_next" if another else ("tonight_again" if given.repeated else "tonight")
    said = line(key, visit.evening_date.isoformat(), prompt=given.prompt.text)
    # A prompt that is something to do invites a word on how it went rather than an answer.
    to_try = "_try" if given.prompt.reply == "try" else ""
    if visit.partner is None:
        tail = line("tonight_solo_tail")  # it offers another one: a yes gives it
        session(handler_input)[PENDING] = "another_prompt"
    elif _partner_heard(visit, given.position):
        tail = line("tonight_partner_heard" + to_try, partner=visit.partner.display_name)
    elif _partner_missed(visit):  # their evening has passed: an answer waits for them (services.answers)
        tail = line("tonight_partner_missed", partner=visit.partner.display_name)
    else:
        tail = line("tonight_shared" + to_try, partner=visit.partner.display_name)
    session(handler_input)["last"] = LAST_PROMPT
    session(handler_input).pop(MISSED, None)  # an answer from now on is to this prompt
    waiting_note = None
    if not given.repeated:  # the first prompt of the evening is what marks the day
        warmth.record(visit.redis, couple.id, visit.pid, "prompt", visit.evening_date)
        waiting_note = _missed_note(visit) if visit.partner is not None and not another else None
    if apl.supports_apl(handler_input):  # the countdown is only worth computing for a screen
        apl.show(handler_input, line("screen_tonight_title"), given.prompt.text, _countdown_footer(visit))
    return speak(handler_input, join(visit.zone_note, said, waiting_note, tail), ask=line("reprompt"),
                 card=given.prompt.text)


def _partner_heard(visit, position: int) -> bool:
    """The other partner already had this prompt on their own evening of this date."""
    evening = visit.evening
    return (evening is not None and evening.partner_cursor is not None and evening.day == visit.evening_date
            and int(evening.partner_cursor) == position)


def _partner_missed(visit) -> bool:
    """The partner's own evening of this date passed before its prompt reached them (see
    services.tonight.partner_missed), judged from the evening read with the request."""
    evening = visit.evening
    if evening is None or evening.partner_cursor is not None or visit.partner is None:
        return False  # the usual case, decided without any date arithmetic (tonight's prompt is hot)
    return evening.day == visit.evening_date and tonight.partner_missed(evening, visit.partner.zone, visit.now)


def _countdown_footer(visit) -> str:
    """"12 days until you see Ana", for the screen, when a visit is planned."""
    if visit.couple is None or visit.partner is None or not visit.couple.visits:
        return ""
    from ...services import schedule

    countdown = schedule.timeline(visit.couple).days_until_next(visit.now, visit.zone_name)
    if countdown is None:
        return ""
    if countdown.ongoing or countdown.days == 0:
        return line("screen_together", partner=visit.partner.display_name)
    return line("screen_days_until", days=countdown.days, partner=visit.partner.display_name)


class AnotherPromptHandler(TonightPromptHandler):
    """"Another one" (also AMAZON.NextIntent right after a prompt). When the partner has already
    answered the current prompt and this partner has not, a yes comes first: moving on would mean
    the two answers never meet."""

    intents = ("AnotherPromptIntent",)
    another = True

    def handle_visit(self, handler_input, visit):
        if _partner_answer_waits(visit):
            session(handler_input)[PENDING] = "another_prompt"
            name = visit.partner.display_name
            return speak(handler_input, line("another_partner_answered", partner=name),
                         ask=line("another_partner_answered_reprompt"))
        return give_prompt(handler_input, visit, another=True)

    def can_handle(self, handler_input) -> bool:
        # The name first: ask-sdk asks every handler, and skill events carry no session to read.
        name = intent_name(handler_input)
        if name == "AnotherPromptIntent":  # right after an opener it means another opener (practices)
            return session(handler_input).get("last") != LAST_OPENER
        return name == "AMAZON.NextIntent" and session(handler_input).get("last") == LAST_PROMPT


@pending_action("another_prompt")
def another_prompt_anyway(handler_input, visit):
    """The yes to another prompt: offered to a partner on their own, or asked about because the
    partner's answer to the current prompt waits."""
    return give_prompt(handler_input, visit, another=True)


@pending_decline("another_prompt")
def stay_with_this_prompt(handler_input, visit):
    """The no to another prompt: stay with this one. A partner was only asked because their
    partner's answer waits, so they hear how to answer it."""
    if visit.partner is None:
        return speak(handler_input, line("another_declined_solo"), end=True)
    return speak(handler_input, line("another_declined_answer", partner=visit.partner.display_name),
                 ask=line("reprompt"))


def _partner_answer_waits(visit) -> bool:
    """The partner has answered this partner's current prompt tonight, and this partner has not."""
    if visit.couple is None or visit.partner is None:
        return False
    current = tonight.current_prompt_id(visit.redis, visit.couple.id, visit.pid, visit.evening_date, visit.evening)
    if current is None:
        return False
    known = answers.state(visit.redis, visit.couple.id, visit.pid, visit.partner.id, current)
    return known.theirs_exists and known.mine is None


class AnswerPromptHandler(IntentHandler):
    """"My answer is ..." — kept private until both partners have answered."""

    intents = ("AnswerPromptIntent",)

    def handle_visit(self, handler_input, visit):
        text, safe_answer = free_text(handler_input, "answer")
        if safe_answer is not None:
            return safe_answer
        if not text:
            return speak(handler_input, join(line("answer_ask"), line("answer_how")), ask=line("answer_how"))
        if visit.couple is None or visit.partner is None:
            return speak(handler_input, line("answer_unpaired"), ask=line("reprompt"))
        missed = _missed_in_session(handler_input)
        if missed is not None:  # answering an evening they missed, as offered at launch
            prompt_id, day = missed
            session(handler_input).pop(MISSED, None)
        else:
            prompt_id, day = tonight.current_prompt_id(visit.redis, visit.couple.id, visit.pid, visit.evening_date,
                                                       visit.evening), visit.evening_date
        if prompt_id is None:
            return speak(handler_input, line("answer_no_prompt"), ask=line("reprompt"))
        theirs = answers.save_answer(visit.redis, visit.couple.id, visit.pid, visit.partner.id, prompt_id,
                                     text, day, visit.now)
        warmth.record(visit.redis, visit.couple.id, visit.pid, "answer", visit.evening_date)
        name = visit.partner.display_name
        if theirs is None:
            if missed is None and _partner_missed(visit):
                return speak(handler_input, line("answer_saved_partner_missed", partner=name), end=True)
            from ...services import notify

            notify.something_waiting(visit, visit.partner.id)
            return speak(handler_input, line("answer_saved_waiting", partner=name), end=True)
        return speak(handler_input, line("answer_saved_reveal", partner=name, answer=theirs), end=True)


# session[MISSED]: {"prompt", "date"} of an evening this partner missed and said yes to answering.
MISSED = "missed_prompt"


def offer_missed_prompt(handler_input, visit) -> tuple[str, str] | None:
    """At launch: the latest earlier prompt the partner answered and this partner did not, offered
    so that answer does not stay unheard; returns (what to say, the reprompt), or None."""
    found = _waiting_answer(visit)
    if found is None:
        return None
    prompt_id, day, when = found
    try:
        text = library.prompt(prompt_id).text
    except KeyError:  # a prompt since taken out of the library: nothing to offer
        answers.stop_waiting(visit.redis, visit.couple.id, visit.pid, prompt_id)
        return None
    session(handler_input)[PENDING] = "answer_missed"
    session(handler_input)[MISSED] = {"prompt": prompt_id, "date": day.isoformat()}
    name = visit.partner.display_name
    return (line("missed_answer_offer", partner=name, day=when, prompt=text),
            line("missed_answer_reprompt", partner=name, day=when))


def _missed_note(visit) -> str | None:
    """Said with the first prompt of an evening: an earlier prompt the partner answered and this
    partner did not waits to be answered, which "open Closer Together" offers."""
    found = _waiting_answer(visit)
    return None if found is None else line("missed_answer_note", partner=visit.partner.display_name, day=found[2])


def _waiting_answer(visit) -> tuple[str, date, str] | None:
    """The latest earlier prompt whose answer from the partner waits for this partner's: its id,
    its evening's date, and that date as said ('Monday' within the last week, else 'November 18')."""
    found = answers.waiting_before(visit.redis, visit.couple.id, visit.pid, visit.evening_date)
    if found is None:
        return None
    prompt_id, day = found
    when = f"{day:%A}" if visit.local_date - day < timedelta(days=7) else f"{day:%B} {day.day}"
    return prompt_id, day, when


def _missed_in_session(handler_input) -> tuple[str, date] | None:
    """The missed prompt this session said yes to (the session comes back from the device, so
    anything unreadable counts as none)."""
    missed = session(handler_input).get(MISSED)
    try:
        return str(missed["prompt"]), date.fromisoformat(missed["date"])
    except (KeyError, TypeError, ValueError):
        return None


@pending_action("answer_missed")
def answer_missed(handler_input, visit):
    """The yes: the answer said next is to that prompt."""
    if _missed_in_session(handler_input) is None:
        return speak(handler_input, line("reprompt"), ask=line("reprompt"))
    return speak(handler_input, line("missed_answer_go"), ask=line("answer_how"))


@pending_decline("answer_missed")
def let_missed_go(handler_input, visit):
    """The no: that prompt is not offered again."""
    missed = _missed_in_session(handler_input)
    session(handler_input).pop(MISSED, None)
    if missed is not None and visit.couple is not None:
        answers.stop_waiting(visit.redis, visit.couple.id, visit.pid, missed[0])
    return speak(handler_input, line("missed_answer_declined"), ask=line("reprompt"))


class PartnerAnswerHandler(IntentHandler):
    """"What did Ana say?" — only once both have answered."""

    intents = ("PartnerAnswerIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        name = visit.partner.display_name
        prompt_id = tonight.current_prompt_id(visit.redis, visit.couple.id, visit.pid, visit.evening_date, visit.evening)
        if prompt_id is None:
            return speak(handler_input, line("answer_no_prompt"), ask=line("reprompt"))
        known = answers.state(visit.redis, visit.couple.id, visit.pid, visit.partner.id, prompt_id)
        if known.theirs is not None:
            return speak(handler_input, line("partner_answer", partner=name, answer=known.theirs), end=True)
        if known.theirs_exists:  # it asks for this partner's answer: keep listening
            return speak(handler_input, line("partner_answer_wait_for_you", partner=name), ask=line("reprompt"))
        if _partner_missed(visit):
            return speak(handler_input, line("partner_answer_missed", partner=name), end=True)
        return speak(handler_input, line("partner_answer_none", partner=name), end=True)


HANDLERS = [TonightPromptHandler(), AnotherPromptHandler(), AnswerPromptHandler(), PartnerAnswerHandler()]
