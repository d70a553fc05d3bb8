"""`closer window|call|visit|calendar ...`: the couple's schedule from a terminal."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from scheduling import QuietHours, SchedulingError, Visit, VisitError, VisitOverlap, WeeklyWindows

from .cli_errors import CliError
from .cli_support import add_json_flag, emit, find_partner, group, load_couple, repo
from .services import feeds, schedule, visit_news
from .speech_time import both_local_times


def _now(args) -> datetime:
    return datetime.now(timezone.utc)


def _domain_error(exc: SchedulingError) -> CliError:
    return CliError(str(exc))


def window_set(args, app) -> int:
    """Set a partner's waking windows (and optionally quiet hours)."""
    couple = load_couple(app, args.couple)
    partner = find_partner(couple, args.name)
    spec = ", ".join(args.windows)
    try:
        windows = WeeklyWindows.parse(spec)
        quiet = QuietHours.parse(args.quiet) if args.quiet else None
    except SchedulingError as exc:
        raise _domain_error(exc) from None

    def change(c):
        c.partners[partner.id].windows = str(windows)
        if quiet is not None:
            c.partners[partner.id].quiet = args.quiet

    repo(app).update(couple.id, change)
    emit(args, {"partner": partner.name, "windows": str(windows), "quiet": args.quiet or partner.quiet},
         f"{partner.name}: awake {windows}" + (f"; quiet {args.quiet}" if args.quiet else ""))
    return 0


def call_plan(args, app) -> int:
    """Plan (and save, unless --dry-run) the standing call; print both local times."""
    couple = load_couple(app, args.couple)
    if not couple.paired:
        raise CliError("a standing call needs both partners: add the second partner first")
    if args.anchor:
        find_partner(couple, args.anchor)
    preference = _preference(args.prefer, args.minutes) if args.prefer else None
    now = _now(args)
    busy = _busy(couple, args.busy, now)
    kept = None
    try:
        if preference is None:
            plan = schedule.plan(couple, cadence=args.cadence, minutes=args.minutes, anchor=args.anchor, now=now,
                                 busy=busy)
        else:
            near = schedule.plan_near(couple, preference=preference, minutes=args.minutes, anchor=args.anchor,
                                      now=now, cadence=args.cadence, busy=busy)
            plan, kept = near.plan, near.exact
    except SchedulingError as exc:
        raise _domain_error(exc) from None
    if not args.dry_run:
        schedule.save_call(repo(app), couple.id, schedule.serialise_plan(plan), now)
    first = plan.next_occurrence(now)
    lines = [f"standing call, {plan.cadence}, {plan.minutes} minutes ({len(plan.segments)} segment(s))"]
    if kept is not None:
        lines.append(f"  kept to {args.prefer!r}" if kept else
                     f"  {args.prefer!r} does not fit both of you all year; this is the nearest time that does")
    for seg in plan.segments:
        lines.append(f"  from {seg.start:%Y-%m-%d}: {seg.rrule} at {seg.start:%H:%M} {seg.anchor_zone}")
    if first:
        lines.append("  next: " + both_local_times(first, couple, today=now))
    lines.extend(f"  note: {n}" for n in plan.notes)
    lines.extend(f"  skipped {s.at:%Y-%m-%d %H:%M} UTC: {s.partner} is busy" for s in plan.skipped)
    emit(args, {"saved": not args.dry_run, **schedule.serialise_plan(plan), "preference_kept": kept,
                "skipped": [{"at": s.at.isoformat(), "partner": s.partner} for s in plan.skipped],
                "next": first.isoformat() if first else None}, "\n".join(lines))


def _preference(text: str, minutes: int):
    """`--prefer "sunday evening"` (a day, a part of the day or a time like 19:00, or both) as the
    domain's preference; CliError for words that are neither."""
    words = text.replace(",", " ").split()
    day, rest = [], []
    for word in words:
        (day if _is_day(word) else rest).append(word)
    if not words or len(day) > 1 or len(rest) > 1:
        raise CliError(f"--prefer {text!r}: give a day, a part of the day or a time, or one of each "
                       "(e.g. 'sunday evening', 'sat 19:00', 'mornings')")
    try:
        return schedule.call_preference(day[0] if day else None, rest[0] if rest else None, minutes)
    except ValueError as exc:
        raise CliError(f"--prefer: {exc}") from None


def _is_day(word: str) -> bool:
    try:
        schedule.call_preference(word, None, 0)
    except ValueError:
        return False
    return True


