"""Logs are JSON lines without personal data: exceptions appear as type and place only."""
from __future__ import annotations

import json
import logging

from skill.logs import JsonFormatter


def _record(**extra) -> logging.LogRecord:
    try:
        raise ValueError("my answer is something private")
    except ValueError:
        import sys

        record = logging.LogRecord("skill.test", logging.ERROR, __file__, 1, "handler failed", (), sys.exc_info())
    record.__dict__.update(extra)
    return record


def test_exception_messages_never_reach_the_log():
    line = JsonFormatter().format(_record(intent="AnswerPromptIntent"))
    payload = json.loads(line)
    assert payload["exc"].startswith("ValueError at tests/test_logs.py:")
    assert payload["intent"] == "AnswerPromptIntent"
    assert "private" not in line


def test_one_access_line_per_request_with_id_intent_and_latency(client, caplog):
    caplog.set_level(logging.INFO, logger="skill.access")
    client.get("/healthz")
    [record] = [r for r in caplog.records if r.name == "skill.access"]
    assert record.route == "/healthz" and record.status == 200 and record.ms >= 0 and record.request_id
