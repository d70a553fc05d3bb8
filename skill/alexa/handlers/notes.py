""""Tell Ben I love him": a few words left for the partner, heard at their next visit.

The words are said about the partner but heard by them, so "him" becomes "you" (see
`second_person`). When that changed anything, the note is read back and sent only on a yes.
"""
from __future__ import annotations

from ask_sdk_model import Intent, Slot

from ...services import notes
from ..second_person import addressed_to_me, to_partner, without_addressee
from ..speech import line
from .base import (PENDING, IntentHandler, elicit, free_text, needs_partner, pending_action, pending_decline,
                   session, speak)

# Session key: the note read back, waiting for its yes.
NOTE = "note"


class LeaveNoteHandler(IntentHandler):
    """"Tell Ben I love him", "leave Ben a note", and the words asked for after it."""

    intents = ("LeaveNoteIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        said, safe_answer = free_text(handler_input, "message")
        if safe_answer is not None:
            return safe_answer
        if said and addressed_to_me(said):  # "tell me a story" is not a note for the partner
            return speak(handler_input, line("fallback"), ask=line("reprompt"))
        name = visit.partner.display_name
        words = without_addressee(said, name) if said else ""
        if not words:
            return elicit(handler_input, "message", line("note_ask", partner=name))
        note = to_partner(words)
        if note.changed:
            session(handler_input)[PENDING] = "send_note"
            session(handler_input)[NOTE] = note.text
            return speak(handler_input, line("note_confirm", partner=name, text=note.text),
                         ask=line("note_confirm_reprompt", partner=name))
        notes.leave(visit, visit.couple, note.text)
        return speak(handler_input, line("note_left", partner=name, text=note.text), end=True)


def ask_for_note(handler_input, partner: str, *, question: str = "note_ask", lead: str | None = None):
    """Ask for a note's words from outside LeaveNoteIntent ("I miss Ben" -> yes, "anything from
    Ana?" -> yes, a no to a read-back): the answer fills LeaveNoteIntent's `message`."""
    intent = Intent(name="LeaveNoteIntent", slots={"message": Slot(name="message"),
                                                   "partnerName": Slot(name="partnerName")})
    return elicit(handler_input, "message", line(question, partner=partner), intent, lead=lead)


@pending_action("send_note")
def send_note(handler_input, visit):
    """The yes after a note was read back: it is left for the partner."""
    text = session(handler_input).pop(NOTE, None)
    if not isinstance(text, str) or not text.strip() or visit.couple is None or visit.partner is None:
        return speak(handler_input, line("note_restart"), ask=line("reprompt"))
    notes.leave(visit, visit.couple, text)
    return speak(handler_input, line("note_sent", partner=visit.partner.display_name), end=True)


@pending_decline("send_note")
def rephrase_note(handler_input, visit):
    """The no: nothing is sent, and the words are asked for again, as said to the partner."""
    session(handler_input).pop(NOTE, None)
    if visit.partner is None:
        return None
    return ask_for_note(handler_input, visit.partner.display_name, lead=line("note_not_sent"))


HANDLERS = [LeaveNoteHandler()]
