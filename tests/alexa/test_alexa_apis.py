"""Alexa's service APIs at the request's apiEndpoint: reminders and the profile, success, 403 and 5xx.

The stand-in is a real HTTPS server on loopback; what it received is what the skill sent.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from .helpers import pair, plan_saturday_call


def test_planning_a_call_confirms_both_local_times_then_offers_a_reminder(device, alexa_api, clock):
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    saved = plan_saturday_call(ana)
    assert "Saved" in saved.speech_text and "reminder" in saved.speech_text
    done = ana.say("yes")
    assert "reminder 15 minutes before each call" in done.speech_text
    [reminder] = alexa_api.state.reminders
    trigger = reminder["trigger"]
    assert trigger["timeZoneId"] == "Europe/London"
    # With a recurrence the service reads the time from the rule and startDateTime, not scheduledTime.
    recurrence = trigger["recurrence"]
    assert recurrence["recurrenceRules"] == ["FREQ=WEEKLY;BYDAY=SA;BYHOUR=%s;BYMINUTE=%s;BYSECOND=0;INTERVAL=1"
                                             % tuple(int(x) for x in trigger["scheduledTime"][11:16].split(":"))]
    assert recurrence["startDateTime"].startswith(trigger["scheduledTime"][:16]) and "endDateTime" not in recurrence
    assert datetime.fromisoformat(trigger["scheduledTime"][:19]).weekday() == 5  # a Saturday, 15 minutes early
    assert trigger["scheduledTime"][14:16] in ("15", "45")
    next_call = ben.say("ask closer together when is our next call")
    assert "Saturday" in next_call.speech_text and "for you" in next_call.speech_text and "for ana" in next_call.speech_text.lower()


def test_reminders_without_permission_ask_for_it_with_a_card(device, alexa_api):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    alexa_api.state.failures = {"/v1/alerts/reminders": 403}
    refused = ana.say("yes")
    assert "permission" in refused.speech_text
    assert refused.card["type"] == "AskForPermissionsConsent"
    assert refused.card["permissions"] == ["alexa::alerts:reminders:skill:readwrite"]


def test_reminders_server_error_is_a_calm_apology(device, alexa_api):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    alexa_api.state.failures = {"/v1/alerts/reminders": 503}
    failed = ana.say("yes")
    assert "couldn't set that reminder" in failed.speech_text and not alexa_api.state.reminders


def test_nightly_reminder_after_a_check_in(device, alexa_api):
    ana = device("ana", "Asia/Kolkata")
    ana.say("ask closer together to start our check in")
    ana.say("more unhurried calls")
    offered = ana.say("your patience with my schedule")
    assert "reminder each evening" in offered.speech_text
    ana.say("yes")
    [reminder] = alexa_api.state.reminders
    assert reminder["trigger"]["timeZoneId"] == "Asia/Kolkata"
    assert reminder["trigger"]["scheduledTime"].endswith("20:30:00") or reminder["trigger"]["scheduledTime"].endswith("20:30:00.000")


def test_given_name_5xx_falls_back_to_asking(device, alexa_api):
    alexa_api.state.given_name = "Ana"
    alexa_api.state.failures = {"Profile.givenName": 500}
    ana = device("ana", "Europe/London")
    assert "what should i call you" in ana.say("ask closer together to set us up").speech_text.lower()


def test_text_nudges_need_the_mobile_number_permission(device, alexa_api, redis_client):
    ana = device("ana", "Europe/London")
    refused = ana.say("ask closer together to text me nudges")
    assert "mobile number" in refused.speech_text and refused.card["type"] == "AskForPermissionsConsent"
    alexa_api.state.mobile = ("+44", "7911123456")
    enrolled = ana.say("ask closer together to text me nudges")
    assert "Reply YES" in enrolled.speech_text
    assert any(key.startswith("{nudges}") for key in redis_client.scan_iter("{nudges}*"))


def test_nudge_settings_before_any_number_say_how_to_turn_them_on_then_apply(device, alexa_api):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    stopped = ana.say("ask closer together to stop texting me")
    assert stopped.speech_text == "You haven't turned on text nudges. Say: text me nudges."  # not "paused"
    kept = ana.say("ask closer together to send me two nudges a week")
    assert kept.speech_text.startswith("I'll keep 2 a week for when text nudges are on.")
    alexa_api.state.mobile = ("+44", "7911123456")
    assert "Reply YES" in ana.say("ask closer together to text me nudges").speech_text
    assert ana.say("ask closer together to stop my nudges").speech_text.startswith("Okay, I've paused your nudges.")
    assert ana.say("ask closer together to send me two nudges a week").speech_text.startswith("Done: up to 2")


def test_nudging_a_partner_who_has_not_enrolled_says_so(device):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    turn = ana.say("ask closer together to nudge ben to send me a voice note")
    assert "hasn't turned on text nudges" in turn.speech_text


def test_how_are_we_doing_speaks_in_patterns(device, clock):
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    for _ in range(5):
        ana.say("ask closer together for tonight's prompt")
        ben.say("ask closer together for tonight's prompt")
        clock.advance(days=2)
    summary = ana.say("ask closer together how are we doing").speech_text
    assert "5 days" in summary and "pattern, not perfection" in summary and "streak" not in summary


def test_next_call_warns_when_the_time_difference_is_about_to_change(device, clock):
    clock.current = datetime(2027, 3, 9, 12, 0, tzinfo=timezone.utc)
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    ana.say("no")
    warned = ben.say("ask closer together when is our next call").speech_text
    assert "the time difference with Ana changes from 5 hours to 4 hours" in warned, warned
    clock.current = datetime(2027, 5, 3, 12, 0, tzinfo=timezone.utc)
    assert "Heads up" not in ben.say("ask closer together when is our next call").speech_text


def test_a_partner_enrolled_for_texts_hears_that_something_is_waiting(device, app, clock, redis_client):
    from skill.nudges import confirmed, dispatch_once, enroll

    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    couple_id = next(iter(redis_client.scan_iter("{couple:*}:doc"))).split("}")[0].split(":")[1]
    with app.app_context():
        enroll(app, couple_id, "ben", "+12125550143", source="test", now=clock())
        confirmed(app, "+12125550143", via="test", now=clock())
    clock.current = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)  # 15:00 in New York
    ana.say("ask closer together i appreciated your letter")
    ana.say("ask closer together i appreciated your patience")
    with app.app_context():
        dispatch_once(app, datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc))
    texts = [m for m in app.extensions["closer.twilio"].messages() if m["to"] == "+12125550143"]
    [text] = texts  # once: further items the same day do not text again
    assert "Ana" in text["body"] and "STOP" in text["body"]


def test_what_time_is_it_for_my_partner_names_their_day_when_it_differs(device, clock):
    clock.current = datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)  # Tuesday 15:30 in LA, Wednesday in Tokyo
    ana, kai = pair(device, ("ana", "America/Los_Angeles"), ("kai", "Asia/Tokyo"))
    for_kai = ana.say("what time is it for kai").speech_text
    assert for_kai.startswith("It's 8:30 in the morning for Kai, where it's already Wednesday: 17 hours ahead of you.")
    # Kai's default free hours: weekday evenings from 6, in nine and a half hours.
    assert for_kai.endswith("Kai's free hours for calls begin in 9 hours and 30 minutes, at 6 in the evening their time.")
    for_ana = kai.say("what time is it for ana").speech_text
    assert for_ana.startswith("It's 3:30 in the afternoon for Ana, where it's still Tuesday: 17 hours behind you.")
    assert for_ana.endswith("Ana's free hours for calls begin in 2 hours and 30 minutes, at 6 in the evening their time.")


def test_is_it_a_good_time_to_call_follows_the_partners_free_hours(device, clock):
    clock.current = datetime(2026, 11, 27, 19, 0, tzinfo=timezone.utc)  # Friday 19:00 London, 14:00 New York
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    said = ben.say("ask closer together is it a good time to call ana").speech_text
    assert said == ("It's 7 in the evening for Ana, 5 hours ahead of you. That's inside Ana's free hours for calls, "
                    "so now could be a good time.")
    clock.current = datetime(2026, 11, 28, 5, 0, tzinfo=timezone.utc)  # Saturday 05:00 London, after her Friday
    later = ben.say("ask closer together is it a good time to call ana").speech_text
    assert later.endswith("Ana's free hours for calls begin in 4 hours, at 9 in the morning their time."), later
    ana.say("ask closer together on weekends i'm free from six pm to ten pm")
    weekend = ben.say("ask closer together is it a good time to call ana").speech_text
    assert weekend.endswith("Ana's free hours for calls begin in 13 hours, at 6 in the evening their time."), weekend
    ana.say("ask closer together on weekdays i'm free from seven am to eight am")
    clock.current = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)  # Monday 09:00 London: a day away
    far = ben.say("ask closer together is it a good time to call ana").speech_text
    assert far.endswith("Ana's free hours for calls begin tomorrow at 7 in the morning, their time."), far


def test_no_to_call_reminders_is_remembered_until_the_call_changes(device, alexa_api, clock):
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    ana.say("no")
    again = ana.say("ask closer together when is our next call")
    assert "Your next call is" in again.speech_text and "reminder" not in again.speech_text  # it used to ask every time
    assert again.should_end_session
    # Ben was never asked: he is, once; his no is his own.
    assert "reminder" in ben.say("ask closer together when is our next call").speech_text
    ben.say("no")
    assert "reminder" not in ben.say("ask closer together when is our next call").speech_text
    # The same call saved again (a day later: a new first date, the same weekly time) is not a new
    # question; a new call is.
    clock.advance(days=1)
    plan_saturday_call(ana)
    ana.say("no")
    assert "reminder" not in ben.say("ask closer together when is our next call").speech_text
    clock.advance(minutes=5)
    assert "Sunday" in ben.say("ask closer together to plan our standing call on sunday afternoons").speech_text
    ben.say("yes")
    ben.say("no")
    assert "reminder" in ana.say("ask closer together when is our next call").speech_text
    assert not alexa_api.state.reminders
    # Yes to one call, then no to the next: the latest answer is the one that counts.
    ana.say("yes")
    clock.advance(minutes=5)
    assert "Sunday" in ben.say("ask closer together to plan our standing call on sunday evenings").speech_text
    ben.say("yes")
    ben.say("no")
    assert "reminder" in ana.say("ask closer together when is our next call").speech_text
    ana.say("no")
    assert "reminder" not in ana.say("ask closer together when is our next call").speech_text


def test_a_moved_call_replaces_the_old_reminder_instead_of_adding_one(device, alexa_api):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)  # Saturday evenings
    ana.say("yes")
    assert ana.say("ask closer together to plan our standing call on sunday afternoons").speech_text
    ana.say("yes")
    assert "reminder 15 minutes before each call" in ana.say("yes").speech_text
    assert alexa_api.state.deleted == ["reminder-1"]
    [live] = alexa_api.state.live_reminders()
    assert live["trigger"]["recurrence"]["recurrenceRules"][0].startswith("FREQ=WEEKLY;BYDAY=SU;")


def test_an_old_reminder_already_deleted_in_the_alexa_app_is_no_trouble(device, alexa_api):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    ana.say("yes")
    alexa_api.state.deleted.append("reminder-1")  # the person removed it in the Alexa app
    ana.say("ask closer together to plan our standing call on sunday afternoons")
    ana.say("yes")
    assert "Done" in ana.say("yes").speech_text
    assert len(alexa_api.state.live_reminders()) == 1
    ana.say("ask closer together to plan our standing call on saturday evenings")
    ana.say("yes")
    ana.say("yes")
    asked_to_delete = [path for method, path, _ in alexa_api.state.requests if method == "DELETE"]
    assert asked_to_delete == ["/v1/alerts/reminders/reminder-1", "/v1/alerts/reminders/reminder-2"]
    assert len(alexa_api.state.live_reminders()) == 1


def test_the_evening_reminder_is_offered_until_answered_and_never_set_twice(device, alexa_api, clock):
    def check_in(person):
        person.say("ask closer together to start our check in")
        person.say("more unhurried calls")
        return person.say("your patience with my schedule")

    ana, kai = device("ana", "Asia/Kolkata"), device("kai", "Asia/Kolkata")
    assert "reminder each evening" in check_in(ana).speech_text
    ana.say("yes")
    assert "reminder each evening" in check_in(kai).speech_text
    kai.say("no")
    clock.advance(days=7)
    for person in (ana, kai):
        saved = check_in(person)
        assert "reminder" not in saved.speech_text and saved.should_end_session
    assert len(alexa_api.state.reminders) == 1  # a second yes used to set a second daily reminder


def test_how_are_we_doing_in_the_first_week_claims_no_trend(device):
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    ana.say("ask closer together for tonight's prompt")
    ben.say("ask closer together for tonight's prompt")
    summary = ana.say("ask closer together how are we doing").speech_text
    # It used to say "on 1 days, more often lately".
    assert summary.startswith("In the last seven days you made time for a ritual on one day. That's a warm start.")
    assert "Each time, you both did." in summary and "lately" not in summary


def _feed_path(turn) -> str:
    """The calendar feed path on the card of "send me our calendar link"."""
    import re

    return re.search(r"https://closer\.example(/calendar/[^\s]+\.ics)", turn.card["content"]).group(1)


def test_forget_me_removes_the_reminders_and_the_partner_loses_the_call_with_them(device, alexa_api, client):
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    ana.say("yes")  # Ana's weekly call reminder
    ben.say("ask closer together when is our next call")
    ben.say("yes")  # Ben's own
    ana.say("ask closer together i'm visiting from march fourth to march eleventh")
    feed = _feed_path(ben.say("ask closer together to send me our calendar link"))
    before = client.get(feed).get_data(as_text=True)
    assert "SUMMARY:Call with Ana" in before and "SUMMARY:Ana visits you" in before
    assert len(alexa_api.state.live_reminders()) >= 2

    ana.say("ask closer together to forget me")
    done = ana.say("yes")
    assert done.speech_text == "Done. I've deleted your data. Take good care of yourself."
    assert {r["trigger"]["timeZoneId"] for r in alexa_api.state.live_reminders()} == {"America/New_York"}

    # Ben's calendar drops the call and the visit with Ana (the feed used to answer HTTP 500 here).
    after = client.get(feed)
    assert after.status_code == 200 and "Ana" not in after.get_data(as_text=True)
    # At his next launch he is told, and the reminders of a call that no longer exists go too.
    told = ben.launch().speech_text
    assert "Ana has unlinked from Closer Together" in told and "removed the call reminders" in told
    assert alexa_api.state.live_reminders() == []
    ben.say("stop")
    assert "removed the call reminders" not in ben.launch().speech_text


def test_forget_me_says_so_when_the_reminders_could_not_be_removed(device, alexa_api):
    ana, _ = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    plan_saturday_call(ana)
    ana.say("yes")
    alexa_api.state.failures = {"/v1/alerts/reminders/": 503}
    ana.say("ask closer together to forget me")
    done = ana.say("yes")
    assert "deleted your data" in done.speech_text and "delete them in the Alexa app" in done.speech_text
    assert len(alexa_api.state.live_reminders()) == 1


def test_forget_me_takes_back_what_the_partner_has_not_heard_yet_and_the_cached_feed(device, client, redis_client):
    ana, ben = pair(device, ("ana", "Europe/London"), ("ben", "America/New_York"))
    feed = _feed_path(ana.say("ask closer together to send me our calendar link"))
    assert client.get(feed).status_code == 200  # renders, and caches, Ana's feed
    assert redis_client.keys("{couple:*}:feedcache:a")
    ana.say("ask closer together i appreciated the letter you sent")
    ana.say("ask closer together to start our check in")
    ana.say("more calls at the weekend")
    ana.say("your patience")
    ana.say("ask closer together to forget me")
    ana.say("yes")
    told = ben.launch().speech_text
    assert "Ana has unlinked" in told
    assert "the letter you sent" not in told and "more calls at the weekend" not in told, told
    assert not redis_client.keys("{couple:*}:feedcache:a")
