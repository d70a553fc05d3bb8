"""Export and forget what nudges keep outside a couple's slot (numbers, consent, texts, notes).

Registered with `skill.services.privacy_hooks` when the package is imported, so "forget me" and
`closer` privacy exports cover nudges too.
"""
from __future__ import annotations

from . import consent, keys, settings
from .records import NudgeStore

_RECORD_FIELDS = ("id", "kind", "to", "due", "state", "status", "error", "text", "sent_at", "created")


def _voice_notes(redis, couple_id: str):
    for key in redis.scan_iter(match=keys.voice_note("*"), count=500):
        note = redis.hgetall(key)
        if note.get("couple") == couple_id:
            yield key, note


def export(redis, couple) -> dict:
    """Numbers, consent history, settings, texts and voice notes of `couple`, JSON-ready."""
    partners = {}
    for pid in couple.partners:
        prefs = settings.load(redis, couple.id, pid)
        partners[pid] = {
            "phone": prefs.phone or None,
            "consent": consent.history(redis, prefs.phone) if prefs.phone else [],
            "settings": {"per_week": prefs.per_week, "days": settings.days_text(prefs.days), "enabled": prefs.enabled},
        }
    nudges = [{name: n.get(name) for name in _RECORD_FIELDS} for n in NudgeStore(redis).history(couple.id, 500)]
    notes = [{"from": n.get("from"), "to": n.get("to"), "created": n.get("created"), "duration": n.get("duration")}
             for _, n in _voice_notes(redis, couple.id)]
    return {"partners": partners, "texts": nudges, "voice_notes": notes}


def forget(redis, couple, pid: str) -> None:
    """Forget partner `pid`: their number and consent (an opt-out is kept, without any link to
    them, so a STOP stays honoured), settings, voice notes, and the couple's texts, which name
    them. Pending texts are cancelled; one already in flight finds no consent and is not sent."""
    store = NudgeStore(redis)
    prefs = settings.load(redis, couple.id, pid)
    for nudge in store.history(couple.id, limit=500):
        store.cancel(nudge.id)
        redis.delete(keys.nudge(nudge.id))
    redis.delete(keys.history(couple.id))
    if prefs.phone:
        record = consent.get(redis, prefs.phone)
        redis.delete(keys.phone(prefs.phone), keys.consent_log(prefs.phone))
        if record.state == "stopped":
            redis.hset(keys.phone(prefs.phone), mapping={"state": "stopped", "stopped_at": record.stopped_at})
    redis.delete(keys.settings(couple.id, pid))
    redis.srem(keys.CHAINS, keys.chain_member(couple.id, pid))
    for key, note in _voice_notes(redis, couple.id):
        if pid in (note.get("from"), note.get("to")):
            redis.delete(key)


def register() -> None:
    """Add our hooks to the app-wide privacy registry (once)."""
    from skill.services import privacy_hooks

    if forget not in privacy_hooks.FORGET:
        privacy_hooks.FORGET.append(forget)
    privacy_hooks.EXPORT["nudges"] = export
