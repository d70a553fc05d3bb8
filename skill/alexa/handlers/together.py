"""Long-distance voice features: nudges for voice notes, nudge settings, and "how are we doing?"."""
from __future__ import annotations

import logging

from ask_sdk_model.ui import AskForPermissionsConsentCard
from flask import current_app

from ... import nudges
from ...services import warmth
from ...speech_time import local_when
from ..speech import line
from .base import IntentHandler, needs_partner, slot, speak

log = logging.getLogger(__name__)
MOBILE = "alexa::profile:mobile_number:read"


def _app():
    return current_app._get_current_object()


class NudgePartnerHandler(IntentHandler):
    """"Nudge Ana to send me a voice note": an SMS at a good hour for both, if Ana agreed to texts."""

    intents = ("NudgePartnerIntent",)

    def handle_visit(self, handler_input, visit):
        if (early := needs_partner(handler_input, visit)) is not None:
            return early
        name = visit.partner.display_name
        when = nudges.request_voice_note(_app(), visit.couple.id, visit.pid, visit.now)
        if when is None:
            return speak(handler_input, f"{name} hasn't turned on text nudges yet, so I can't text them. They can "
                                        "say: text me nudges, on their Echo.", ask=line("reprompt"))
        said = local_when(when, visit.zone_name, today=visit.now)
        return speak(handler_input, f"Okay. I'll text {name} {said} your time, a good moment for both of you, "
                                    "to send you a voice note.", end=True)


class EnableNudgesHandler(IntentHandler):
    """"Text me nudges": the mobile number from the Alexa profile, with double opt-in by SMS."""

    intents = ("EnableNudgesIntent",)

    def handle_visit(self, handler_input, visit):
        couple = visit.ensure_couple()
        number = _mobile_number(handler_input)
        if number is None:
            handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[MOBILE]))
            return speak(handler_input, "To text you, I need your mobile number. I've sent a card to your Alexa app "
                                        "where you can share it. Then say: text me nudges, again.", end=True)
        try:
            enrolment = nudges.enroll(_app(), couple.id, visit.pid, number, source="alexa", now=visit.now)
        except nudges.NudgeError as exc:
            log.info("enrolment refused", extra={"error": type(exc).__name__})
            return speak(handler_input, "That number from your Alexa profile doesn't look like a mobile I can text. "
                                        "You can check it in the Alexa app.", end=True)
        if enrolment.state == "active":
            return speak(handler_input, "You're already set up for text nudges.", end=True)
        return speak(handler_input, "I'm texting you to check it's really you. Reply YES to that message to turn "
                                    "nudges on. You can reply STOP any time.", end=True)


def _mobile_number(handler_input) -> str | None:
    system = handler_input.request_envelope.context.system
    if not system.api_access_token:
        return None
    try:
        mobile = handler_input.service_client_factory.get_ups_service().get_profile_mobile_number()
    except Exception as exc:  # 403 without the permission; 5xx; timeouts
        log.info("mobile number unavailable", extra={"error": type(exc).__name__})
        return None
    if mobile is None or not mobile.phone_number:
        return None
    return f"{mobile.country_code or ''}{mobile.phone_number}"


class NudgeSettingsHandler(IntentHandler):
    """"Send me three nudges a week" / "stop my nudges"."""

    intents = ("NudgeSettingsIntent",)

    def handle_visit(self, handler_input, visit):
        if visit.couple is None:
            return speak(handler_input, "You haven't turned on text nudges. Say: text me nudges.", ask=line("reprompt"))
        count = slot(handler_input, "count")
        try:
            if count is None:
                nudges.set_preferences(_app(), visit.couple.id, visit.pid, now=visit.now, enabled=False)
                return speak(handler_input, "Okay, I've paused your nudges. Say: send me three nudges a week, "
                                            "to start them again.", end=True)
            per_week = int(count)
            nudges.set_preferences(_app(), visit.couple.id, visit.pid, now=visit.now, per_week=per_week,
                                   enabled=per_week > 0)
        except (ValueError, nudges.NudgeError) as exc:
            log.info("nudge settings refused", extra={"error": type(exc).__name__})
            return speak(handler_input, "I can send between one and seven nudges a week. How many would you like?",
                         ask="How many nudges a week?")
        return speak(handler_input, f"Done: up to {per_week} nudges a week, only at good hours for you both.",
                     end=True)


class HowAreWeDoingHandler(IntentHandler):
    """"How are we doing?": patterns over the last four weeks, never a streak to keep."""

    intents = ("HowAreWeDoingIntent",)

    def handle_visit(self, handler_input, visit):
        if visit.couple is None:
            return speak(handler_input, "We're just getting started. Try tonight's prompt, and I'll keep track of "
                                        "the warm moments.", ask=line("reprompt"))
        weeks = warmth.weeks(visit.redis, visit.couple.id, visit.local_date, count=4)
        return speak(handler_input, describe(weeks, visit.partner is not None), end=True)


def describe(weeks, paired: bool) -> str:
    """A gentle, pattern-level summary of the warmth log (weeks oldest first, the last one ending today)."""
    counts = [w.days_any for w in weeks]
    total, together = sum(counts), sum(w.days_both for w in weeks)
    if total == 0:
        return "It's been quiet for a few weeks, and that's okay. A small step tonight is plenty: ask for tonight's prompt."
    if not any(counts[:-1]):
        # Everything is from the last seven days: too soon for a trend ("more often lately" after a day).
        text = f"In the last seven days you made time for a ritual on {_days(total)}. That's a warm start."
    else:
        trend = "more often lately" if counts[-1] + counts[-2] > counts[0] + counts[1] else \
            "a little less lately" if counts[-1] + counts[-2] < counts[0] + counts[1] else "steadily"
        text = (f"Over the last four weeks you made time for a ritual on {_days(total)}, {trend}. "
                f"In the last seven days: {_days(counts[-1])}.")
    if paired and together:
        text += " Each time, you both did." if together == total else f" On {together} of them, you both did."
    return text + " What matters is the pattern, not perfection."


def _days(count: int) -> str:
    return "one day" if count == 1 else f"{count} days"


HANDLERS = [NudgePartnerHandler(), EnableNudgesHandler(), NudgeSettingsHandler(), HowAreWeDoingHandler()]
