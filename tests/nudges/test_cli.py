"""`closer nudges ...`, `closer outbox`, `closer dispatch` through the real argument parser."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest

from skill.cli import build_parser, main
from skill.cli_errors import CliError
from skill.nudges import keys

from .helpers import ANA_PHONE, WEDNESDAY, make_couple, seed_due_nudges


def run(app, *argv):
    args = build_parser().parse_args(list(argv))
    with app.app_context():
        return args.func(args, app)


@pytest.fixture
def app(outbox_app):
    outbox_app.config["CLOSER_NOW"] = WEDNESDAY.isoformat()
    return outbox_app


def test_enroll_status_settings_outbox_and_dispatch(app, capsys):
    couple = make_couple(app)
    assert run(app, "nudges", "enroll", couple.id, "Ana", "0151 23456789", "--json") == 0
    enrolled = json.loads(capsys.readouterr().out)
    assert (enrolled["phone"], enrolled["state"]) == (ANA_PHONE, "pending")

    assert run(app, "dispatch", "--once", "--now", "2025-03-05T14:00:00Z", "--json") == 0
    assert json.loads(capsys.readouterr().out)["sent"] == 1
    assert run(app, "outbox", "--json") == 0
    [text] = json.loads(capsys.readouterr().out)
    assert text["to"] == ANA_PHONE and "Reply YES" in text["body"]

    assert run(app, "nudges", "settings", couple.id, "Ana", "--per-week", "2", "--days", "Sat,Sun") == 0
    assert capsys.readouterr().out.strip() == "nudges: 2 a week, Sat,Sun"
    assert run(app, "nudges", "status", couple.id) == 0
    out = capsys.readouterr().out
    assert "a Ana: +49" in out and "consent pending" in out and "confirm   to a  sent" in out
    assert run(app, "nudges", "status", couple.id, "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["partners"][0]["settings"] == {"per_week": 2, "days": "Sat,Sun", "enabled": True}


@pytest.mark.parametrize("argv, message", [
    (["nudges", "enroll", "{couple}", "Ana", "12"], "not a valid phone number"),
    (["nudges", "enroll", "{couple}", "Zoe", "+4915123456789"], "no partner 'Zoe'"),
    (["nudges", "enroll", "nope", "Ana", "+4915123456789"], "no couple"),
    (["nudges", "settings", "{couple}", "Ana", "--per-week", "12"], "choose 1 to 7"),
    (["nudges", "settings", "{couple}", "Ana", "--days", "Funday"], "unknown day"),
    (["dispatch", "--once", "--now", "yesterday"], "not an ISO instant"),
    (["dispatch", "--now", "2025-03-05T14:00:00Z"], "only makes sense with --once"),
])
def test_user_errors_raise_cli_error(app, argv, message):
    couple = make_couple(app)
    with pytest.raises(CliError, match=message):
        run(app, *[a.format(couple=couple.id) for a in argv])


def test_main_prints_user_errors_and_exits_2(app, redis_url, monkeypatch, capsys):
    monkeypatch.setenv("REDIS_URL", redis_url)
    assert main(["nudges", "status", "no-such-couple"]) == 2
    assert "no couple with id 'no-such-couple'" in capsys.readouterr().err


def test_empty_outbox_and_idle_dispatch_say_so(app, capsys):
    run(app, "outbox")
    run(app, "dispatch", "--once")
    assert capsys.readouterr().out.splitlines() == ["outbox is empty", "nothing due"]


def test_dispatcher_processes_share_the_work_and_send_each_nudge_once(twilio_app, redis_client, standin, capsys):
    seeded = seed_due_nudges(redis_client, 120, datetime.now(timezone.utc))
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    status = run(twilio_app, "dispatch", "--until-idle", "--interval", "0.05", "--processes", "2", "--json")
    assert status == 0
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == handlers  # given back
    assert json.loads(capsys.readouterr().out)["sent"] == 120  # both processes' reports, summed
    assert sorted(m["to"] for m in standin.received) == sorted(seeded.values())
    assert redis_client.zcard(keys.DUE) == 0 and redis_client.zcard(keys.LEASES) == 0


def test_dispatcher_processes_use_the_embedded_redis_of_the_parent(app_config, tmp_path, capsys):
    # Without REDIS_URL the app starts an embedded server; the dispatcher processes must use that
    # store (child_config hands them its socket), or they would find nothing due.
    from skill import create_app

    embedded = create_app(dict(app_config, REDIS_URL=None, CLOSER_DATA_DIR=str(tmp_path / "data"),
                               TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN=""))
    redis = embedded.extensions["closer.redis"]
    seed_due_nudges(redis, 30, datetime.now(timezone.utc))
    assert run(embedded, "dispatch", "--once", "--processes", "2", "--json") == 0
    assert json.loads(capsys.readouterr().out)["sent"] == 30
    assert redis.llen(keys.OUTBOX) == 30 and redis.zcard(keys.DUE) == 0


def test_zero_dispatcher_processes_is_refused(app):
    with pytest.raises(CliError, match="--processes"):
        run(app, "dispatch", "--processes", "0")


@pytest.mark.parametrize("processes", ["1", "2"])
def test_the_dispatch_loop_stops_cleanly_on_sigterm(redis_url, redis_client, processes):
    # With --processes the parent passes SIGTERM on; every dispatcher finishes its tick and reports.
    seed_due_nudges(redis_client, 50, datetime.now(timezone.utc))
    env = dict(os.environ, REDIS_URL=redis_url, TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="")
    proc = subprocess.Popen([sys.executable, "-m", "skill.cli", "dispatch", "--interval", "0.05", "--json",
                             "--processes", processes],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while redis_client.llen(keys.OUTBOX) < 50 and time.monotonic() < deadline:
        time.sleep(0.02)  # polling a real process, bounded
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-2000:]
    assert json.loads(out)["sent"] == 50 and redis_client.zcard(keys.LEASES) == 0


def _dispatchers_started(pid: int) -> int:
    """How many spawned dispatcher processes `pid` has (its multiprocessing helpers not counted)."""
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        children = listing.read().split()
    started = 0
    for child in children:
        try:
            with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                started += b"spawn_main" in cmdline.read()
        except FileNotFoundError:
            pass
    return started


@pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"),
                    reason="needs Linux /proc to see the dispatcher processes start")
def test_a_stop_while_dispatchers_are_still_starting_loses_no_report(redis_url, redis_client):
    """SIGTERM the moment the dispatcher processes exist, while they are still importing: each must
    still stop cleanly and report (CI once caught one killed mid-start-up, when the stop was passed
    on as a signal it had no handler for yet)."""
    env = dict(os.environ, REDIS_URL=redis_url, TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="")
    proc = subprocess.Popen([sys.executable, "-m", "skill.cli", "dispatch", "--interval", "0.05", "--json",
                             "--processes", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _dispatchers_started(proc.pid) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)  # polling a real process, bounded
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert json.loads(out)["sent"] == 0