def _busy(couple, specs: list[str], now: datetime) -> dict | None:
    """`NAME=FILE_OR_URL` options -> busy intervals per partner name, read from their own calendar."""
    from datetime import timedelta

    from scheduling import read_busy

    from .web.busy_fetch import CalendarFetchError, fetch_calendar

    busy = {}
    for spec in specs or ():
        name, sep, source = spec.partition("=")
        if not sep:
            raise CliError(f"--busy takes NAME=FILE_OR_URL (got {spec!r})")
        partner = find_partner(couple, name)
        try:
            data = fetch_calendar(source) if "://" in source else Path(source).read_bytes()
            intervals = read_busy(data, now, now + timedelta(days=370), zone=partner.zone or "UTC")
        except (OSError, CalendarFetchError, SchedulingError) as exc:
            raise CliError(f"could not read {name}'s calendar {source!r}: {exc}") from None
        busy[schedule.domain_partner(partner).name] = [(i.start_utc, i.end_utc) for i in intervals]
    return busy or None
    return 0


def visit_add(args, app) -> int:
    """Add a visit to the couple's timeline (validated: no overlaps, end not before start)."""
    couple = load_couple(app, args.couple)
    traveler = find_partner(couple, args.traveler)
    try:
        visit = Visit(start=date.fromisoformat(args.start), end=date.fromisoformat(args.end),
                      traveler=traveler.name or traveler.id, where=args.where)
    except VisitError as exc:  # said in dates, not as the dataclass's repr
        raise CliError(f"bad visit: {exc.reason} ({args.start} to {args.end})") from None
    except ValueError as exc:
        raise CliError(f"bad visit: {exc}") from None
    try:
        couple = repo(app).update(couple.id, lambda c: schedule.add_visit(c, visit))
    except VisitOverlap as exc:
        other = exc.first if exc.second == visit else exc.second
        raise CliError(f"that visit overlaps the one from {other.start} to {other.end}") from None
    except SchedulingError as exc:
        raise _domain_error(exc) from None
    # Both partners hear of it at their next "open Closer Together", as they would from each other.
    visit_news.announce_added(app.extensions["closer.redis"], couple, None, visit, traveller_pid=traveler.id,
                              now=_now(args))
    emit(args, {"start": args.start, "end": args.end, "traveler": visit.traveler, "where": args.where},
         f"visit added: {args.start} to {args.end}, {visit.traveler} travels" + (f" to {args.where}" if args.where else ""))
    return 0


def visit_remove(args, app) -> int:
    """Take the visit starting on --from off the couple's timeline; the partners are told."""
    before = load_couple(app, args.couple)
    try:
        start = date.fromisoformat(args.start)
    except ValueError:
        raise CliError(f"bad date {args.start!r}: use YYYY-MM-DD") from None
    removed = []
    couple = repo(app).update(before.id, lambda c: removed.append(schedule.remove_visit(c, start)))
    if not removed[-1]:
        starts = ", ".join(v["start"] for v in couple.visits) or "none"
        raise CliError(f"no visit starts on {args.start} (visits start on: {starts})")
    for gone in (v for v in schedule.visits(before) if v.start == start):
        visit_news.announce_cancelled(app.extensions["closer.redis"], couple, None, gone, now=_now(args))
    emit(args, {"removed": args.start}, f"visit removed: the one starting {args.start}")
    return 0


def visit_list(args, app) -> int:
    """List visits, the countdown for each partner, and the gaps between visits."""
    couple = load_couple(app, args.couple)
    timeline = schedule.timeline(couple)
    now = _now(args)
    lines, data = [], {"visits": couple.visits, "countdown": {}, "longest_gap": timeline.longest_gap(),
                       "average_gap": timeline.average_gap()}
    for v in couple.visits:
        lines.append(f"  {v['start']} to {v['end']}  {v['traveler']} travels" + (f" to {v['where']}" if v.get("where") else ""))
    for p in couple.partners.values():
        countdown = timeline.days_until_next(now, p.zone or "UTC")
        if countdown:
            data["countdown"][p.name or p.id] = countdown.days
            lines.append(f"  {p.name}: " + ("visit under way" if countdown.ongoing else f"{countdown.days} days to go"))
    if couple.partners:
        first = next(iter(couple.partners.values()))
        suggested = timeline.suggest_next(now, first.zone or "UTC")
        if suggested is not None:
            data["suggested_next_start"] = suggested.isoformat()
            lines.append(f"  to keep gaps under six weeks, start the next visit by {suggested.isoformat()}")
    emit(args, data, "\n".join(lines) or "no visits yet")
    return 0


