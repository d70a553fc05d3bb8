"""Periodic nudges over weeks: how many, which days, never on a standing-call day."""
from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

from skill.nudges import confirmed, dispatch_once, enroll, keys, set_preferences
from skill.nudges.planner import day_gap
from skill.nudges.records import NudgeStore
from skill.services import schedule
from skill.services.schedule import call_dates
from skill.store.couples import CoupleRepository

from .helpers import ANA_PHONE, BEN_PHONE, WEDNESDAY, make_couple

BERLIN = ZoneInfo("Europe/Berlin")


def run_weeks(app, couple, weeks: int) -> list:
    """Dispatch every due nudge for `weeks` weeks; returns Ana's periodic nudges that went out."""
    redis = app.extensions["closer.redis"]
    store = NudgeStore(redis)
    end = WEDNESDAY.timestamp() + weeks * 7 * 86400
    while True:
        head = redis.zrange(keys.DUE, 0, 0, withscores=True)
        if not head or head[0][1] > end:
            break
        dispatch_once(app, store.get(head[0][0]).due_at)
    return [n for n in store.history(couple.id, limit=200) if n.kind == "nudge" and n.to == "a" and n.state == "sent"]


def both_confirmed(app, couple):
    for pid, phone in (("a", ANA_PHONE), ("b", BEN_PHONE)):
        enroll(app, couple.id, pid, phone, source="test", now=WEDNESDAY)
        confirmed(app, phone, via="test", now=WEDNESDAY)


def test_three_a_week_by_default_at_most_one_a_day(outbox_app):
    couple = make_couple(outbox_app)
    both_confirmed(outbox_app, couple)
    sent = run_weeks(outbox_app, couple, 4)
    days = Counter(n.due_at.astimezone(BERLIN).date() for n in sent)
    assert 11 <= len(sent) <= 13 and max(days.values()) == 1
    for nudge in sent:  # inside Ana's waking window: weekdays 18:00-22:30, weekends 09:00-22:30
        local = nudge.due_at.astimezone(BERLIN)
        assert (18 if local.weekday() < 5 else 9) <= local.hour and (local.hour, local.minute) <= (22, 30)


def test_chosen_days_and_count_are_kept(outbox_app):
    couple = make_couple(outbox_app)
    both_confirmed(outbox_app, couple)
    set_preferences(outbox_app, couple.id, "a", now=WEDNESDAY, per_week=2, days=frozenset({1, 5}))
    sent = run_weeks(outbox_app, couple, 3)
    assert {n.due_at.astimezone(BERLIN).weekday() for n in sent} <= {1, 5} and 5 <= len(sent) <= 6


def test_no_nudge_on_a_standing_call_day(outbox_app):
    couple = make_couple(outbox_app)
    repo = CoupleRepository(outbox_app.extensions["closer.redis"])
    plan = schedule.plan(couple, cadence="weekly", minutes=45, anchor="a", now=WEDNESDAY)
    couple = repo.update(couple.id, lambda c: setattr(c, "call", schedule.serialise_plan(plan)))
    calls = call_dates(couple, "Europe/Berlin")
    assert calls  # the plan really has call days
    both_confirmed(outbox_app, couple)
    set_preferences(outbox_app, couple.id, "a", now=WEDNESDAY, per_week=7)  # every day she can
    sent = run_weeks(outbox_app, couple, 4)
    assert len(sent) >= 20
    assert not {n.due_at.astimezone(BERLIN).date() for n in sent} & calls


def test_zero_a_week_means_off(outbox_app):
    couple = make_couple(outbox_app)
    both_confirmed(outbox_app, couple)
    prefs = set_preferences(outbox_app, couple.id, "a", now=WEDNESDAY, per_week=0)
    assert not prefs.enabled and prefs.per_week == 3
    assert run_weeks(outbox_app, couple, 2) == []


def test_day_gaps_add_up_to_a_week():
    for per_week in range(1, 8):
        assert sum(day_gap(per_week, k) for k in range(per_week)) == 7
