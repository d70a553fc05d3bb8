"""A typed conversation with the skill, played the way Alexa would: `closer say` and tests use it.

`Conversation.say("what's tonight's prompt")` resolves the words against the interaction model,
builds the request envelope Alexa would send (LaunchRequest for "open closer together", else an
IntentRequest), keeps the session between turns exactly as Alexa does (sessionId, `new`, the
attributes the skill returned) and hands back the spoken text. After a Dialog.ElicitSlot the next
utterance answers that slot; after a Dialog.Delegate the model's own prompts are spoken, as Alexa
would, until the required slots are filled and the intent goes back COMPLETED.

`send` takes the envelope dict and returns the response envelope dict: an in-process Flask test
client call or an HTTP POST, chosen by the caller (no Flask import here).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

from . import envelopes
from .utterances import language_model, resolve, spoken_words

LAUNCH_VERBS = ("open", "start", "launch", "begin", "load", "run", "use", "play", "resume", "talk to", "ask", "tell")
CONNECTING_WORDS = ("to", "for", "about", "if", "whether", "that", "and")


@dataclass(frozen=True)
class Turn:
    """One exchange: what Alexa said back (plain text, SSML stripped) and the raw response."""

    speech_text: str
    reprompt_text: str | None
    card: dict | None
    directives: list[dict]
    should_end_session: bool | None
    raw: dict
    request: dict | None = field(default=None, repr=False)


def plain_speech(output_speech: dict | None) -> str:
    """The words of an outputSpeech object: SSML tags dropped, entities decoded, spaces tidied."""
    if not output_speech:
        return ""
    if output_speech.get("type") == "PlainText":
        return output_speech.get("text", "").strip()
    text = re.sub(r"<[^>]+>", " ", output_speech.get("ssml", ""))
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    return re.sub(r"\s+([,.!?;:])", r"\1", text)


class Conversation:
    """A user talking to the skill on one device; see the module docstring."""

    def __init__(self, send: Callable[[dict], dict], *, model: dict, user_id: str, device_id: str,
                 locale: str, skill_id: str, clock: Callable[[], datetime],
                 api_endpoint: str = envelopes.DEFAULT_API_ENDPOINT,
                 api_access_token: str = envelopes.DEFAULT_API_ACCESS_TOKEN, supports_apl: bool = False,
                 person_id: str | None = None, time_zone: str | None = None):
        self.send, self.model, self.clock = send, model, clock
        self.time_zone = ZoneInfo(time_zone) if time_zone else None  # the device's, for "tomorrow"
        self.caller = dict(user_id=user_id, device_id=device_id, locale=locale, skill_id=skill_id,
                           api_endpoint=api_endpoint, api_access_token=api_access_token,
                           supports_apl=supports_apl, person_id=person_id)
        self.session: dict | None = None  # {"sessionId", "new", "attributes"} while one is open
        self.expecting: tuple[str, str] | None = None
        self._dialog_slots: dict[str, str | None] = {}
        self.turns: list[Turn] = []
        self._invocation = spoken_words(language_model(model)["invocationName"])

    @property
    def session_open(self) -> bool:
        """True between a request that opened a session and the response that ends it."""
        return self.session is not None

    def say(self, utterance: str) -> Turn:
        """Speak `utterance` (wake word optional) and return the skill's answer."""
        words = spoken_words(utterance)
        if words[:1] == ["alexa"]:
            words = words[1:]
        if words in (["exit"], ["quit"]) and self.session_open:
            return self.end_session("USER_INITIATED")  # Alexa ends the session itself
        rest = self._after_launch_phrase(words)
        if rest is not None or not self.session_open:
            self._open_session()  # a launch, a one-shot "ask ... to ...", or a fresh invocation
            if rest == [] or (rest is None and not words):
                return self._send(envelopes.launch_request(**self._common()))
            words = rest if rest is not None else words
        resolved = resolve(self.model, " ".join(words), expecting=self.expecting, today=self._today())
        slots = dict(resolved.spoken)
        state = None
        if self._dialog_rules(resolved.intent) is not None:
            continuing = self.expecting is not None and self.expecting[0] == resolved.intent
            if continuing:
                slots = {**self._dialog_slots, **{k: v for k, v in slots.items() if v is not None}}
            state = "IN_PROGRESS" if continuing else "STARTED"
        return self._send_intent(resolved.intent, slots, state)

    def intent(self, name: str, slots: dict | None = None) -> Turn:
        """Send intent `name` as if Alexa's own language model had chosen it, without the resolver:
        for what only Alexa decides, such as AMAZON.FallbackIntent halfway through a dialog."""
        if not self.session_open:
            self._open_session()
        return self._send_intent(name, dict(slots or {}), None)

    def launch(self) -> Turn:
        """"Alexa, open closer together"."""
        return self.say("open " + " ".join(self._invocation))

    def silence(self) -> Turn | None:
        """The user says nothing after the reprompt: Alexa closes the session and tells the skill."""
        return self.end_session("EXCEEDED_MAX_REPROMPTS") if self.session_open else None

    def end_session(self, reason: str = "USER_INITIATED") -> Turn:
        """Send SessionEndedRequest (its response is ignored by Alexa) and forget the session."""
        envelope = envelopes.session_ended_request(reason, **self._common())
        raw = self.send(envelope)
        self._close()
        turn = Turn("", None, None, [], True, raw, envelope)
        self.turns.append(turn)
        return turn

    def event(self, event_type: str, body: dict | None = None) -> dict:
        """Deliver a skill event (e.g. "SkillDisabled") out of session; returns the raw response."""
        caller = {k: v for k, v in self._common().items() if k != "session"}
        return self.send(envelopes.skill_event(event_type, body=body, **caller))

    # --- internals ---------------------------------------------------------------------------

    def _after_launch_phrase(self, words: list[str]) -> list[str] | None:
        """Words after "open/ask/tell ... closer together [to]", or None if not a launch phrase."""
        n = len(self._invocation)
        if words == self._invocation:
            return []
        for verb in LAUNCH_VERBS:
            v = verb.split()
            if words[:len(v)] == v and words[len(v):len(v) + n] == self._invocation:
                rest = words[len(v) + n:]
                return rest[1:] if rest[:1] and rest[0] in CONNECTING_WORDS else rest
        return None

    def _today(self):
        now = self.clock()
        return (now.astimezone(self.time_zone) if self.time_zone and now.tzinfo else now).date()

    def _open_session(self) -> None:
        self.session = envelopes.new_session()
        self.expecting, self._dialog_slots = None, {}

    def _close(self) -> None:
        self.session, self.expecting, self._dialog_slots = None, None, {}

    def _common(self) -> dict:
        return {**self.caller, "timestamp": self.clock(), "session": self.session}

    def _dialog_rules(self, intent: str) -> dict | None:
        dialog = self.model.get("interactionModel", {}).get("dialog") or {}
        return next((i for i in dialog.get("intents", []) if i.get("name") == intent), None)

    def _send_intent(self, intent: str, slots: dict, state: str | None) -> Turn:
        envelope = envelopes.intent_request(intent, slots, dialog_state=state, model=self.model, **self._common())
        return self._send(envelope, intent, slots)

    def _send(self, envelope: dict, intent: str | None = None, slots: dict | None = None) -> Turn:
        raw = self.send(envelope)
        response = raw.get("response") or {}
        directives = response.get("directives") or []
        turn = Turn(plain_speech(response.get("outputSpeech")),
                    plain_speech((response.get("reprompt") or {}).get("outputSpeech")) or None,
                    response.get("card"), directives, response.get("shouldEndSession"), raw, envelope)
        self.turns.append(turn)
        if self.session is not None:
            self.session = {**self.session, "new": False, "attributes": raw.get("sessionAttributes") or {}}
        self.expecting, self._dialog_slots = None, {}
        dialog = next((d for d in directives if str(d.get("type", "")).startswith("Dialog.")), None)
        if turn.should_end_session or (turn.should_end_session is None and not dialog and not turn.reprompt_text):
            self._close()  # a voice-only device closes the session when the skill doesn't listen
            return turn
        if dialog and intent:
            updated = dialog.get("updatedIntent") or {}
            filled = {n: s.get("value") for n, s in (updated.get("slots") or {}).items()} or dict(slots or {})
            name = updated.get("name") or intent
            if dialog["type"] == "Dialog.ElicitSlot":
                self.expecting, self._dialog_slots = (name, dialog["slotToElicit"]), filled
            elif dialog["type"] == "Dialog.Delegate":
                return self._delegate(name, filled, turn)
        return turn

    def _delegate(self, intent: str, slots: dict, turn: Turn) -> Turn:
        """Alexa runs the dialog model: ask for the next required slot, or send COMPLETED."""
        for rule in (self._dialog_rules(intent) or {}).get("slots", []):
            if rule.get("elicitationRequired") and not slots.get(rule["name"]):
                prompt_id = rule.get("prompts", {}).get("elicitation")
                prompt = next(p for p in self.model["interactionModel"]["prompts"] if p["id"] == prompt_id)
                text = plain_speech({"type": "SSML", "ssml": prompt["variations"][0]["value"]})
                self.expecting, self._dialog_slots = (intent, rule["name"]), slots
                asked = Turn(text, text, None, turn.directives, False, turn.raw, turn.request)
                self.turns[-1] = asked
                return asked
        return self._send_intent(intent, slots, "COMPLETED")
