"""Redis key names of the nudges package.

Every key carries the one hash tag `{nudges}`: the due-index, the nudge records and the consent
records sit in one Redis Cluster slot, so the Lua scripts that claim a nudge, check consent and
start sending it are single atomic steps on a cluster too. (That slot is the throughput ceiling
on a cluster; at the volumes of this product — a few SMS per couple per week — it is ample.)
"""
from __future__ import annotations

TAG = "{nudges}"

DUE = f"{TAG}:due"  # ZSET nudge id -> due instant (epoch seconds)
LEASES = f"{TAG}:leases"  # ZSET nudge id -> lease expiry (epoch seconds, Redis server clock)
OUTBOX = f"{TAG}:outbox"  # LIST of JSON messages "sent" without Twilio credentials
LOST = f"{TAG}:lost"  # LIST of JSON records: nudges lost in flight (crash while sending)
UNKNOWN = f"{TAG}:unknown"  # LIST of JSON records: sends whose outcome we cannot know (timeouts)
CHAINS = f"{TAG}:chains"  # SET of "couple:pid" with periodic nudges switched on
REPAIR_LOCK = f"{TAG}:repair"  # STRING, SET NX EX: one chain repair at a time
NUDGE_PREFIX = f"{TAG}:n:"  # the Lua scripts build record keys from this prefix


def nudge(nudge_id: str) -> str:
    """HASH: one scheduled message (its state machine lives in `scripts.py`)."""
    return NUDGE_PREFIX + nudge_id


def phone(e164: str) -> str:
    """HASH: consent for one number (state, couple, partner, times and sources)."""
    return f"{TAG}:phone:{e164}"


def settings(couple_id: str, pid: str) -> str:
    """HASH: one partner's nudge settings, their number and the pending periodic nudge."""
    return f"{TAG}:settings:{couple_id}:{pid}"


def history(couple_id: str) -> str:
    """ZSET: a couple's nudge ids by creation time (for `closer nudges status`)."""
    return f"{TAG}:couple:{couple_id}"


def consent_log(e164: str) -> str:
    """LIST: every consent change of a number, newest last (who, when, how)."""
    return f"{TAG}:consentlog:{e164}"


def voice_note(note_id: str) -> str:
    """HASH: a recorded voice note (couple, from, to, recording URL)."""
    return f"{TAG}:vn:{note_id}"


def call(call_sid: str) -> str:
    """HASH with expiry: which partner placed this call (recording callbacks lack the number)."""
    return f"{TAG}:call:{call_sid}"


def short_link(code: str) -> str:
    """STRING with expiry: a voice-note short link code -> RecordingSid."""
    return f"{TAG}:link:{code}"


def waiting_day(couple_id: str, pid: str, day: str) -> str:
    """STRING with expiry: "something is waiting" already sent to this partner on local `day`."""
    return f"{TAG}:waiting:{couple_id}:{pid}:{day}"


def asked_day(couple_id: str, pid: str, kind: str, day: str) -> str:
    """STRING with expiry: a text this partner asked for (e.g. their calendar link) is already
    on its way on local `day`: asking again that day does not send it twice."""
    return f"{TAG}:asked:{couple_id}:{pid}:{kind}:{day}"


def chain_member(couple_id: str, pid: str) -> str:
    """Member of CHAINS for one partner."""
    return f"{couple_id}:{pid}"
