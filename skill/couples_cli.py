"""`closer couple ...`: create a couple, invite or link a device, show a couple."""
from __future__ import annotations

from datetime import datetime, timezone

from .cli_errors import CliError
from .cli_support import add_json_flag, check_zone, emit, find_partner, group, load_couple, repo
from .services import pairing
from .store.couples import Partner


def _partner_spec(text: str) -> Partner:
    name, sep, zone = text.partition(":")
    if not sep or not name.strip() or not zone.strip():
        raise CliError(f"--partner takes NAME:ZONE, e.g. Ana:Europe/Lisbon (got {text!r})")
    return Partner(id="", name=name.strip(), zone=check_zone(zone.strip()))


def create(args, app) -> int:
    """Create a couple from two NAME:ZONE specs and print its id."""
    partners = [_partner_spec(spec) for spec in args.partner]
    if len(partners) != 2:
        raise CliError("give exactly two partners: --partner NAME:ZONE --partner NAME:ZONE")
    if partners[0].name.casefold() == partners[1].name.casefold():
        raise CliError("the two partners need different names")
    couple = repo(app).create(partners, now=datetime.now(timezone.utc))
    emit(args, {"couple": couple.id, "partners": {p.id: p.name for p in couple.partners.values()}}, couple.id)
    return 0


def invite(args, app) -> int:
    """Print a pairing code that links an Echo as the named partner."""
    couple = load_couple(app, args.couple)
    partner = find_partner(couple, args.partner)
    code = pairing.create_code(app.extensions["closer.redis"], couple, partner.id)
    emit(args, {"code": code, "partner": partner.name, "valid_minutes": 15},
         f"{code}\nOn {partner.name}'s Echo: \"Alexa, ask Closer Together to join with code {code}\" "
         "(valid 15 minutes, once).")
    return 0


def join(args, app) -> int:
    """Link an Alexa user id (e.g. the one `closer say --user` uses) with a code."""
    from .console import user_id_for

    try:
        joined = pairing.join(app.extensions["closer.redis"], args.code, user_id_for(args.user),
                              datetime.now(timezone.utc))
    except pairing.PairingError as exc:
        raise CliError({"limited": "too many wrong codes: wait an hour",
                        "invalid": "that code is unknown, used or expired"}.get(exc.reason, exc.reason)) from None
    partner = joined.couple.partners[joined.pid]
    emit(args, {"couple": joined.couple.id, "partner": partner.name or joined.pid},
         f"linked user {args.user!r} as {partner.name or joined.pid} in couple {joined.couple.id}")
    return 0


def show(args, app) -> int:
    """Print a couple's partners, zones, windows and plans."""
    couple = load_couple(app, args.couple)
    lines = [f"couple {couple.id}"]
    for p in couple.partners.values():
        lines.append(f"  {p.id}: {p.name or '(no name yet)'}  zone={p.zone or '?'}  windows={p.windows!r}  "
                     f"quiet={p.quiet}  device={'linked' if p.user else 'not linked'}")
    lines.append(f"  plan start: {couple.plan_start or 'not started'};  visits: {len(couple.visits)};  "
                 f"standing call: {'planned' if couple.call else 'none'}")
    data = {"id": couple.id, "partners": {p.id: {"name": p.name, "zone": p.zone, "windows": p.windows,
                                                 "quiet": p.quiet, "linked": bool(p.user)}
                                          for p in couple.partners.values()},
            "plan_start": couple.plan_start, "visits": couple.visits, "call": couple.call}
    emit(args, data, "\n".join(lines))
    return 0


def register(sub) -> None:
    """Add `couple create|invite|join|show`."""
    couple = group(sub, "couple", "create couples and link devices")
    p = couple.add_parser("create", help="create a couple: --partner NAME:ZONE twice")
    p.add_argument("--partner", action="append", default=[], metavar="NAME:ZONE")
    add_json_flag(p)
    p.set_defaults(func=create)
    p = couple.add_parser("invite", help="a pairing code for a partner's Echo")
    p.add_argument("couple")
    p.add_argument("--partner", required=True, metavar="NAME")
    add_json_flag(p)
    p.set_defaults(func=invite)
    p = couple.add_parser("join", help="link a local user (as used by `closer say --user`) with a code")
    p.add_argument("code")
    p.add_argument("--user", required=True)
    add_json_flag(p)
    p.set_defaults(func=join)
    p = couple.add_parser("show", help="show a couple")
    p.add_argument("couple")
    add_json_flag(p)
    p.set_defaults(func=show)
