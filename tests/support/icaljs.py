"""Run ical.js (npm) on a feed, as an independent check of our iCalendar.

ical.js must be installed with ``npm ci`` at the repository root.  Missing
node or ical.js is an error, never a skip: a silently skipped cross-check is
how the VTIMEZONE bug this guards against went unnoticed elsewhere.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("icaljs_expand.mjs")
ICALJS = ROOT / "node_modules" / "ical.js" / "package.json"
HINT = "run `npm ci` at the repository root (needs node >= 18 and the npm registry)"


class IcalJsMissing(RuntimeError):
    """node or node_modules/ical.js is not there."""


def ensure_icaljs() -> str:
    """Path of ``node``, after making sure ical.js is installed.

    Runs ``npm ci`` once if ``node_modules/ical.js`` is absent; raises
    ``IcalJsMissing`` (never skips) if that is impossible.
    """
    node = shutil.which("node")
    if node is None:
        raise IcalJsMissing(f"node is not installed; install Node.js, then {HINT}")
    if ICALJS.exists():
        return node
    npm = shutil.which("npm")
    if npm is None:
        raise IcalJsMissing(f"npm is not installed; {HINT}")
    # pytest-xdist workers may all get here at once: one `npm ci` at a time.
    with open(Path(tempfile.gettempdir()) / "closer-npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ICALJS.exists():
            done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT,
                                  capture_output=True, text=True, timeout=600)
            if done.returncode != 0 or not ICALJS.exists():
                raise IcalJsMissing(f"`npm ci` failed ({done.returncode}): {done.stderr[-2000:]}\n{HINT}")
    return node


@pytest.fixture(scope="session")
def icaljs_node() -> str:
    """Session fixture: the node binary, with ical.js installed (fails loudly)."""
    try:
        return ensure_icaljs()
    except IcalJsMissing as exc:
        pytest.fail(str(exc), pytrace=False)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def icaljs_events(node: str, ics: bytes, start: datetime, end: datetime) -> list[dict]:
    """What ical.js reads of each VEVENT: {"uid", "all_day", "occurrences" (ISO, within
    [start, end)), "alarms": [{"action", "trigger"}]}."""
    done = subprocess.run([node, str(SCRIPT), _iso(start), _iso(end)], input=ics,
                          capture_output=True, timeout=60, cwd=ROOT)
    if done.returncode != 0:
        raise AssertionError(f"ical.js failed: {done.stderr.decode(errors='replace')}")
    return json.loads(done.stdout)["events"]


def icaljs_expand(node: str, ics: bytes, start: datetime, end: datetime) -> dict[str, list]:
    """{uid: [occurrence starts]} as ical.js expands them within [start, end).

    Timed occurrences come back as aware UTC datetimes, all-day ones as dates.
    """
    result: dict[str, list] = {}
    for event in icaljs_events(node, ics, start, end):
        if event["all_day"]:
            result[event["uid"]] = [date.fromisoformat(d) for d in event["occurrences"]]
        else:
            result[event["uid"]] = [
                datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                for s in event["occurrences"]
            ]
    return result
