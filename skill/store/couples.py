"""Couples and partners, stored as one JSON document per couple with optimistic locking.

A couple is small (two partners, a call plan, a few visits), read on nearly every request and
written rarely, so one document under `{couple:ID}:doc` costs one round trip to read. Writes use
a compare-and-set on a version number, so two partners editing at once never lose an update.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone

from . import scripts
from .keys import couple_key

DEFAULT_WINDOWS = "Mon-Fri 18:00-22:30, Sat-Sun 09:00-22:30"
DEFAULT_QUIET = "21:00-08:00"
PARTNER_IDS = ("a", "b")

# KEYS[1] = doc key; ARGV = expected version, new version, new JSON. Returns 1 when written.
_CAS = """
local current = redis.call('HGET', KEYS[1], 'v')
if (current or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'doc', ARGV[3])
return 1
"""


class CoupleConflict(ValueError):
    """Someone else changed the couple since it was read; read again and retry."""

    def __init__(self, couple_id: str):
        super().__init__(f"couple {couple_id} changed concurrently")
        self.couple_id = couple_id


@dataclass
class Partner:
    """One partner of a couple; `zone`, `windows` and `quiet` are in the partner's own local time."""

    id: str
    name: str | None = None
    zone: str | None = None
    windows: str = DEFAULT_WINDOWS
    quiet: str = DEFAULT_QUIET
    user: str | None = None  # hashed Alexa user id of the device owner, if linked by voice

    @property
    def display_name(self) -> str:
        """The name to speak, or a kind stand-in when we have not learnt it yet."""
        return self.name or "your partner"


@dataclass
class Couple:
    """A couple: one or two partners and what they plan together."""

    id: str
    partners: dict[str, Partner]
    created: str
    plan_start: str | None = None  # ISO date of week 1 of the six-week plan
    call: dict | None = None  # serialised standing call plan (see skill.services.calls)
    visits: list[dict] = field(default_factory=list)
    closing_date: str | None = None
    video_url: str | None = None
    feed_items: dict[str, list] = field(default_factory=dict)  # uid -> [content hash, sequence]
    feed_stamp: str | None = None  # when the feed last changed: its DTSTAMP, so ETags stay stable
    version: int = 0

    def partner(self, pid: str) -> Partner:
        """The partner with id `pid` ("a" or "b"); KeyError when absent."""
        return self.partners[pid]

    def other(self, pid: str) -> Partner | None:
        """The other partner, or None while the couple is not paired yet."""
        for other_id, partner in self.partners.items():
            if other_id != pid:
                return partner
        return None

    @property
    def paired(self) -> bool:
        """True once both partners are present."""
        return len(self.partners) == 2

    def by_name(self, name: str) -> Partner | None:
        """Find a partner by name, case-insensitively."""
        wanted = name.strip().casefold()
        return next((p for p in self.partners.values() if (p.name or "").casefold() == wanted), None)

    def plan_start_date(self) -> date | None:
        """Week 1's first day, if the six-week plan has been started."""
        return date.fromisoformat(self.plan_start) if self.plan_start else None

    def to_json(self) -> str:
        """Serialise without the version, which lives beside the document."""
        data = asdict(self)
        data.pop("version")
        return json.dumps(data, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str, version: int) -> "Couple":
        """Rebuild a couple read from Redis."""
        data = json.loads(text)
        data["partners"] = {pid: Partner(**p) for pid, p in data["partners"].items()}
        return cls(version=version, **data)


def new_couple_id() -> str:
    """A random, URL-safe couple id (80 bits: never guessed, short enough to type)."""
    return secrets.token_hex(10)


class CoupleRepository:
    """Reads and writes couples in Redis."""

    def __init__(self, redis):
        self.redis = redis
        self._cas = scripts.get(redis, _CAS)

    def create(self, partners: list[Partner], *, now: datetime | None = None) -> Couple:
        """Create and store a new couple with the given partners (ids are assigned a, b)."""
        stamp = (now or datetime.now(timezone.utc)).isoformat()
        members = {}
        for pid, partner in zip(PARTNER_IDS, partners):
            partner.id = pid
            members[pid] = partner
        couple = Couple(id=new_couple_id(), partners=members, created=stamp)
        self.save(couple)
        return couple

    def get(self, couple_id: str) -> Couple | None:
        """The couple with that id, or None."""
        version, doc = self.redis.hmget(couple_key(couple_id, "doc"), "v", "doc")
        return Couple.from_json(doc, int(version)) if doc else None

    @staticmethod
    def queue_get(pipe, couple_id: str) -> None:
        """Queue the read `get` makes on a pipeline; its result is `(version, doc)`."""
        pipe.hmget(couple_key(couple_id, "doc"), "v", "doc")

    def save(self, couple: Couple) -> None:
        """Store `couple` if nobody changed it since it was read; raises CoupleConflict otherwise."""
        key = couple_key(couple.id, "doc")
        written = self._cas(keys=[key], args=[couple.version, couple.version + 1, couple.to_json()])
        if not written:
            raise CoupleConflict(couple.id)
        couple.version += 1

    def update(self, couple_id: str, change, attempts: int = 5) -> Couple:
        """Apply `change(couple)` and save, re-reading and retrying on a concurrent write."""
        for _ in range(attempts):
            couple = self.get(couple_id)
            if couple is None:
                raise KeyError(couple_id)
            change(couple)
            try:
                self.save(couple)
                return couple
            except CoupleConflict:
                continue
        raise CoupleConflict(couple_id)

    def delete(self, couple_id: str) -> int:
        """Delete every key of the couple (they share one slot). Returns how many were removed."""
        keys = list(self.redis.scan_iter(match=couple_key(couple_id, "*"), count=500))
        return self.redis.delete(*keys) if keys else 0

