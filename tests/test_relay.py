"""The inbox between partners (skill.services.relay): items delivered once, and taken back only
while still waiting."""
from __future__ import annotations

from datetime import datetime, timezone

from skill.services import relay

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)


def test_withdraw_takes_back_only_matching_items_still_waiting(redis_client):
    relay.leave(redis_client, "c1", "b", "visit_added", NOW, start="2026-12-10", end="2026-12-14")
    relay.leave(redis_client, "c1", "b", "visit_added", NOW, start="2027-03-03", end="2027-03-08")
    relay.leave(redis_client, "c1", "b", "appreciation", NOW, start="2026-12-10", text="thank you")
    assert relay.withdraw(redis_client, "c1", "b", kind="visit_added", start="2026-12-10") == 1
    left = relay.take(redis_client, "c1", "b")
    assert [(item["kind"], item["start"]) for item in left] == [("visit_added", "2027-03-03"),
                                                                 ("appreciation", "2026-12-10")]


def test_withdraw_counts_nothing_once_the_partner_has_taken_the_item(redis_client):
    relay.leave(redis_client, "c1", "b", "visit_added", NOW, start="2026-12-10", end="2026-12-14")
    assert len(relay.take(redis_client, "c1", "b")) == 1
    assert relay.withdraw(redis_client, "c1", "b", kind="visit_added", start="2026-12-10") == 0


def test_withdraw_leaves_the_other_partners_inbox_alone(redis_client):
    relay.leave(redis_client, "c1", "a", "visit_added", NOW, start="2026-12-10", end="2026-12-14")
    assert relay.withdraw(redis_client, "c1", "b", kind="visit_added", start="2026-12-10") == 0
    assert relay.waiting(redis_client, "c1", "a") == 1


def _texts(taken: tuple[list[dict], int]) -> tuple[list[str], int]:
    items, left = taken
    return [item["text"] for item in items], left


def test_take_some_takes_the_oldest_and_leaves_the_rest_in_order(redis_client):
    for index in range(5):
        relay.leave(redis_client, "c1", "b", "appreciation", NOW, text=f"thing {index}")
    assert _texts(relay.take_some(redis_client, "c1", "b", 2)) == (["thing 0", "thing 1"], 3)
    assert relay.waiting(redis_client, "c1", "b") == 3
    assert _texts(relay.take_some(redis_client, "c1", "b", 2)) == (["thing 2", "thing 3"], 1)
    assert _texts(relay.take_some(redis_client, "c1", "b", 2)) == (["thing 4"], 0)
    assert relay.take_some(redis_client, "c1", "b", 2) == ([], 0) and relay.waiting(redis_client, "c1", "b") == 0
