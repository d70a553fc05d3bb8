"""`closer say`: talk to the skill from a terminal, without an Echo.

Each utterance is resolved against the interaction model (as Alexa's language understanding
would), sent as a real request envelope to the app, in-process or to `--url`, and the spoken
answer is printed. Several utterances in one call form one session, so dialogs work:
`closer say "start our check-in" "more time together" "your patience"`.
"""
from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import requests

from .alexa.envelopes import DEFAULT_API_ENDPOINT
from .cli_errors import CliError

MODELS = Path(__file__).resolve().parent.parent / "interaction_models"


def user_id_for(name: str) -> str:
    """The Alexa user id `closer say --user NAME` speaks as (stable, so state persists)."""
    if name.startswith("amzn1.ask.account."):
        return name
    slug = re.sub(r"[^A-Za-z0-9]", "", name).upper() or "LOCAL"
    return f"amzn1.ask.account.LOCAL{slug}"


def load_model(locale: str) -> dict:
    """The interaction model for `locale`."""
    path = MODELS / f"{locale}.json"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in MODELS.glob("*-*.json")))
        raise CliError(f"no interaction model for locale {locale!r} (have: {known})")
    return json.loads(path.read_text(encoding="utf-8"))


def _http_sender(url: str):
    def send(envelope: dict) -> dict:
        try:
            response = requests.post(url, json=envelope, timeout=10)
        except requests.RequestException as exc:
            raise CliError(f"could not reach {url}: {exc.__class__.__name__} (is `make run` serving?)") from None
        if response.status_code != 200:
            raise CliError(f"{url} answered HTTP {response.status_code}: {response.text[:200]}")
        return response.json()

    return send


def _local_sender(app):
    client = app.test_client()

    def send(envelope: dict) -> dict:
        response = client.post("/alexa", json=envelope)
        if response.status_code != 200:
            raise CliError(f"the skill answered HTTP {response.status_code}: {response.get_data(as_text=True)[:200]}")
        return response.get_json()

    return send


def _pin_zone(app, user_id: str, zone: str, now: datetime) -> None:
    """Record the speaker's zone as if their Echo had reported it (no Settings API locally)."""
    from .cli_support import check_zone
    from .store.users import UserRepository

    users = UserRepository(app.extensions["closer.redis"])
    record = users.get(user_id)
    record.update(zone=check_zone(zone), zone_at=now.isoformat())
    users.put(user_id, record)


def say(args, _app) -> int:
    """Send each utterance in one session and print what the skill says."""
    from .alexa.conversation import Conversation

    model = load_model(args.locale)
    now = datetime.now(timezone.utc)
    if args.url:
        send = _http_sender(args.url)
        skill_id = args.skill_id
    else:
        from . import create_app

        # In-process requests never cross a network, so there is no signature to check (and no
        # warning about it); the answers are the output, so the app's logs stay out of the way.
        app = create_app({"CLOSER_VERIFY_SIGNATURES": False,
                          "CLOSER_LOG_LEVEL": os.environ.get("CLOSER_LOG_LEVEL") or "ERROR"})
        skill_id = app.config.get("ALEXA_SKILL_ID") or args.skill_id
        send = _local_sender(app)
        if args.zone:
            _pin_zone(app, user_id_for(args.user), args.zone, now)
    conversation = Conversation(send, model=model, user_id=user_id_for(args.user),
                                device_id=f"amzn1.ask.device.LOCAL{re.sub(r'[^A-Za-z0-9]', '', args.user).upper()}",
                                locale=args.locale, skill_id=skill_id, clock=lambda: datetime.now(timezone.utc),
                                api_endpoint=args.api_endpoint)
    utterances = args.utterances or [""]
    # When an answer ends the session, the conversation opens a new one for the next utterance,
    # as Alexa would for someone who speaks again.
    for utterance in utterances:
        turn = conversation.say(utterance)
        if len(utterances) > 1:
            print(f"> {utterance}")
        print(turn.speech_text)
        card = _card_worth_showing(turn)
        if card:
            print(card)
    return 0


def _card_worth_showing(turn) -> str | None:
    """The Alexa app card, as text, when it holds more than was spoken (a link, say)."""
    card = turn.card or {}
    content = card.get("content") or card.get("text") or ""
    if not content.strip() or " ".join(content.split()) in " ".join((turn.speech_text or "").split()):
        return None
    return f"[card in the Alexa app: {card.get('title') or 'Closer Together'}]\n{content.strip()}"


def register(sub) -> None:
    """Add `say`."""
    p = sub.add_parser("say", help="say something to the skill and hear the answer")
    p.add_argument("utterances", nargs="*", help='e.g. "what\'s tonight\'s prompt" (several = one session)')
    p.add_argument("--user", default="me", help="which partner speaks (any name; each is its own Alexa user)")
    p.add_argument("--url", help="send to a running server, e.g. http://127.0.0.1:5000/alexa")
    p.add_argument("--locale", default="en-US")
    p.add_argument("--zone", help="in-process only: the speaker's IANA time zone, as their Echo would report it")
    p.add_argument("--skill-id", default="amzn1.ask.skill.closer-local")
    p.add_argument("--api-endpoint", default=DEFAULT_API_ENDPOINT,
                   help="the apiEndpoint the envelopes name (Alexa's APIs: time zone, given name); "
                        "Amazon's by default, which answers a local token with 'not allowed'")
    p.set_defaults(func=say, needs_app=False)
