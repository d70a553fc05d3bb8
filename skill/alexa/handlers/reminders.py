"""Alexa reminders, offered at the moment they make sense and set in each partner's own zone.

A standing call is written in the anchor partner's zone, so the other partner's local time may
move for a week or two around clock changes, and the call rests on the days of a visit. Weekly
and biweekly calls get repeating reminders, one per stretch of calls at the same wall time,
split around visits; a monthly call gets one-off reminders for the next calls, and we say so
(scheduling.reminder_series). When visits change after a partner said yes, their reminders
follow at their next launch or "when is our next call".
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from ask_sdk_model.services.reminder_management import (AlertInfo, PushNotification, PushNotificationStatus,
                                                        Recurrence, ReminderRequest, SpokenInfo, SpokenText,
                                                        Trigger, TriggerType)
from ask_sdk_model.ui import AskForPermissionsConsentCard

from scheduling import paused_for_visits
from scheduling.reminder_series import covers_all, reminder_series

from ...services import schedule
from ..speech import join, line
from .base import pending_action, pending_decline, session, speak

log = logging.getLogger(__name__)
PERMISSION = "alexa::alerts:reminders:skill:readwrite"
LEAD = timedelta(minutes=15)
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _request(local: datetime, zone: str, text: str, locale: str, *, freq: str | None = None,
             interval: int = 1, until: datetime | None = None) -> ReminderRequest:
    """One reminder at `local` (this partner's wall clock), repeating when `freq` is "DAILY" or
    "WEEKLY" (on local's weekday), every `interval` days or weeks, up to `until` when given. The
    rule carries the hour and minute: with a recurrence, the service takes the time from the rule
    and startDateTime, not from scheduledTime."""
    recurrence = None
    if freq is not None:
        on_day = f"BYDAY={DAYS[local.weekday()]};" if freq == "WEEKLY" else ""
        rule = f"FREQ={freq};{on_day}BYHOUR={local.hour};BYMINUTE={local.minute};BYSECOND=0;INTERVAL={interval}"
        recurrence = Recurrence(start_date_time=_naive(local), end_date_time=until and _naive(until),
                                recurrence_rules=[rule])
    return ReminderRequest(
        request_time=datetime.utcnow().replace(microsecond=0).isoformat(),
        trigger=Trigger(object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=_naive(local),
                        time_zone_id=zone, recurrence=recurrence),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED))


def _naive(local: datetime) -> datetime:
    return local.replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class CallReminders:
    """What "yes" to call reminders sets for one partner: the reminders, the line that says what
    was set, and the reminder times left silent because the call rests then (ISO, upcoming only),
    to notice when visits change them."""

    requests: list[ReminderRequest]
    said: str
    rests: list[str]


def _reminder_times(visit) -> tuple[list[datetime], set[datetime]]:
    """This partner's upcoming call reminder times on their wall clock (15 minutes before each
    call of the stored series), and those of them left silent because the call rests for a visit."""
    usual = schedule.stored_plan(visit.couple, rest_for_visits=False)
    if usual is None:
        return [], set()
    kept = set(paused_for_visits(usual, schedule.visits(visit.couple)).occurrences())
    upcoming = [o for o in usual.occurrences() if o - LEAD > visit.now]
    times = [(o - LEAD).astimezone(visit.zone) for o in upcoming]
    return times, {t for o, t in zip(upcoming, times) if o not in kept}


def call_reminders(visit, times: list[datetime] | None = None, rests: set[datetime] | None = None) -> CallReminders:
    """Reminders 15 minutes before each standing call on this partner's wall clock, silent on the
    days the call rests for a visit (scheduling.reminder_series); `times` and `rests` are
    _reminder_times(visit) when the caller has them."""
    if times is None or rests is None:
        times, rests = _reminder_times(visit)
    series = reminder_series(times, rests)
    text = line("reminder_call", partner=visit.partner.display_name)
    requests = [_request(s.first, visit.zone_name, text, visit.locale) if s.every_days is None else
                _request(s.first, visit.zone_name, text, visit.locale, freq="WEEKLY", interval=s.every_days // 7,
                         until=s.last and s.last.replace(hour=23, minute=59, second=59))
                for s in series]
    if not covers_all(series, times, rests):  # a monthly call, or more stretches than we set at once
        said = line("call_reminder_set_next_calls", count=sum(len(s.times(times[-1])) for s in series))
    else:
        moving = len({(t.weekday(), t.time()) for t in times if t not in rests}) > 1
        said = join(line("call_reminder_set"), line("call_reminder_moves") if moving else None,
                    line("call_reminder_rests") if rests else None)
    return CallReminders(requests, said, _stamps(rests))


def _stamps(rests: set[datetime]) -> list[str]:
    """The silent reminder times as kept in the user's record."""
    return [t.isoformat() for t in sorted(rests)]


def _create(handler_input, requests: list[ReminderRequest]) -> tuple[str, list[str]]:
    """Create reminders; returns ("ok" | "permission" (not granted) | "failed", the alert tokens
    of those created, even when a later one failed)."""
    client = handler_input.service_client_factory.get_reminder_management_service()
    tokens: list[str] = []
    try:
        for request in requests:
            tokens.append(client.create_reminder(request).alert_token)
    except Exception as exc:  # ServiceException carries the HTTP status
        status = getattr(exc, "status_code", None)
        log.info("reminder not created", extra={"status": status, "error": type(exc).__name__})
        return ("permission" if status in (401, 403) else "failed"), tokens
    return "ok", tokens


def _delete(handler_input, tokens: list[str]) -> list[str]:
    """Delete reminders this skill set earlier; returns the tokens that could not be deleted now.
    One the person already deleted in the Alexa app (404) counts as gone."""
    client = handler_input.service_client_factory.get_reminder_management_service()
    left = []
    for token in tokens:
        try:
            client.delete_reminder(token)
        except Exception as exc:
            status = getattr(exc, "status_code", None)
            if status != 404:
                log.info("old reminder not deleted", extra={"status": status, "error": type(exc).__name__})
                left.append(token)
    return left


def _replace(handler_input, visit, kind: str, requests: list[ReminderRequest], remember: dict | None = None) -> str:
    """Set `requests` as this partner's `kind` reminders, deleting the ones set before (a call
    that moved must not keep ringing at its old time). Tokens, and `remember` once all are set,
    are kept in the user's record."""
    field = f"{kind}_tokens"
    outcome, created = _create(handler_input, requests)
    old = list(visit.record.get(field) or [])
    if outcome == "ok":
        visit.record[kind] = visit.now.isoformat()
        visit.record.update(remember or {})
        visit.record[field] = created + _delete(handler_input, old)
    elif created:
        visit.record[field] = old + created  # half set: keep them all, to delete on the next yes
    if outcome == "ok" or created:
        visit.save_record()
    return outcome


def remove_reminders(handler_input, visit, kinds: tuple[str, ...] = ("call_reminder", "nightly_reminder")) -> bool:
    """Delete this partner's reminders of `kinds` that Closer set (by their stored alert tokens)
    and forget the answers about them; True when none was left behind. The caller saves or
    deletes the record."""
    left = False
    for kind in kinds:
        tokens = list(visit.record.get(f"{kind}_tokens") or [])
        remaining = _delete(handler_input, tokens) if tokens else []
        left = left or bool(remaining)
        for key in (kind, f"{kind}_declined", f"{kind}_tokens", f"{kind}_rests"):
            visit.record.pop(key, None)
        if remaining:
            visit.record[f"{kind}_tokens"] = remaining  # to try again next time
    return not left


def stale_call_reminders(visit) -> bool:
    """True when this partner has call reminders for a call that no longer exists (their partner
    unlinked, taking the standing call with them)."""
    return bool(visit.record.get("call_reminder_tokens")) and not (visit.couple and visit.couple.call)


def _outcome(handler_input, outcome: str, done: str):
    if outcome == "ok":
        return speak(handler_input, done, end=True)
    if outcome == "permission":
        handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[PERMISSION]))
        return speak(handler_input, line("reminder_permission"), end=True)
    return speak(handler_input, line("reminder_failed"), end=True)


