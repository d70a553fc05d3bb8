"""Long-distance voice features: nudges for voice notes, nudge settings, and "how are we doing?"."""
from __future__ import annotations

import logging

from ask_sdk_model.ui import AskForPermissionsConsentCard
from flask import current_app

from ... import nudges
from ...services import warmth
from ...speech_time import local_when
from ..speech import join, line
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
            return speak(handler_input, line("nudge_partner_not_enrolled", partner=name), end=True)
        said = local_when(when, visit.zone_name, today=visit.now)
        return speak(handler_input, line("nudge_voice_note", partner=name, when=said), end=True)


class EnableNudgesHandler(IntentHandler):
    """"Text me nudges": the mobile number from the Alexa profile, with double opt-in by SMS."""

    intents = ("EnableNudgesIntent",)

    def handle_visit(self, handler_input, visit):
        couple = visit.ensure_couple()
        number = _mobile_number(handler_input)
        if number is None:
            handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[MOBILE]))
            return speak(handler_input, line("nudges_need_number"), end=True)
        try:
            enrolment = nudges.enroll(_app(), couple.id, visit.pid, number, source="alexa", now=visit.now)
        except nudges.NudgeError as exc:
            log.info("enrolment refused", extra={"error": type(exc).__name__})
            return speak(handler_input, line("nudges_bad_number"), end=True)
        if enrolment.state == "active":
            return speak(handler_input, line("nudges_already_on"), end=True)
        return speak(handler_input, line("nudges_confirm_by_text"), end=True)


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
            return speak(handler_input, line("nudges_not_on"), ask=line("reprompt"))
        count = slot(handler_input, "count")
        try:
            if count is None:
                prefs = nudges.set_preferences(_app(), visit.couple.id, visit.pid, now=visit.now, enabled=False)
                # Without a number there was nothing to pause: say how to start, not "paused".
                return speak(handler_input, line("nudges_paused" if prefs.phone else "nudges_not_on"), end=True)
            per_week = int(count)
            prefs = nudges.set_preferences(_app(), visit.couple.id, visit.pid, now=visit.now, per_week=per_week,
                                           enabled=per_week > 0)
        except (ValueError, nudges.NudgeError) as exc:
            log.info("nudge settings refused", extra={"error": type(exc).__name__})
            return speak(handler_input, line("nudges_count_range"), ask=line("nudges_count_reprompt"))
        if not prefs.phone and per_week > 0:  # kept for when they turn text nudges on
            return speak(handler_input, line("nudges_kept_not_on", count=per_week), end=True)
        return speak(handler_input, line("nudges_set", count=per_week), end=True)


class HowAreWeDoingHandler(IntentHandler):
    """"How are we doing?": patterns over the last four weeks, never a streak to keep."""

    intents = ("HowAreWeDoingIntent",)

    def handle_visit(self, handler_input, visit):
        if visit.couple is None:
            return speak(handler_input, line("warmth_new"), ask=line("reprompt"))
        weeks = warmth.weeks(visit.redis, visit.couple.id, visit.local_date, count=4)
        return speak(handler_input, describe(weeks, visit.partner is not None), end=True)


def describe(weeks, paired: bool) -> str:
    """A gentle, pattern-level summary of the warmth log (weeks oldest first, the last one ending today)."""
    counts = [w.days_any for w in weeks]
    total, together = sum(counts), sum(w.days_both for w in weeks)
    if total == 0:
        return line("warmth_quiet")
    if not any(counts[:-1]):
        # Everything is from the last seven days: too soon for a trend ("more often lately" after a day).
        text = line("warmth_first_week", days=_days(total))
    else:
        trend = "warmth_more" if counts[-1] + counts[-2] > counts[0] + counts[1] else \
            "warmth_less" if counts[-1] + counts[-2] < counts[0] + counts[1] else "warmth_steady"
        text = line("warmth_weeks", days=_days(total), trend=line(trend), recent=_days(counts[-1]))
    both = None
    if paired and together:
        both = (line("warmth_both_every_time") if together == total else
                line("warmth_both_some_times", together=together))
    return join(text, both, line("warmth_pattern"))


def _days(count: int) -> str:
    return line("days_one") if count == 1 else line("days_many", count=count)


HANDLERS = [NudgePartnerHandler(), EnableNudgesHandler(), NudgeSettingsHandler(), HowAreWeDoingHandler()]
