"""Speaking what the other partner left: appreciations, check-ins, notes, revealed answers, visit
news; at launch, when asked ("anything from Ben?"), and after a one-shot request."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import redis
from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_model.ui import Reprompt, SsmlOutputSpeech

from ...services import notes, relay, visit_news
from ..context import VISIT_KEY, Visit
from ..speech import join, line, ssml
from .base import PENDING, IntentHandler, intent_name, needs_partner, pending_action, session, speak
from .notes import ask_for_note
from .safety import answered_safely

log = logging.getLogger(__name__)


def _spoken(item: dict, partner_name: str, my_pid: str) -> str | None:
    kind = item.get("kind")
    if kind == "appreciation":
        return line("delivered_appreciation", partner=partner_name, text=item["text"])
    if kind == notes.KIND:
        return line("delivered_partner_note", partner=partner_name, text=item["text"])
    if kind == "checkin":
        return line("delivered_checkin", partner=partner_name, need=item["need"], appreciation=item["appreciation"])
    if kind == "answer":
        when = date.fromisoformat(item["date"]).strftime("%A")
        return line("delivered_answer", partner=partner_name, date=when, answer=item["text"])
    if kind in (visit_news.ADDED, visit_news.CANCELLED):
        return line("delivered_note", text=_visit_news(item, partner_name, my_pid))
    if kind == "note":
        return line("delivered_note", text=item["text"])
    if kind == "unlinked":
        return line("delivered_unlinked", name=item.get("name") or line("partner_unnamed_start"))
    return None


def _visit_news(item: dict, partner_name: str, my_pid: str) -> str:
    """News of a visit, told from the listener's side. Couples are two, so a traveller who is
    not the listener is the partner; news without a `by` came from the `closer` command."""
    span = line("visit_span", start=date.fromisoformat(item["start"]), end=date.fromisoformat(item["end"]))
    by_partner = item.get("by") != visit_news.FROM_CLOSER
    if item["kind"] == visit_news.CANCELLED:
        return line("visit_note_cancelled" if by_partner else "visit_note_removed", name=partner_name, span=span)
    if item.get("traveller") == my_pid:
        key = "visit_note_you_travel" if by_partner else "visit_note_added_you_travel"
    else:
        key = "visit_note_coming" if by_partner else "visit_note_added_coming"
    return line(key, name=partner_name, span=span)


# Items spoken in one reply. A partner away for a while can find dozens waiting: all at once would
# run for minutes and past Alexa's 8,000 characters of speech, so the rest is offered after these.
AT_ONCE = 3


@dataclass(frozen=True)
class Delivered:
    """What was taken for this partner, as speech ('' when nothing), the kinds it held, and how
    many items still wait."""

    speech: str = ""
    kinds: frozenset[str] = frozenset()
    more: int = 0


def deliver_waiting(visit: Visit) -> Delivered:
    """Take the oldest items waiting for this partner (AT_ONCE of them) and return them spoken."""
    if not visit.couple or not visit.pid:
        return Delivered()
    items, more = relay.take_some(visit.redis, visit.couple.id, visit.pid, AT_ONCE)
    name = visit.partner.display_name if visit.partner else line("partner_unnamed_start")
    return Delivered(_said(items, name, visit.pid), frozenset(item.get("kind") for item in items), more)


def _said(items: list[dict], partner_name: str, my_pid: str) -> str:
    """The items spoken in order; a note right after another note is not introduced again."""
    spoken, previous = [], None
    for item in items:
        if item.get("kind") == notes.KIND and previous == notes.KIND:
            spoken.append(line("delivered_partner_note_more", partner=partner_name, text=item["text"]))
        else:
            spoken.append(_spoken(item, partner_name, my_pid))
        previous = item.get("kind")
    return join(*spoken)


def offer_more(handler_input, visit, delivered: Delivered) -> tuple[str, str]:
    """The question after a batch when more waits: (what to say, the reprompt). A yes hears the next."""
    session(handler_input)[PENDING] = "hear_more"
    name = visit.partner.display_name if visit.partner else line("partner_unnamed")
    key = "more_waiting_one" if delivered.more == 1 else "more_waiting_many"
    return line(key, partner=name, count=delivered.more), line("more_waiting_reprompt")


@pending_action("hear_more")
def hear_more(handler_input, visit):
    """The yes to "would you like to hear the rest?": the next batch, and the offer again if need be."""
    delivered = deliver_waiting(visit)
    return _with_rest_offered(handler_input, visit, delivered) or speak(
        handler_input, join(delivered.speech, line("more_done")), ask=line("reprompt"))


def _with_rest_offered(handler_input, visit, delivered: Delivered):
    """The batch spoken with the question about the rest, when more waits; None when nothing does."""
    if not delivered.more:
        return None
    question, reprompt = offer_more(handler_input, visit, delivered)
    return speak(handler_input, join(delivered.speech, question), ask=reprompt)


class WaitingForMeHandler(IntentHandler):
    """"Anything from Ben?": what waits, a few at a time, then the chance to leave a note back."""

    intents = ("WaitingForMeIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        name = visit.partner.display_name
        delivered = deliver_waiting(visit)
        if (rest := _with_rest_offered(handler_input, visit, delivered)) is not None:
            return rest
        session(handler_input)[PENDING] = "note_back"
        key = "waiting_note_back" if delivered.speech else "waiting_nothing"
        return speak(handler_input, join(delivered.speech, line(key, partner=name)),
                     ask=line("waiting_note_back_reprompt", partner=name))


@pending_action("note_back")
def note_back(handler_input, visit):
    """The yes to leaving the partner a note: its words are asked for."""
    if visit.partner is None:
        return speak(handler_input, line("unpaired"), ask=line("reprompt"))
    return ask_for_note(handler_input, visit.partner.display_name)


# Answers after which nothing more is offered: a goodbye, "forget me", and "anything from Ana?"
# itself. The safety message, whatever intent it answered, is never added to (answered_safely).
_NOTHING_AFTER = {"AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent",
                  "AMAZON.PauseIntent", "ForgetMeIntent", "WaitingForMeIntent"}


class OfferWhatWaits(AbstractResponseInterceptor):
    """A one-shot request ("ask Closer Together when our next call is") never opens Closer, so
    what the partner left would wait for a launch that may never come. When such an answer ends
    the session and something waits, it asks whether to hear it (a yes hears it, as at launch).

    Only answers that end the session in a new one pay the extra read; tonight's prompt, which
    waits for an answer, does not. A store that cannot answer costs the offer, not the answer."""

    def process(self, handler_input, response):
        envelope = handler_input.request_envelope
        if (response is None or response.should_end_session is not True or response.directives
                or not isinstance(response.output_speech, SsmlOutputSpeech)
                or envelope.session is None or not envelope.session.new
                or intent_name(handler_input) in _NOTHING_AFTER or answered_safely(handler_input)):
            return
        visit = handler_input.attributes_manager.request_attributes.get(VISIT_KEY)
        if visit is None or visit.couple is None or visit.partner is None or not visit.pid:
            return
        try:
            count = relay.waiting(visit.redis, visit.couple.id, visit.pid)
        except redis.RedisError:
            log.warning("could not count what waits for this partner", exc_info=True)
            return
        if not count:
            return
        name = visit.partner.display_name
        question = line("waiting_after_one" if count == 1 else "waiting_after_many", partner=name, count=count)
        said = response.output_speech.ssml.removesuffix("</speak>")
        response.output_speech = SsmlOutputSpeech(ssml=f"{said} {ssml(question)}</speak>")
        response.reprompt = Reprompt(output_speech=SsmlOutputSpeech(
            ssml=f"<speak>{ssml(line('more_waiting_reprompt'))}</speak>"))
        response.should_end_session = False
        session(handler_input)[PENDING] = "hear_more"


HANDLERS = [WaitingForMeHandler()]
