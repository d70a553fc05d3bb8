"""Consent by phone number: double opt-in, STOP/START, and a log of every change.

A number's record (`{nudges}:phone:<e164>`) has a `state`:

- pending — enrolled (from the CLI or by voice); only the opt-in request may be sent to it;
- active  — the person replied YES (or START/UNSTOP); nudges may be sent;
- stopped — the person replied STOP (or a synonym), or Twilio answered 21610; nothing but the
  opt-out confirmation (a TwiML reply to their STOP) ever goes to it again until they opt in.

Only the person holding the phone can leave `stopped`: re-enrolling a stopped number from the
CLI or by voice records who it belongs to but sends nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from . import keys
from .errors import NumberInUse

OPT_OUT = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
OPT_IN = {"START", "YES", "UNSTOP"}
HELP = {"HELP", "INFO"}


@dataclass(frozen=True)
class Consent:
    """A number's consent record."""

    phone: str
    state: str  # pending | active | stopped | none
    couple: str = ""
    pid: str = ""
    source: str = ""
    requested_at: str = ""
    confirmed_at: str = ""
    confirmed_via: str = ""
    stopped_at: str = ""
    stopped_via: str = ""

    @property
    def enrolled(self) -> bool:
        """True when the number belongs to a partner of some couple."""
        return bool(self.couple and self.pid)


_FIELDS = [f for f in Consent.__dataclass_fields__ if f != "phone"]


def get(redis, phone: str) -> Consent:
    """The consent record of `phone` (state 'none' when we have never heard of it)."""
    values = redis.hmget(keys.phone(phone), _FIELDS)
    data = {name: value or "" for name, value in zip(_FIELDS, values)}
    data["state"] = data["state"] or "none"
    return Consent(phone=phone, **data)


def _write(redis, phone: str, changes: dict[str, str], event: dict) -> None:
    """Apply `changes` and append `event` to the number's consent log, atomically."""
    pipe = redis.pipeline(transaction=True)
    pipe.hset(keys.phone(phone), mapping=changes)
    pipe.rpush(keys.consent_log(phone), json.dumps(event))
    pipe.ltrim(keys.consent_log(phone), -200, -1)
    pipe.execute()


def request(redis, *, phone: str, couple: str, pid: str, source: str, now: datetime) -> Consent:
    """Enrol `phone` for partner `pid` of `couple`. Returns the resulting record.

    A new or pending number becomes pending (the caller then schedules the opt-in request); an
    already active number for the same partner stays active; a stopped number stays stopped.
    Raises NumberInUse when the number belongs to someone else and has not opted out.
    """
    current = get(redis, phone)
    if current.enrolled and (current.couple, current.pid) != (couple, pid) and current.state != "stopped":
        raise NumberInUse(phone)
    same_owner = (current.couple, current.pid) == (couple, pid)
    if current.state == "stopped":
        state = "stopped"
    elif current.state == "active" and same_owner:
        state = "active"
    else:
        state = "pending"
    changes = {"state": state, "couple": couple, "pid": pid, "source": source, "requested_at": now.isoformat()}
    _write(redis, phone, changes, {"at": now.isoformat(), "event": "enrolled", "source": source,
                                   "couple": couple, "pid": pid, "state": state})
    return get(redis, phone)


def opt_in(redis, phone: str, *, via: str, now: datetime) -> tuple[Consent, bool]:
    """The person replied YES/START/UNSTOP. Returns (record, changed) — changed is False when
    the number was already active, or is unknown (we do not create records for strangers)."""
    current = get(redis, phone)
    if not current.enrolled or current.state == "active":
        return current, False
    _write(redis, phone, {"state": "active", "confirmed_at": now.isoformat(), "confirmed_via": via},
           {"at": now.isoformat(), "event": "opted-in", "via": via})
    return get(redis, phone), True


def opt_out(redis, phone: str, *, via: str, now: datetime) -> Consent:
    """Stop everything to `phone` at once. Unknown numbers are remembered as stopped too, so a
    later enrolment cannot text someone who already said STOP."""
    _write(redis, phone, {"state": "stopped", "stopped_at": now.isoformat(), "stopped_via": via},
           {"at": now.isoformat(), "event": "opted-out", "via": via})
    return get(redis, phone)


def release(redis, phone: str, *, couple: str, pid: str, now: datetime) -> None:
    """Forget that `phone` belongs to this partner (they enrolled a different number).

    The stopped state survives: an opt-out is about the phone, not about who enrolled it.
    """
    current = get(redis, phone)
    if (current.couple, current.pid) != (couple, pid):
        return
    changes = {"couple": "", "pid": ""}
    if current.state != "stopped":
        changes["state"] = "released"
    _write(redis, phone, changes, {"at": now.isoformat(), "event": "released", "couple": couple, "pid": pid})


def history(redis, phone: str) -> list[dict]:
    """Every consent change of `phone`, oldest first."""
    return [json.loads(x) for x in redis.lrange(keys.consent_log(phone), 0, -1)]


def keyword(body: str) -> str:
    """The keyword of an inbound SMS: its first word, upper-cased, without punctuation.

    Carriers match the whole message; we accept a trailing word or punctuation ("Stop please",
    "yes!") because missing an opt-out is worse than honouring a loose one.

    >>> keyword("  stop please"), keyword("Yes!"), keyword("")
    ('STOP', 'YES', '')
    """
    words = (body or "").strip().split()
    return "".join(ch for ch in words[0] if ch.isalnum()).upper() if words else ""
