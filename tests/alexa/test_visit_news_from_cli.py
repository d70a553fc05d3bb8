"""Visits added or removed with the `closer` command reach both partners' Echos, as news the other
partner leaves does; a visit removed before anyone heard of it is never mentioned."""
from __future__ import annotations

from .helpers import pair


def _couple_id(redis_client) -> str:
    [doc] = redis_client.scan_iter("{couple:*}:doc")
    return doc.split("}")[0].removeprefix("{couple:")


def test_a_visit_added_from_the_command_line_is_news_for_both_partners(device, closer, redis_client):
    ana, ben = pair(device)
    status, _, _ = closer("visit", "add", _couple_id(redis_client), "--from", "2027-01-10", "--to", "2027-01-17",
                          "--traveler", "ben")
    assert status == 0
    heard_by_ana = ana.launch().speech_text
    assert ("A visit was added to your calendar, from Sunday, January 10 to Sunday, January 17: "
            "Ben is coming to you.") in heard_by_ana, heard_by_ana
    heard_by_ben = ben.launch().speech_text
    assert "from Sunday, January 10 to Sunday, January 17: you're travelling to Ana." in heard_by_ben, heard_by_ben


def test_removing_it_tells_only_those_who_had_heard_of_it(device, closer, redis_client):
    ana, ben = pair(device)
    couple_id = _couple_id(redis_client)
    closer("visit", "add", couple_id, "--from", "2027-01-10", "--to", "2027-01-17", "--traveler", "Ben")
    ana.launch()  # Ana hears of it; Ben does not open Closer before it is removed
    status, _, _ = closer("visit", "remove", couple_id, "--from", "2027-01-10")
    assert status == 0
    assert "The visit from Sunday, January 10 to Sunday, January 17 was taken off your calendar." in \
        ana.launch().speech_text
    assert "visit" not in ben.launch().speech_text.lower()
