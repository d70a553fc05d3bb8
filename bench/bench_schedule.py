"""Scheduling: plan one couple's year and render one feed, against rendering the same events with
plain `icalendar`; and the feed's 304 path through gunicorn against a bare Flask endpoint.

Run: .venv/bin/python -m bench.bench_schedule   (uses REDIS_URL, default redis://127.0.0.1:6379/12)
"""
from __future__ import annotations

import os
import statistics
import time
from datetime import datetime, timezone

import icalendar

from scheduling import Partner, feed_events, plan_call, plan_rituals, render_calendar
from skill import create_app
from skill.services import feeds
from skill.store.couples import Partner as StoredPartner

from .harness import ROUNDS, TABLE_HEAD, Target, compare, gunicorn, row

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
ANA = Partner("Ana", "Europe/London", "Mon-Fri 18:00-22:30, Sat-Sun 09:00-23:00")
BEN = Partner("Ben", "America/New_York", "Mon-Fri 17:00-22:00, Sat-Sun 08:00-22:00")


def _timed(function, repeat: int) -> float:
    """Median milliseconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _plain_icalendar(events) -> bytes:
    """The same events written with plain icalendar (its own VTIMEZONEs via add_missing_timezones)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//plain//EN")
    calendar.add("version", "2.0")
    for event in events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("summary", event.summary)
        item.add("dtstamp", NOW)
        if event.last_day is not None:
            item.add("dtstart", event.start)
            item.add("dtend", event.last_day)
        else:
            item.add("dtstart", event.start)
            item.add("duration", event.duration)
        if event.rrule:
            rule = dict(part.split("=", 1) for part in event.rrule.split(";"))
            rule["UNTIL"] = event.until
            item.add("rrule", icalendar.vRecur.from_ical(";".join(f"{k}={v}" for k, v in rule.items()
                                                               if k != "UNTIL")) | {"UNTIL": [event.until]})
        if event.description:
            item.add("description", event.description)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _feed_token() -> str:
    app = create_app({"REDIS_URL": REDIS_URL, "CLOSER_VERIFY_SIGNATURES": False})
    redis = app.extensions["closer.redis"]
    redis.flushdb()
    from skill.store.couples import CoupleRepository

    couple = CoupleRepository(redis).create([StoredPartner("", "Ana", "Europe/London", ANA.windows.__str__()),
                                             StoredPartner("", "Ben", "America/New_York", BEN.windows.__str__())])
    plan = plan_call(ANA, BEN, cadence="weekly", minutes=45, anchor="Ana", start=NOW)
    from skill.services import schedule

    couple = CoupleRepository(redis).update(couple.id, lambda c: setattr(c, "call", schedule.serialise_plan(plan)))
    return feeds.token_for(redis, couple, "a")


def main() -> str:
    """Run the benchmark and return its markdown section."""
    plan_ms = _timed(lambda: plan_call(ANA, BEN, cadence="weekly", minutes=45, anchor="Ana", start=NOW), 15)
    plan = plan_call(ANA, BEN, cadence="weekly", minutes=45, anchor="Ana", start=NOW)
    rituals = plan_rituals(ANA, BEN, anchor="Ana", start=NOW, call=plan)
    events = feed_events("bench", ANA, BEN, plan=plan, rituals=rituals.items, video_url="https://meet.example/x")
    ours_ms = _timed(lambda: render_calendar(events, name="bench", now=NOW), 15)
    plain_ms = _timed(lambda: _plain_icalendar(events), 15)
    token = _feed_token()
    env = {"REDIS_URL": REDIS_URL, "BENCH_SKILL_ID": "x", "BENCH_VERIFY": "0", "CLOSER_LOG_LEVEL": "WARNING"}
    with gunicorn("bench.apps:closer()", env=env) as port:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("GET", f"/calendar/{token}.ics")
        etag = connection.getresponse().getheader("ETag")
    headers = {"If-None-Match": etag}

    results = compare({"baseline": Target("bench.apps:bare()", {}, "GET", "/calendar/x.ics", lambda: [(b"", headers)]),
                       "feed": Target("bench.apps:closer()", env, "GET", f"/calendar/{token}.ics",
                                      lambda: [(b"", headers)])})
    return "\n".join([
        "### Scheduling: one couple's year (London and New York, weekly 45-minute call)", "",
        "| work | ms (median of 15) | vs plain icalendar render |", "|---|---:|---:|",
        f"| render the same {len(events)} events with plain `icalendar` + `add_missing_timezones()` (baseline) "
        f"| {plain_ms:.1f} | 1.00x |",
        f"| render our feed (`render_calendar`, own VTIMEZONEs) | {ours_ms:.1f} | {ours_ms / plain_ms:.2f}x |",
        f"| plan the standing call for 12 months (`plan_call`) | {plan_ms:.1f} | {plan_ms / plain_ms:.2f}x |", "",
        f"### Calendar feed 304 path through gunicorn ({ROUNDS} alternating bursts per endpoint)", "", TABLE_HEAD,
        row("bare Flask GET answering 304 (baseline)", results["baseline"], results["baseline"]),
        row("GET /calendar/<token>.ics with If-None-Match", results["feed"], results["baseline"])])


if __name__ == "__main__":
    print(main())
