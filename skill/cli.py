"""The `closer` command: serve the app, talk to the skill, and manage couples from a terminal.

Each feature adds its own sub-commands through a `register(subparsers)` function; a sub-command
handler takes `(args, app)` and returns the exit status. User errors raise `CliError`, printed to
stderr with exit status 2.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from .cli_errors import CliError
from .config import ConfigError

# Modules that contribute sub-commands, in the order they appear in --help.
FEATURE_CLIS = [
    "skill.console",
    "skill.couples_cli",
    "skill.scheduling_cli",
    "skill.nudges.cli",
    "skill.privacy_cli",
    "skill.skill_package_cli",
]


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every available feature's sub-commands."""
    parser = argparse.ArgumentParser(prog="closer", description="Closer: a voice companion for couples apart.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    serve = sub.add_parser("serve", help="serve the app locally (what `make run` does)")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    serve.set_defaults(func=_serve, needs_app=True)
    for name in FEATURE_CLIS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside the module: surface it
                raise
            continue
        module.register(sub)
    return parser


def _serve(args, app) -> int:
    verify = app.config.get("CLOSER_VERIFY_SIGNATURES", True)
    store = app.config.get("REDIS_URL") or f"embedded Redis in {app.instance_path}"
    base = f"http://{args.host}:{args.port}"
    # Links the app hands out (pages, feeds, texted short links) must lead back here, whatever the
    # port; a configured public URL (a tunnel, a domain) still wins.
    app.config["CLOSER_PUBLIC_URL"] = app.config.get("CLOSER_PUBLIC_URL") or base
    print(
        f"Closer is serving on {base}\n"
        f"  Alexa endpoint : POST {base}/alexa  (signature checks {'ON' if verify else 'OFF, for local use only'})\n"
        f"  Health         : GET  {base}/healthz\n"
        f"  Links          : {app.config['CLOSER_PUBLIC_URL']}/page/... and /calendar/....ics\n"
        f"  Store          : {store}\n"
        f"  SMS            : {'Twilio' if app.config.get('TWILIO_ACCOUNT_SID') else 'outbox in Redis (closer outbox)'}\n"
        f"Talk to it from another terminal:\n"
        f"  .venv/bin/closer say --url {base}/alexa \"what's tonight's prompt\"\n",
        flush=True,
    )
    app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `closer` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Commands print their own results; logs stay quiet unless asked for. `serve` keeps the
    # one-line-per-request access log.
    level = os.environ.get("CLOSER_LOG_LEVEL") or ("INFO" if args.command == "serve" else "WARNING")
    try:
        app = None
        if getattr(args, "needs_app", True):
            from . import create_app

            app = create_app({"CLOSER_LOG_LEVEL": level})
        if app is not None:
            with app.app_context():
                return int(args.func(args, app) or 0)
        return int(args.func(args, app) or 0)
    except (CliError, ConfigError) as exc:
        print(f"closer: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
