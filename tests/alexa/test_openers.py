"""Conversation openers for a hard talk: "another one" right after an opener means another opener."""
from __future__ import annotations

from skill.content import library

from .helpers import pair


def _opener(turn) -> str:
    """The opener a turn spoke (one of the library's, whole)."""
    found = [o.text for o in library.openers() if o.text in turn.speech_text]
    assert len(found) == 1, turn.speech_text
    return found[0]


def _prompt_state(redis_client) -> dict[str, str]:
    """Tonight's prompt sequence and where each partner is in it (services.tonight)."""
    [nightly] = redis_client.scan_iter("{couple:*}:nightly")
    state = redis_client.hgetall(nightly)
    assert state, "no prompt was given"
    return state


def test_another_one_next_and_yes_after_an_opener_give_new_openers(device):
    ana, _ = pair(device)
    first = ana.say("ask closer together to help me start a hard conversation")
    assert first.should_end_session is False
    heard = [_opener(first)]
    for words in ("another one", "one more", "next", "yes"):
        turn = ana.say(words)
        assert turn.speech_text.startswith("Another way to begin:"), (words, turn.speech_text)
        heard.append(_opener(turn))
    assert len(set(heard)) == len(heard)


def test_another_one_after_an_opener_leaves_tonights_shared_prompt_alone(device, redis_client):
    ana, _ = pair(device)
    ana.say("ask closer together for tonight's prompt")
    before = _prompt_state(redis_client)
    ana.say("ask closer together to help me start a hard conversation")
    ana.say("another one")
    assert _prompt_state(redis_client) == before
    # Asking for a prompt again makes "another one" mean another prompt.
    prompt = ana.say("tonight's prompt").card["content"]
    assert ana.say("another one").card["content"] != prompt
