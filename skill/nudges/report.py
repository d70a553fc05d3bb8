"""Read-only views for people: a couple's nudge status, the outbox, the lost log."""
from __future__ import annotations

from skill.store.couples import CoupleRepository

from . import consent, settings
from .errors import UnknownCouple
from .phones import masked
from .records import NudgeStore


def couple_status(app, couple_id: str, *, limit: int = 20) -> dict:
    """Consent, settings and recent nudges (with delivery status) of one couple, JSON-ready."""
    redis = app.extensions["closer.redis"]
    store = NudgeStore(redis)
    couple = CoupleRepository(redis).get(couple_id)
    if couple is None:
        raise UnknownCouple(couple_id)
    partners = []
    for pid, partner in sorted(couple.partners.items()):
        prefs = settings.load(redis, couple.id, pid)
        record = consent.get(redis, prefs.phone) if prefs.phone else None
        head = store.get(prefs.next) if prefs.next else None
        partners.append({
            "pid": pid, "name": partner.name, "phone": masked(prefs.phone) if prefs.phone else None,
            "consent": record.state if record else "not enrolled",
            "consent_since": _since(record),
            "consent_source": _source(record),
            "settings": {"per_week": prefs.per_week, "days": settings.days_text(prefs.days),
                         "enabled": prefs.enabled},
            "next": head.due_at.isoformat() if head is not None and head.state == "scheduled" else None,
        })
    nudges = [{
        "id": n.id, "kind": n.kind, "to": n.to, "due": n.due_at.isoformat(), "state": n.state,
        "delivery": n.get("status") or None, "error": n.get("error") or None, "attempts": n.attempts,
        "detail": n.get("detail") or None,
    } for n in store.history(couple.id, limit=limit)]
    return {"couple": couple.id, "partners": partners, "nudges": nudges}


def _since(record) -> str | None:
    """When the number reached its current consent state."""
    if record is None:
        return None
    return {"active": record.confirmed_at, "stopped": record.stopped_at}.get(record.state) or record.requested_at or None


def _source(record) -> str | None:
    """How it got there: 'sms:YES', 'sms:STOP', 'twilio-21610', or where it was enrolled from."""
    if record is None:
        return None
    return {"active": record.confirmed_via, "stopped": record.stopped_via}.get(record.state) or record.source or None


def format_status(status: dict) -> str:
    """`closer nudges status` as text."""
    lines = [f"Couple {status['couple']}"]
    for p in status["partners"]:
        s = p["settings"]
        plan = "off" if not s["enabled"] else f"{s['per_week']} a week, {s['days']}"
        since = f" since {p['consent_since'][:16]} via {p['consent_source']}" if p["consent_since"] else ""
        lines.append(f"  {p['pid']} {p['name'] or '(no name)'}: {p['phone'] or 'no number'}, "
                     f"consent {p['consent']}{since}; nudges {plan}, next {p['next'] or '-'}")
    lines.append("  recent nudges:" if status["nudges"] else "  no nudges yet")
    for n in status["nudges"]:
        extra = ", ".join(x for x in (n["delivery"] and f"delivery {n['delivery']}",
                                      n["error"] and f"error {n['error']}", n["detail"]) if x)
        lines.append(f"    {n['due'][:16]} {n['kind']:<9} to {n['to']}  {n['state']}"
                     + (f" ({extra})" if extra else ""))
    return "\n".join(lines)
