"""`closer nudges ...`, `closer outbox` and `closer dispatch`.

    closer nudges enroll COUPLE NAME PHONE [--region DE]
    closer nudges status COUPLE [--json]
    closer nudges settings COUPLE NAME [--per-week N] [--days Mon,Wed,Fri] [--off | --on]
    closer outbox [--json] [--limit N]
    closer dispatch [--once] [--now ISO] [--until-idle] [--interval S] [--processes N] [--json]
"""
from __future__ import annotations

import json
import sys

from skill.cli_errors import CliError
from skill.clock import now as clock_now
from skill.clock import parse_instant

from . import settings as settings_mod
from .dispatcher import dispatch_once
from .loop import run_forever, run_processes, stop_on_signals
from .errors import NudgeError
from .phones import masked
from .report import couple_status, format_status
from .sender import OutboxSender
from .service import enroll, set_preferences


def register(subparsers) -> None:
    """Add the nudge sub-commands to the `closer` parser."""
    nudges = subparsers.add_parser("nudges", help="SMS nudges: enrol numbers, settings, status")
    sub = nudges.add_subparsers(dest="nudges_command", metavar="ACTION")
    sub.required = True

    p = sub.add_parser("enroll", help="enrol a partner's mobile number (sends the opt-in request)")
    p.add_argument("couple"), p.add_argument("name", help="partner name or id (a/b)"), p.add_argument("phone")
    p.add_argument("--region", help="country for numbers written without +code (default: from their zone)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_enroll)

    p = sub.add_parser("status", help="consent, settings and recent nudges of a couple")
    p.add_argument("couple"), p.add_argument("--json", action="store_true")
    p.set_defaults(func=_status)

    p = sub.add_parser("settings", help="how many nudges a week, on which days, or off")
    p.add_argument("couple"), p.add_argument("name", help="partner name or id (a/b)")
    p.add_argument("--per-week", type=int), p.add_argument("--days", help="e.g. Mon,Wed,Fri or weekdays")
    onoff = p.add_mutually_exclusive_group()
    onoff.add_argument("--off", action="store_true", help="pause nudges")
    onoff.add_argument("--on", action="store_true", help="resume nudges")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_settings)

    p = subparsers.add_parser("outbox", help="texts kept in Redis because Twilio is not configured")
    p.add_argument("--json", action="store_true"), p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=_outbox)

    p = subparsers.add_parser("dispatch", help="send due nudges (a loop; --once for one tick)")
    p.add_argument("--once", action="store_true", help="one tick, then exit")
    p.add_argument("--now", help="ISO instant to act as now (with --once)")
    p.add_argument("--until-idle", action="store_true", help="loop until nothing is due or in flight")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between ticks when idle")
    p.add_argument("--processes", type=int, default=1,
                   help="dispatchers to run side by side, one per process (e.g. one per core)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_dispatch)


def _emit(args, payload, text: str) -> int:
    print(json.dumps(payload, indent=2, default=str) if getattr(args, "json", False) else text)
    return 0


def _enroll(args, app) -> int:
    try:
        result = enroll(app, args.couple, args.name, args.phone, source="cli", now=clock_now(), region=args.region)
    except NudgeError as exc:
        raise CliError(str(exc)) from exc
    when = {"pending": f"opt-in request goes out {result.confirm_at:%Y-%m-%d %H:%M} UTC; "
                       "nothing else is sent until they reply YES",
            "active": "already confirmed", "stopped": "this number opted out (STOP); they can text START"}
    return _emit(args, {"phone": result.phone, "state": result.state, "confirm_at": result.confirm_at},
                 f"{masked(result.phone)}: {when.get(result.state, result.state)}")


def _status(args, app) -> int:
    try:
        status = couple_status(app, args.couple)
    except NudgeError as exc:
        raise CliError(str(exc)) from exc
    return _emit(args, status, format_status(status))


def _settings(args, app) -> int:
    try:
        days = settings_mod.parse_days(args.days) if args.days else "keep"
        enabled = False if args.off else True if args.on else None
        if args.per_week is not None and enabled is None:
            enabled = True
        prefs = set_preferences(app, args.couple, args.name, now=clock_now(), per_week=args.per_week,
                                days=days, enabled=enabled)
    except NudgeError as exc:
        raise CliError(str(exc)) from exc
    payload = {"per_week": prefs.per_week, "days": settings_mod.days_text(prefs.days), "enabled": prefs.enabled}
    return _emit(args, payload, f"nudges: {prefs.describe()}")


def _outbox(args, app) -> int:
    messages = OutboxSender(app.extensions["closer.redis"]).messages(limit=args.limit)
    if args.json:
        return _emit(args, messages, "")
    if not messages:
        print("outbox is empty")
    for m in messages:
        print(f"{m['at'][:19]}  to {masked(m['to'])}  {m['body']}")
    return 0


def _dispatch(args, app) -> int:
    if args.now and not args.once:
        raise CliError("--now only makes sense with --once")
    try:
        now = parse_instant(args.now) if args.now else None
    except ValueError as exc:
        raise CliError(f"--now: {args.now!r} is not an ISO instant (e.g. 2025-03-01T18:00:00Z)") from exc
    if args.processes < 1:
        raise CliError(f"--processes must be 1 or more, not {args.processes}")
    failed = 0
    if args.processes > 1:
        report, failed = run_processes(app, args.processes, once=args.once, now=now, interval=args.interval,
                                       idle_exit=args.until_idle)
    elif args.once:
        report = dispatch_once(app, now)
    else:
        report = run_forever(app, interval=args.interval, idle_exit=args.until_idle, stop=stop_on_signals())
    data = report.as_dict()
    text = ", ".join(f"{k} {v}" for k, v in data.items() if v and k != "lost_ids") or "nothing due"
    _emit(args, data, text)
    if failed:
        # Their claims are settled by the next tick's reaper; say so and fail the command.
        print(f"closer: {failed} of {args.processes} dispatcher processes ended without reporting "
              "(see the log); their claims will be reaped", file=sys.stderr)
        return 1
    return 0
