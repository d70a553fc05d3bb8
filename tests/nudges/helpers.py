"""Helpers for the nudge tests: constants, couples, Twilio-style signing, Redis snapshots."""
from __future__ import annotations

from datetime import datetime, timezone

from twilio.request_validator import RequestValidator

from skill.nudges import confirmed, enroll
from skill.store.couples import CoupleRepository, Partner

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "standin-auth-token-0123456789abcd"
FROM_NUMBER = "+15005550006"
PUBLIC = "https://closer.example"
# A Wednesday afternoon in UTC (Berlin 15:00, New York 09:00): a decent hour for both partners.
WEDNESDAY = datetime(2025, 3, 5, 14, 0, tzinfo=timezone.utc)
ANA_PHONE, BEN_PHONE = "+4915123456789", "+12015550123"


def twilio_config(app_config: dict, standin=None, **extra) -> dict:
    """App settings that send through the stand-in (or the outbox when `standin` is None)."""
    config = dict(app_config, TWILIO_AUTH_TOKEN=AUTH_TOKEN, CLOSER_PUBLIC_URL=PUBLIC,
                  CLOSER_NUDGE_RETRY_SECONDS=60, CLOSER_TWILIO_TIMEOUT=0.5)
    if standin is not None:
        config.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_URL=standin.url)
    config.update(extra)
    return config


def make_couple(app, a=("Ana", "Europe/Berlin"), b=("Ben", "America/New_York"), **partner_fields):
    """A paired couple in the app's store."""
    repo = CoupleRepository(app.extensions["closer.redis"])
    return repo.create([Partner("a", a[0], a[1], **partner_fields), Partner("b", b[0], b[1], **partner_fields)])


def enrolled_couple(app, now=WEDNESDAY, phones=(ANA_PHONE, BEN_PHONE), **couple_kwargs):
    """A couple whose two partners have both confirmed their numbers (replied YES)."""
    couple = make_couple(app, **couple_kwargs)
    for pid, phone in zip("ab", phones):
        enroll(app, couple.id, pid, phone, source="test", now=now)
        confirmed(app, phone, via="test", now=now)
    return couple


def sign(url: str, params: dict, token: str = AUTH_TOKEN) -> dict:
    """Headers Twilio would send with a webhook to `url` carrying `params`."""
    return {"X-Twilio-Signature": RequestValidator(token).compute_signature(url, params)}


def post_signed(client, path: str, params: dict, *, token: str = AUTH_TOKEN, base: str = PUBLIC):
    """POST a webhook as Twilio would, signed for `base + path`."""
    return client.post(path, data=params, headers=sign(base + path, params, token))


def snapshot(redis) -> dict:
    """Every key and its serialised value: to prove a refused request changed nothing."""
    return {key: redis.dump(key) for key in sorted(redis.keys("*"))}


def seed_due_nudges(redis, count: int, now, *, prefix: str = "+1202") -> dict[str, str]:
    """`count` one-off nudges due at `now`, each to its own consenting number, sendable at any
    hour (zone UTC, no quiet hours). Returns {nudge id: phone}. For load tests and the bench."""
    from datetime import timedelta

    from skill.nudges import keys
    from skill.nudges.records import NudgeStore

    store = NudgeStore(redis)
    seeded = {}
    pipe = redis.pipeline(transaction=False)
    for i in range(count):
        phone, couple = f"{prefix}{i:07d}", f"load{i // 2}"
        pipe.hset(keys.phone(phone), mapping={"state": "active", "couple": couple, "pid": "a"})
        nudge_id = store.schedule(kind="ask", couple=couple, to="a", phone=phone, due=now - timedelta(seconds=1),
                                  late=now + timedelta(days=1), created=now, pipe=pipe,
                                  fields={"zone": "UTC", "quiet": "none", "name": "Sam"})
        seeded[nudge_id] = phone
        if i % 1000 == 999:
            pipe.execute()
    pipe.execute()
    return seeded
