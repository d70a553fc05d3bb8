"""Helpers shared by the `closer` sub-commands: finding a couple and a partner, printing."""
from __future__ import annotations

import json
import sys
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .cli_errors import CliError
from .store.couples import Couple, CoupleRepository, Partner


def repo(app) -> CoupleRepository:
    """The couple repository on the app's Redis."""
    return CoupleRepository(app.extensions["closer.redis"])


def load_couple(app, couple_id: str) -> Couple:
    """The couple, or a CliError naming the id that was not found."""
    couple = repo(app).get(couple_id)
    if couple is None:
        raise CliError(f"no couple with id {couple_id!r} (see `closer couple create`)")
    return couple


def find_partner(couple: Couple, name: str) -> Partner:
    """A partner by name (or by id a/b), or a CliError listing the names."""
    partner = couple.by_name(name) or couple.partners.get(name)
    if partner is None:
        names = ", ".join(p.name or p.id for p in couple.partners.values())
        raise CliError(f"no partner called {name!r} in couple {couple.id} (partners: {names})")
    return partner


def check_zone(zone: str) -> str:
    """Validate an IANA zone name."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CliError(f"unknown time zone {zone!r}: use an IANA name such as Europe/London") from None
    return zone


def emit(args, data, human: str) -> None:
    """Print JSON with --json, else the human text."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(human)


def group(sub, name: str, help_text: str):
    """A sub-command group (`closer NAME ACTION ...`) whose ACTION is required."""
    actions = sub.add_parser(name, help=help_text).add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    return actions


def add_json_flag(parser) -> None:
    """Every sub-command offers --json for scripts."""
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