def offer_call_reminder(handler_input, visit, lead: str):
    """After saving a call: offer a reminder before each call."""
    session(handler_input)["pending"] = "call_reminder"
    return speak(handler_input, join(lead, line("call_reminder_offer")), ask=line("call_reminder_offer_reprompt"))


def call_reminder_settled(visit) -> bool:
    """True once this partner has said yes or no to call reminders for the call as it stands now:
    asking again on every "when is our next call?" would nag. A new call plan asks afresh."""
    answers = [datetime.fromisoformat(visit.record[key]) for key in ("call_reminder", "call_reminder_declined")
               if visit.record.get(key)]
    if not answers:
        return False
    # The latest answer counts (a yes to an earlier call, then a no to this one, is a no).
    saved = (visit.couple.call or {}).get("saved") if visit.couple else None
    # Calls saved before the stamp was kept have none: an answer given to them still stands.
    return saved is None or max(answers) >= datetime.fromisoformat(saved)


@pending_decline("call_reminder")
def decline_call_reminder(handler_input, visit) -> None:
    """No to call reminders: remembered until the call changes."""
    visit.record["call_reminder_declined"] = visit.now.isoformat()
    visit.save_record()


@pending_action("call_reminder")
def set_call_reminder(handler_input, visit):
    """The yes to a call reminder."""
    if visit.partner is None or not (visit.couple.call or {}).get("segments"):
        # The call went while the question waited (the partner unlinked, or forgot us).
        return speak(handler_input, line("next_call_none"), end=True)
    planned = call_reminders(visit)
    outcome = _replace(handler_input, visit, "call_reminder", planned.requests, {"call_reminder_rests": planned.rests})
    return _outcome(handler_input, outcome, planned.said)


