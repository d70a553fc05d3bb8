"""Shared helpers for the call-planner tests: constants, dateutil cross-check, plan invariants."""
from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta, timezone

from dateutil.rrule import rrulestr
from hypothesis import strategies as st

from scheduling import CallSegment, Partner

UTC = timezone.utc
ZONES = st.sampled_from(sorted(zoneinfo.available_timezones()))
CADENCES = st.sampled_from(["weekly", "biweekly", "monthly:1", "monthly:2", "monthly:3", "monthly:4"])
STARTS = st.datetimes(datetime(2024, 1, 1), datetime(2027, 6, 30), timezones=st.just(UTC))
NEW_YEAR = datetime(2025, 1, 1, tzinfo=UTC)
WIDE = "Sat-Sun 09:00-23:00"


def u(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def dateutil_occurrences(seg: CallSegment) -> list[datetime]:
    """What python-dateutil (the expander icalendar users rely on) makes of a segment."""
    until = seg.until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    rule = rrulestr(f"{seg.rrule};UNTIL={until}", dtstart=seg.start)
    skip = {x.astimezone(UTC) for x in seg.exdates}
    return [o for o in rule if o.astimezone(UTC) not in skip]


def check_plan(plan, a: Partner, b: Partner, start: datetime, oracle) -> None:
    """Invariants every plan must satisfy."""
    last_until = None
    for seg in plan.segments:
        occ = seg.occurrences()
        assert occ and occ[0] == seg.start and occ[-1] <= seg.until
        assert all(o.tzinfo.key == seg.anchor_zone for o in occ)
        assert [o.astimezone(UTC) for o in occ] == [o.astimezone(UTC) for o in dateutil_occurrences(seg)]
        assert seg.start > start
        if last_until is not None:
            assert seg.start > last_until  # segments follow each other, never overlap
        last_until = seg.until
    minutes = plan.minutes
    for t in plan.occurrences():
        assert oracle.span_in_windows(a.windows, a.zone, t, minutes), (a, t)
        assert oracle.span_in_windows(b.windows, b.zone, t, minutes), (b, t)
    assert plan.occurrences()[-1] < start + timedelta(days=367)