def _partner_token(args, app, *, rotate: bool = False):
    couple = load_couple(app, args.couple)
    partner = find_partner(couple, args.partner)
    redis = app.extensions["closer.redis"]
    token = feeds.rotate(redis, couple, partner.id) if rotate else feeds.token_for(redis, couple, partner.id)
    base = app.config.get("CLOSER_PUBLIC_URL")
    return (partner, *feeds.subscription_links(base, token), feeds.page_link(base, token))


def calendar_url(args, app) -> int:
    """Print the partner's subscription links (https and webcal) and their page's."""
    partner, https, webcal, page = _partner_token(args, app)
    emit(args, {"partner": partner.name, "https": https, "webcal": webcal, "page": page},
         f"{https}\n{webcal}\npage: {page}")
    return 0


def calendar_rotate(args, app) -> int:
    """Replace the partner's feed token; the old links (feed and page) stop working."""
    partner, https, webcal, page = _partner_token(args, app, rotate=True)
    emit(args, {"partner": partner.name, "https": https, "webcal": webcal, "page": page},
         f"new links for {partner.name}:\n{https}\n{webcal}\npage: {page}")
    return 0


def calendar_export(args, app) -> int:
    """Write the partner's feed to -o FILE (or stdout)."""
    couple = load_couple(app, args.couple)
    partner = find_partner(couple, args.partner)
    rendered = feeds.render(app.extensions["closer.redis"], couple, partner.id, _now(args),
                            app.config.get("CLOSER_VIDEO_URL"))
    if args.output:
        Path(args.output).write_bytes(rendered.body)
        emit(args, {"written": args.output, "bytes": len(rendered.body)}, f"wrote {args.output}")
    else:
        print(rendered.body.decode("utf-8"), end="")
    return 0


def register(sub) -> None:
    """Add `window`, `call`, `visit` and `calendar` commands."""
    window = group(sub, "window", "partners' waking windows")
    p = window.add_parser("set", help='e.g. closer window set COUPLE Ana "Mon-Fri 18:00-22:30" "Sat-Sun 09:00-23:00"')
    p.add_argument("couple"), p.add_argument("name"), p.add_argument("windows", nargs="+")
    p.add_argument("--quiet", help='quiet hours, e.g. "21:00-08:00"')
    add_json_flag(p), p.set_defaults(func=window_set)

    call = group(sub, "call", "the standing video call")
    p = call.add_parser("plan", help="find and save the standing call")
    p.add_argument("couple"), p.add_argument("--cadence", default="weekly", help="weekly, biweekly or monthly:N")
    p.add_argument("--minutes", type=int, default=45), p.add_argument("--anchor", metavar="NAME")
    p.add_argument("--dry-run", action="store_true", help="show the plan without saving it")
    p.add_argument("--prefer", metavar="WHEN", help="keep to a day and/or part of the day on the anchor's "
                   "clock ('sunday evening', 'sat 19:00'), or get the nearest time that fits all year")
    p.add_argument("--busy", action="append", metavar="NAME=FILE_OR_URL",
                   help="avoid busy times from a partner's own calendar (.ics file or https/webcal URL)")
    add_json_flag(p), p.set_defaults(func=call_plan)

    visit = group(sub, "visit", "visits")
    p = visit.add_parser("add", help="add a visit")
    p.add_argument("couple"), p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--traveler", required=True, metavar="NAME"), p.add_argument("--where")
    add_json_flag(p), p.set_defaults(func=visit_add)
    p = visit.add_parser("remove", help="take a visit off the timeline (it is off)")
    p.add_argument("couple"), p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD",
                                             help="the day the visit starts")
    add_json_flag(p), p.set_defaults(func=visit_remove)
    p = visit.add_parser("list", help="visits and countdowns")
    p.add_argument("couple"), add_json_flag(p), p.set_defaults(func=visit_list)

    cal = group(sub, "calendar", "calendar feeds")
    for name, func, text in (("url", calendar_url, "the partner's subscription links"),
                             ("rotate", calendar_rotate, "replace the partner's link"),
                             ("export", calendar_export, "write the partner's .ics")):
        p = cal.add_parser(name, help=text)
        p.add_argument("couple"), p.add_argument("--partner", required=True, metavar="NAME")
        if name == "export":
            p.add_argument("-o", "--output")
        add_json_flag(p), p.set_defaults(func=func)
