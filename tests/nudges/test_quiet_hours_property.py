"""Property: no text ever lands in its recipient's quiet hours, nor a voice-note nudge in the
other partner's, whatever the zones, the clock changes, or how late the dispatcher runs.

The oracle below reads the wall clock with `zoneinfo` directly; it shares no code with the
planner or the dispatcher's send-time guard.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.nudges import confirmed, dispatch_once, enroll, keys, notify_waiting, request_voice_note
from skill.nudges.records import NudgeStore
from skill.nudges.sender import OutboxSender
from skill.store.couples import CoupleRepository, Partner

ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "America/Sao_Paulo",
         "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "Asia/Kolkata",
         "Asia/Kathmandu", "America/St_Johns", "Asia/Tokyo", "UTC"]
QUIET = ["21:00-08:00", "22:30-07:00", "00:00-06:00", "20:00-09:30", "23:00-01:00", "none"]
WINDOWS = ["Mon-Fri 18:00-22:30, Sat-Sun 09:00-22:30", "daily 06:00-23:00", "Mon,Wed,Fri 12:00-13:00",
           "Fri 22:00-01:00, Sat-Sun 09:00-23:00"]
# Clock changes in both hemispheres (spring forward and fall back), and a plain week.
PIVOTS = [datetime(2025, 3, 30, 1, tzinfo=timezone.utc), datetime(2025, 10, 26, 1, tzinfo=timezone.utc),
          datetime(2025, 3, 9, 7, tzinfo=timezone.utc), datetime(2025, 11, 2, 6, tzinfo=timezone.utc),
          datetime(2025, 4, 5, 16, tzinfo=timezone.utc), datetime(2025, 10, 4, 16, tzinfo=timezone.utc),
          datetime(2025, 4, 5, 14, 45, tzinfo=timezone.utc), datetime(2025, 6, 18, 12, tzinfo=timezone.utc)]
DELAYS = [timedelta(0), timedelta(minutes=10), timedelta(minutes=59), timedelta(hours=3), timedelta(hours=9)]


def quiet_at(instant: datetime, zone: str, spec: str) -> bool:
    """Independent oracle: is `instant` inside `spec` quiet hours on the wall clock in `zone`?"""
    if spec == "none":
        return False
    start, end = ((int(h) * 60 + int(m)) for h, m in (part.split(":") for part in spec.split("-")))
    local = instant.astimezone(ZoneInfo(zone))
    minute = local.hour * 60 + local.minute
    return start <= minute < end if start < end else minute >= start or minute < end


partners = st.tuples(st.sampled_from(ZONES), st.sampled_from(QUIET), st.sampled_from(WINDOWS))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=partners, b=partners, pivot=st.sampled_from(PIVOTS), shift=st.integers(-72, 72),
       delays=st.lists(st.sampled_from(DELAYS), min_size=10, max_size=10))
def test_no_text_lands_in_quiet_hours(outbox_app, a, b, pivot, shift, delays):
    redis = outbox_app.extensions["closer.redis"]
    redis.flushdb()
    people = {pid: Partner(pid, name, zone, windows=windows, quiet=quiet)
              for pid, name, (zone, quiet, windows) in (("a", "Ana", a), ("b", "Ben", b))}
    couple = CoupleRepository(redis).create([people["a"], people["b"]])
    phones = {"a": "+4915123456789", "b": "+12015550123"}
    start = pivot + timedelta(hours=shift)
    for pid in "ab":
        enroll(outbox_app, couple.id, pid, phones[pid], source="test", now=start)

    sent: list[tuple[datetime, dict]] = []
    moment = start
    for step, delay in enumerate(delays):
        if step == 2:  # both have had their opt-in request by now: they say YES and ask away
            for pid in "ab":
                confirmed(outbox_app, phones[pid], via="test", now=moment)
            request_voice_note(outbox_app, couple.id, "a", moment)
            notify_waiting(outbox_app, couple.id, "b", moment)
        head = redis.zrange(keys.DUE, 0, 0, withscores=True)
        if not head:
            continue
        moment = max(moment, datetime.fromtimestamp(head[0][1], tz=timezone.utc) + delay)
        before = len(OutboxSender(redis).messages(1000))
        dispatch_once(outbox_app, moment)
        sent += [(moment, m) for m in OutboxSender(redis).messages(1000)[before:]]

    owner = {phones[pid]: pid for pid in "ab"}
    for instant, message in sent:
        me = owner[message["to"]]
        other = "b" if me == "a" else "a"
        assert not quiet_at(instant, people[me].zone, people[me].quiet), (instant, message)
        if NudgeStore(redis).get(message["ref"]).kind in ("nudge", "ask"):  # asks for a voice note
            assert not quiet_at(instant, people[other].zone, people[other].quiet), (instant, message)
