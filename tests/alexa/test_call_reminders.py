"""Call reminders on each partner's own clock: around visits, through the other partner's clock
changes, for biweekly and monthly calls, and re-set when visits change.

The reminders go to the Alexa API stand-in (a real HTTPS server); what it received is what the
skill sent, read back here as the days each reminder rings.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from skill.services import schedule
from skill.store.couples import CoupleRepository

from .helpers import pair, plan_saturday_call, reminder_days, rings_on


def test_call_reminders_rest_for_a_visit_the_other_partner_adds(device, alexa_api, clock):
    clock.current = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)  # Saturday evenings, on Ana's clock
    ana.say("yes")
    [weekly] = alexa_api.state.live_reminders()
    assert rings_on([weekly], date(2026, 12, 12))
    ben.say("ask closer together to add a visit from december tenth to december fourteenth")
    assert "Added" in ben.say("me").speech_text
    # At Ana's next launch her reminders follow: none on Saturday 12 December, the rest as before.
    told = ana.launch().speech_text
    assert "moved your call reminders to match your visits" in told, told
    live = alexa_api.state.live_reminders()
    assert [reminder_days(r) for r in live] == [(date(2026, 11, 28), date(2026, 12, 5), 7),
                                                 (date(2026, 12, 19), None, 7)]
    assert "reminder-1" in alexa_api.state.deleted
    assert {r["trigger"]["scheduledTime"][11:16] for r in live} == {weekly["trigger"]["scheduledTime"][11:16]}
    ana.say("stop")
    # Nothing changed since: no second round of reminders, nothing said.
    assert "reminders" not in ana.launch().speech_text
    assert len(alexa_api.state.reminders) == 3


def test_the_partner_adding_a_visit_has_their_own_reminders_moved_at_once(device, alexa_api, clock):
    clock.current = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    ana.say("yes")
    ana.say("ask closer together to add a visit from december tenth to december fourteenth")
    added = ana.say("ben is").speech_text
    assert "moved your call reminders" in added, added
    assert not rings_on(alexa_api.state.live_reminders(), date(2026, 12, 12))
    assert rings_on(alexa_api.state.live_reminders(), date(2026, 12, 19))


def test_saying_yes_with_a_visit_ahead_sets_reminders_around_it(device, alexa_api, clock):
    clock.current = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    ben.say("ask closer together to add a visit from december tenth to december fourteenth")
    ben.say("me")
    plan_saturday_call(ana)
    done = ana.say("yes").speech_text
    assert "none on the days you're together" in done, done
    live = alexa_api.state.live_reminders()
    assert len(live) == 2 and not rings_on(live, date(2026, 12, 12)) and rings_on(live, date(2026, 12, 5))


def test_a_biweekly_call_planned_with_the_closer_command_is_not_reminded_every_week(
        device, alexa_api, clock, redis_client):
    clock.current = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    couples = CoupleRepository(redis_client)
    [couple_id] = {re.match(r"\{couple:([^}]+)\}", k).group(1) for k in redis_client.scan_iter("{couple:*}:doc")}
    couple = couples.get(couple_id)
    planned = schedule.plan(couple, cadence="biweekly", minutes=45, anchor="ana", now=clock.current)
    schedule.save_call(couples, couple_id, schedule.serialise_plan(planned), clock.current)
    # The days Ana's reminder should ring: 15 minutes before each call, on her clock.
    rings = [(o - timedelta(minutes=15)).astimezone(ZoneInfo("Europe/London")).date()
             for o in planned.occurrences() if o > clock.current][:4]
    assert (rings[1] - rings[0]).days == 14
    assert "reminder" in ana.say("ask closer together when is our next call").speech_text
    ana.say("yes")
    live = alexa_api.state.live_reminders()
    assert [every for _, _, every in map(reminder_days, live)] == [14]
    assert all(rings_on(live, day) for day in rings)
    assert not any(rings_on(live, day + timedelta(days=7)) for day in rings)  # the off weeks


def test_a_monthly_call_gets_one_off_reminders_and_says_how_many(device, alexa_api, clock, redis_client):
    clock.current = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    couples = CoupleRepository(redis_client)
    [couple_id] = {re.match(r"\{couple:([^}]+)\}", k).group(1) for k in redis_client.scan_iter("{couple:*}:doc")}
    planned = schedule.plan(couples.get(couple_id), cadence="monthly:1", minutes=45, anchor="ana", now=clock.current)
    schedule.save_call(couples, couple_id, schedule.serialise_plan(planned), clock.current)
    ana.say("ask closer together when is our next call")
    done = ana.say("yes").speech_text
    assert "reminders for your next 8 calls" in done, done
    live = alexa_api.state.live_reminders()
    assert len(live) == 8 and all("recurrence" not in r["trigger"] for r in live)
    calls = [(o - timedelta(minutes=15)).astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None)
             for o in planned.occurrences() if o > clock.current][:8]
    assert [datetime.fromisoformat(r["trigger"]["scheduledTime"][:19]) for r in live] == calls


def test_the_other_partners_reminders_follow_their_own_clock_through_clock_changes(device, alexa_api, clock):
    clock.current = datetime(2027, 2, 20, 12, 0, tzinfo=timezone.utc)  # New York changes clocks 2 weeks before London
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)  # anchored on Ana's Saturday evening in London
    ana.say("yes")
    alexa_api.state.reminders.clear()
    offered = ben.say("ask closer together when is our next call")
    assert "reminder 15 minutes before each call" in offered.speech_text
    done = ben.say("yes")
    assert "it moves with the call" in done.speech_text, done.speech_text
    reminders = alexa_api.state.reminders
    assert {r["trigger"]["timeZoneId"] for r in reminders} == {"America/New_York"}
    # One weekly reminder per stretch of the year at one time on Ben's clock, the last open-ended:
    # an hour later for him in the weeks between the two countries' clock changes.
    stretches = [reminder_days(r) for r in reminders]
    assert len(reminders) >= 3 and all(every in (7, None) for _, _, every in stretches)  # a lone week rings once
    assert [last is None for _, last, _ in stretches] == [False] * (len(reminders) - 1) + [True]
    hours = [r["trigger"]["scheduledTime"][11:16] for r in reminders]
    assert len(set(hours)) == 2 and all(a != b for a, b in zip(hours, hours[1:])), hours
    assert all(last < next_first for (_, last, _), (next_first, _, _) in zip(stretches, stretches[1:]))
    assert "reminder" not in ben.say("ask closer together when is our next call").speech_text
