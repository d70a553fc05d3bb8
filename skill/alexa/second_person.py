"""Words said about the partner, turned into words said to them.

"Tell Ben I love him" reaches Alexa as the free text "ben i love him". Ben should hear "I love
you", so the note is first taken off its addressee ("ben", "my partner", "him") and then the
third person that meant Ben becomes the second person: "him" is "you", "his smile" is "your
smile", "she is" is "you are", "he always knows" is "you always know".

It is a small set of rules, not a grammar: a "he" that meant somebody else becomes "you" too.
That is why the skill reads a changed note back and asks before sending it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Words that stand for the partner when a note begins with them ("tell my partner ...").
_ADDRESSEES = ("my partner", "my husband", "my wife", "my boyfriend", "my girlfriend", "my fiance",
               "my fiancee", "my love", "my other half")
# A pronoun is the addressee only when what follows starts the message ("tell him I'm sorry");
# otherwise it belongs to the note ("her smile made my day").
_PRONOUN_ADDRESSEES = ("him", "her", "them")
_MESSAGE_STARTS = {"that", "to", "i", "i'm", "i'll", "i've", "i'd", "we", "we're", "we'll", "you", "you're",
                   "good", "thank", "thanks", "happy", "congratulations", "congrats", "hi", "hello", "sorry"}

_SUBJECTS = {"he", "she"}  # singular: the verb after them agrees with "you" too
_WHOLE = {"they": "you", "him": "you", "them": "you", "his": "your", "their": "your", "theirs": "yours",
          "hers": "yours", "himself": "yourself", "herself": "yourself", "themselves": "yourself",
          "themself": "yourself", "he'll": "you'll", "she'll": "you'll", "he'd": "you'd", "she'd": "you'd",
          "they're": "you're", "they've": "you've", "they'll": "you'll", "they'd": "you'd"}
# "He's been" is "he has been"; any other "he's" is "he is".
_HAS_AFTER = {"been", "got", "gotten", "had", "done"}
# Verbs that do not follow the -s rule, and the negatives.
_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't", "isn't": "aren't",
          "wasn't": "weren't", "hasn't": "haven't", "says": "say"}
# Said between "he" and its verb ("he always knows"): skipped when the verb is made to agree.
_ADVERBS = {"always", "really", "never", "just", "still", "truly", "also", "totally", "usually", "often",
            "sometimes", "already", "even", "genuinely", "honestly", "only", "so", "absolutely", "clearly"}
# After these, "her" is "you" ("I miss her so much", "give her a hug"); before anything else
# it is "your" ("I love her laugh").
_AFTER_OBJECT = {"a", "an", "the", "this", "that", "these", "those", "some", "my", "our", "so", "too", "very",
                 "more", "less", "much", "and", "or", "but", "to", "for", "with", "at", "in", "on", "about",
                 "from", "of", "today", "tonight", "tomorrow", "yesterday", "now", "again", "already",
                 "always", "every", "all", "back", "up", "down", "out", "over", "soon", "when", "if",
                 "because", "as", "like", "than", "how", "what", "why", "though", "enough", "anyway",
                 "forever", "lots", "loads", "i", "you", "we", "me", "us", "it", "everything", "anything",
                 "something", "nothing", "tons", "heaps", "dearly", "deeply", "madly", "please", "by"}
_FIRST_PERSON = {"i": "I", "i'm": "I'm", "i'll": "I'll", "i've": "I've", "i'd": "I'd"}
_WORD = re.compile(r"^(\W*)([\w']+)(\W*)$")


@dataclass(frozen=True)
class Note:
    """A note as the partner will hear it, and whether its words were changed to get there."""

    text: str
    changed: bool


def without_addressee(said: str, partner_name: str | None) -> str:
    """The note without the words that only say who it is for: "ben i love him" -> "i love him",
    "my partner that she's wonderful" -> "she's wonderful", "ben to call me" -> "call me"."""
    words = said.split()
    lowered = [w.strip(",.!?;:").lower() for w in words]
    heads = [partner_name.lower().split()] if partner_name else []
    heads += [a.split() for a in _ADDRESSEES]
    if lowered[:1] and lowered[0] in _PRONOUN_ADDRESSEES and lowered[1:2] and lowered[1] in _MESSAGE_STARTS:
        heads.append(lowered[:1])
    for head in heads:
        if head and lowered[:len(head)] == head:
            words, lowered = words[len(head):], lowered[len(head):]
            break
    if lowered[:1] in (["that"], ["to"]):  # "tell ben that ...", "tell ben to call me"
        words = words[1:]
    return " ".join(words).strip(" ,.;:")


def addressed_to_me(said: str) -> bool:
    """Whether "tell ..." was a request to the skill ("tell me a story"), not a note."""
    first = said.split()[:1]
    return bool(first) and first[0].strip(",.!?").lower() in {"me", "us"}


def to_partner(said: str) -> Note:
    """`said` with the third person that meant the partner turned into the second person."""
    tokens = said.split()
    parts = [_WORD.match(t) for t in tokens]
    words = [p.group(2).lower() if p else None for p in parts]
    out = list(words)
    changed = False
    for i, word in enumerate(words):
        if word is None:
            continue
        after = words[i + 1] if i + 1 < len(words) else None
        if word in _SUBJECTS:
            out[i] = "you"
            changed = True
            before = words[i - 1] if i else None
            if before in _AGREE:  # "is he okay" -> "are you okay": the verb came first
                out[i - 1] = _AGREE[before]
            else:
                _agree_verb_after(words, out, i)
        elif word in ("he's", "she's"):
            out[i] = "you've" if after in _HAS_AFTER else "you're"
            changed = True
        elif word == "her":
            out[i] = "you" if after is None or after in _AFTER_OBJECT or _ends_clause(tokens[i]) else "your"
            changed = True
        elif word == "his":
            out[i] = "yours" if after is None or _ends_clause(tokens[i]) else "your"
            changed = True
        elif word in _WHOLE:
            out[i] = _WHOLE[word]
            changed = True
        elif word in _FIRST_PERSON:
            out[i] = _FIRST_PERSON[word]
    text = " ".join(_rebuild(parts[i], tokens[i], out[i], words[i]) for i in range(len(tokens)))
    return Note(text, changed)


def _ends_clause(token: str) -> bool:
    return bool(re.search(r"[,.!?;:]$", token))


def _agree_verb_after(words: list, out: list, subject: int) -> None:
    """Make the verb after "he"/"she" (past any adverbs) agree with "you": "knows" -> "know"."""
    j = subject + 1
    while j < len(words) and words[j] in _ADVERBS:
        j += 1
    if j < len(words) and words[j] is not None:
        out[j] = _plain_form(words[j])


def _plain_form(verb: str) -> str:
    """The form of a present-tense verb that goes with "you": loves -> love, misses -> miss."""
    if verb in _AGREE:
        return _AGREE[verb]
    if not verb.endswith("s") or verb.endswith("ss") or len(verb) < 3 or "'" in verb:
        return verb  # "can", "loved", "will": already right
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"  # tries -> try (but lies -> lie)
    if verb.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        return verb[:-2]  # watches -> watch, misses -> miss, goes -> go
    return verb[:-1]


def _rebuild(match, token: str, new: str | None, old: str | None) -> str:
    """The token with its word replaced, its punctuation kept, and a capital kept capital."""
    if match is None or new == old:
        return token
    if old not in _FIRST_PERSON and match.group(2)[:1].isupper():
        new = new[:1].upper() + new[1:]
    return f"{match.group(1)}{new}{match.group(3)}"