def follow_visits(handler_input, visit) -> str | None:
    """Re-set this partner's call reminders when the days the call rests for visits changed since
    they said yes (either partner added a visit, or one was removed); the line that says so, or
    None when nothing changed or it could not be done now (tried again next time). Reminders for a
    call that has moved since are left to the partner's next yes: consent was to the old time."""
    if not visit.record.get("call_reminder_tokens") or not _yes_to_this_call(visit):
        return None
    times, rests = _reminder_times(visit)
    before = [t for t in visit.record.get("call_reminder_rests", []) if datetime.fromisoformat(t) > visit.now]
    if _stamps(rests) == before:
        return None  # the usual case, at every launch: no reminder is built, none is sent
    planned = call_reminders(visit, times, rests)
    outcome = _replace(handler_input, visit, "call_reminder", planned.requests, {"call_reminder_rests": planned.rests})
    return line("call_reminders_follow_visits") if outcome == "ok" else None


def _yes_to_this_call(visit) -> bool:
    """True when this partner's latest answer about call reminders is a yes given to the call as
    it stands now."""
    yes, no = visit.record.get("call_reminder"), visit.record.get("call_reminder_declined")
    if not yes or (no and datetime.fromisoformat(no) > datetime.fromisoformat(yes)):
        return False
    return call_reminder_settled(visit)


def offer_nightly_reminder(handler_input, visit, lead: str):
    """After a check-in: offer a nightly check-in reminder, unless this partner already has one or
    said no to it (a second yes would set a second daily reminder)."""
    if visit.record.get("nightly_reminder") or visit.record.get("nightly_reminder_declined"):
        return speak(handler_input, lead, end=True)
    session(handler_input)["pending"] = "nightly_reminder"
    return speak(handler_input, join(lead, line("nightly_reminder_offer")), ask=line("nightly_reminder_offer_reprompt"))


@pending_decline("nightly_reminder")
def decline_nightly_reminder(handler_input, visit) -> None:
    """No to the evening reminder: not offered again."""
    visit.record["nightly_reminder_declined"] = visit.now.isoformat()
    visit.save_record()


@pending_action("nightly_reminder")
def set_nightly_reminder(handler_input, visit):
    """The yes to a nightly reminder: 8:30 in the evening on this partner's clock."""
    local = visit.local_now.replace(hour=20, minute=30, second=0, microsecond=0)
    if local <= visit.local_now:
        local += timedelta(days=1)
    text = line("reminder_nightly")
    request = _request(local, visit.zone_name, text, visit.locale, freq="DAILY")
    return _outcome(handler_input, _replace(handler_input, visit, "nightly_reminder", [request]),
                    line("nightly_reminder_set"))
