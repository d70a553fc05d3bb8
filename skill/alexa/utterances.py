"""Resolve a typed utterance against an interaction model, roughly as Alexa's NLU would.

Each sample is compiled into a token pattern of literal words and `{slot}` captures. Matching
tries every way of splitting the utterance between the captures, converts each capture with its
slot type (a split whose NUMBER/DATE/TIME/FirstName capture does not convert is rejected), and
keeps the most specific match: most literal words, then most custom-type values resolved, then
model order. When nothing matches, the same words are tried with polite carriers taken off the
ends ("can you ... please").

Only when neither finds anything does a forgiving tier look for the nearest sample (the rules
are in `near_matches`), so "what's the prompt for tonight" reaches "what's the prompt tonight".
The one exception is a catch-all match, a sample of one word and free text ("tell {message}"):
a near sample of another intent wins over it, as it would with Alexa's trained NLU.
Rephrasings are forgiven, not understood: no synonyms ("holiday" is not "visit"), no misheard
or misspelt words, no paraphrase in other content words ("give me a new prompt" is not "new
prompt", as "give" might be the point). This is a test and console aid, not a speech model.
Models are treated as immutable: compiled patterns and custom values are cached per model object.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .carriers import without_carriers
from .near_matches import FUNCTION_WORDS, near_matches, stem
from .slot_values import NOT_NAMES, date_value, number_value, time_value

__all__ = ["Resolved", "resolve", "normalise", "spoken_words", "language_model", "custom_value", "FALLBACK"]

FALLBACK = "AMAZON.FallbackIntent"
# Intents that win over any slot being asked for, in other words as well as their own samples.
ALWAYS_HEARD = ("SafetyIntent",)
SEARCH_QUERY = "AMAZON.SearchQuery"

CONTRACTIONS = {
    "what's": "what is", "it's": "it is", "that's": "that is", "there's": "there is",
    "here's": "here is", "let's": "let us", "who's": "who is", "where's": "where is",
    "when's": "when is", "how's": "how is", "he's": "he is", "she's": "she is", "i'm": "i am",
    "you're": "you are", "we're": "we are", "they're": "they are", "i've": "i have",
    "we've": "we have", "you've": "you have", "they've": "they have", "i'll": "i will",
    "we'll": "we will", "you'll": "you will", "they'll": "they will", "i'd": "i would",
    "we'd": "we would", "you'd": "you would", "they'd": "they would", "don't": "do not",
    "doesn't": "does not", "didn't": "did not", "can't": "can not", "cannot": "can not",
    "won't": "will not", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
    "weren't": "were not", "haven't": "have not", "hasn't": "has not", "wouldn't": "would not",
    "shouldn't": "should not", "couldn't": "could not", "o'clock": "oclock",
}

# Phrases Alexa maps to its built-in intents without any sample in the model.
BUILTIN_PHRASES = {
    "AMAZON.StopIntent": ("stop", "stop it", "off", "shut up", "be quiet", "quiet", "that's enough",
                          "enough", "goodbye", "bye"),
    "AMAZON.CancelIntent": ("cancel", "cancel that", "never mind", "nevermind", "forget it"),
    "AMAZON.HelpIntent": ("help", "help me", "what can i say", "what can i do", "what can you do",
                          "how does this work"),
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "yup", "sure", "ok", "okay", "yes please", "sure thing",
                         "of course", "please do", "absolutely", "sounds good"),
    "AMAZON.NoIntent": ("no", "nope", "nah", "no thanks", "no thank you", "not now", "not right now"),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "go back home", "main menu"),
    "AMAZON.NextIntent": ("next", "skip", "next one", "skip it", "go next"),
    "AMAZON.PreviousIntent": ("previous", "go back", "back"),
    "AMAZON.RepeatIntent": ("repeat", "repeat that", "say that again", "say it again", "come again",
                            "what did you say"),
    "AMAZON.PauseIntent": ("pause",),
    "AMAZON.ResumeIntent": ("resume", "continue"),
    "AMAZON.StartOverIntent": ("start over", "start again"),
}

_SLOT = re.compile(r"^\{(\w+)\}$")


@dataclass(frozen=True)
class Resolved:
    """What Alexa would send: the intent, slot values (canonical for custom types, converted for
    built-in types, None when not said) and `spoken`, the value Alexa puts in `slot.value`."""

    intent: str
    slots: dict[str, str | None]
    spoken: dict[str, str | None] = field(default_factory=dict)
    sample: str | None = None


@dataclass(frozen=True)
class _Pattern:
    intent: str
    sample: str
    parts: tuple[str | tuple[str], ...]  # literal word, or (slot name,)
    literals: int
    slot_only: bool = False  # a slot elicitation sample, used only while that slot is expected
    stems: tuple[str | tuple[str], ...] = ()  # `parts` with literals stemmed, for near matches
    content: frozenset[str] = frozenset()  # stems of the literal content words

    @property
    def has_slots(self) -> bool:
        """Whether the sample has a `{slot}` capture."""
        return self.literals < len(self.parts)


def language_model(model: dict) -> dict:
    """The `languageModel` object, whether given the whole file or the inner interactionModel."""
    return model.get("interactionModel", model).get("languageModel", model)


def _clean_words(text: str) -> list[str]:
    """Lower-cased words with punctuation dropped; apostrophes kept for contractions."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", text)  # hyphenated words; keeps ISO dates
    text = re.sub(r"(?<=[a-z])\.", "", text)  # "p.m." -> "pm"
    text = re.sub(r"[^a-z0-9:'\- ]", " ", text)
    return [w.strip("'") for w in text.split() if re.search(r"[a-z0-9]", w)]


def spoken_words(text: str) -> list[str]:
    """The words as said, lower case, punctuation dropped, contractions intact."""
    return _clean_words(text)


def _expand(word: str) -> list[str]:
    return CONTRACTIONS.get(word, word.replace("'", "")).split()


def normalise(text: str) -> list[str]:
    """Words as the matcher compares them: lower case, no punctuation, contractions expanded.

    >>> normalise("What's tonight's prompt?")
    ['what', 'is', 'tonights', 'prompt']
    """
    return [token for word in _clean_words(text) for token in _expand(word)]


def _compile_sample(intent: str, sample: str, slot_only: bool = False) -> _Pattern:
    parts: list = []
    for raw in sample.split():
        found = _SLOT.match(raw)
        parts.extend([(found.group(1),)] if found else normalise(raw))
    literals = sum(1 for p in parts if isinstance(p, str))
    stems = tuple(stem(p) if isinstance(p, str) else p for p in parts)
    content = frozenset(p for p in stems if isinstance(p, str) and p not in FUNCTION_WORDS)
    return _Pattern(intent, sample, tuple(parts), literals, slot_only, stems, content)


_CACHE: dict[int, tuple[dict, list[_Pattern]]] = {}


def _patterns(model: dict) -> list[_Pattern]:
    cached = _CACHE.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    patterns: list[_Pattern] = []
    for intent in language_model(model).get("intents", []):
        name = intent["name"]
        samples = list(intent.get("samples", []))
        samples += [p for p in BUILTIN_PHRASES.get(name, ()) if p not in samples]
        patterns += [_compile_sample(name, s) for s in samples]
        for slot in intent.get("slots", []):
            patterns += [_compile_sample(name, s, slot_only=True) for s in slot.get("samples", [])]
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(model)] = (model, patterns)
    return patterns


def _splits(parts, tokens, p=0, i=0, bound=()):
    """Every way `parts` covers `tokens` exactly: yields ((slot, start, end), ...)."""
    if p == len(parts):
        if i == len(tokens):
            yield bound
        return
    part = parts[p]
    if isinstance(part, str):
        if i < len(tokens) and tokens[i] == part:
            yield from _splits(parts, tokens, p + 1, i + 1, bound)
        return
    rest = len(parts) - p - 1  # each later part needs at least one token
    for end in range(i + 1, len(tokens) - rest + 1):
        yield from _splits(parts, tokens, p + 1, end, bound + ((part[0], i, end),))


class _Utterance:
    """Normalised tokens plus, for each, the index of the spoken word it came from."""

    def __init__(self, text: str):
        self.words = _clean_words(text)
        self.tokens: list[str] = []
        self.origin: list[int] = []
        for index, word in enumerate(self.words):
            for token in _expand(word):
                self.tokens.append(token)
                self.origin.append(index)

    def spoken(self, start: int, end: int) -> str:
        """The words as said (contractions intact) when the span covers whole words."""
        whole = (start == 0 or self.origin[start - 1] != self.origin[start]) and (
            end == len(self.tokens) or self.origin[end] != self.origin[end - 1])
        if whole:
            return " ".join(self.words[self.origin[start]:self.origin[end - 1] + 1])
        return " ".join(self.tokens[start:end])


def _slot_types(model: dict) -> dict[str, dict[str, str]]:
    return {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])}
            for i in language_model(model).get("intents", [])}


def _filled(model, types, pattern: _Pattern, utt: _Utterance, bound, today: date):
    """(slots, spoken, custom values resolved) for one split, or None when a capture does not fit
    its slot type."""
    slots = {name: None for name in types.get(pattern.intent, {})}
    spoken, resolved_custom = dict(slots), 0
    for name, start, end in bound:
        slot_type = types[pattern.intent].get(name, "")
        value = convert(model, slot_type, utt.tokens[start:end], utt.spoken(start, end), today)
        if value is None:
            return None
        slots[name], spoken[name] = value
        resolved_custom += not slot_type.startswith("AMAZON.") and value[0] is not None
    return slots, spoken, resolved_custom


def _best(model, patterns, utt: _Utterance, today: date) -> Resolved | None:
    types = _slot_types(model)
    best, best_score = None, None
    for order, pattern in enumerate(patterns):
        for bound in _splits(pattern.parts, utt.tokens):
            filled = _filled(model, types, pattern, utt, bound, today)
            if filled is None:
                continue
            slots, spoken, resolved_custom = filled
            score = (pattern.literals, resolved_custom, -len(bound), -order)
            if best_score is None or score > best_score:
                best_score = score
                best = Resolved(pattern.intent, slots, spoken, pattern.sample)
    return best


def resolve(model: dict, utterance: str, *, expecting: tuple[str, str] | None = None,
            today: date | None = None, forgiving: bool = True) -> Resolved:
    """Resolve `utterance` to an intent and slot values; AMAZON.FallbackIntent when nothing fits.

    `expecting=(intent, slot)` means Alexa just asked for that slot (Dialog.ElicitSlot): a
    built-in phrase or an exact slot-free sample of any intent still wins (so "stop" and "I'm not
    safe" always work), and so does a near match of an ALWAYS_HEARD intent ("i really don't feel
    safe right now"); then the slot's own samples; else the whole utterance is the value.
    `forgiving=False` leaves out the near matches (see the module docstring), for checks that
    need a sample as written.
    """
    today = today or date.today()
    utt = _Utterance(utterance)
    patterns = _patterns(model)
    if expecting is not None:
        found = _resolve_expected(model, patterns, utt, expecting, today, forgiving)
        if found is not None:
            return found
    intents = [p for p in patterns if not p.slot_only]
    found = _best(model, intents, utt, today)
    if found is None or _bound_typed_slot(model, found):
        # Nothing matched, or a typed slot may have swallowed a carrier ("poke ana please"): the
        # same words without carriers win when they match. Free text keeps every word said.
        for words in without_carriers(utt.words):
            plain = _best(model, intents, _Utterance(" ".join(words)), today)
            if plain is not None:
                return plain
    if found is None and forgiving:
        # Last, so that no sample said as written, with or without carriers, is ever overruled.
        found = _nearest(model, intents, _forms(utt), today)
    elif forgiving and _catch_all(model, found):
        # Except by a catch-all: "tell {message}" takes anything that begins with "tell", but
        # Alexa's NLU, trained on every sample, sends "tell me the prompt for tonight" to the
        # prompt. A near sample of another intent wins over it.
        nearer = _nearest(model, [p for p in intents if p.sample != found.sample], _forms(utt), today)
        if nearer is not None and nearer.intent != found.intent:
            found = nearer
    return found or Resolved(FALLBACK, {}, {}, None)


def _forms(utt: _Utterance) -> list[_Utterance]:
    """The utterance as said, then without its carriers: what near matches are looked for in."""
    return [utt] + [_Utterance(" ".join(words)) for words in without_carriers(utt.words)]


def _catch_all(model: dict, found: Resolved) -> bool:
    """Whether `found` came from a sample of one word and a free-text slot ("tell {message}")."""
    words = (found.sample or "").split()
    slots = [w for w in words if _SLOT.match(w)]
    types = _slot_types(model).get(found.intent, {})
    return len(words) == 2 and len(slots) == 1 and types.get(slots[0][1:-1]) == SEARCH_QUERY


def _nearest(model, patterns, forms: list[_Utterance], today: date) -> Resolved | None:
    """The sample nearest to any of `forms` (the utterance as said, then without carriers), by
    the two rules of the module docstring; None when no sample is near enough."""
    types = _slot_types(model)
    best, best_key = None, None
    for form, utt in enumerate(forms):
        stems = [stem(t) for t in utt.tokens]
        said = set(stems)
        for order, pattern in enumerate(patterns):
            if not pattern.content or not pattern.content <= said:
                continue  # a content word of the sample is not said, or it has none to match
            for cost, bound in near_matches(pattern, stems):
                if best_key is not None and cost > best_key[0]:
                    continue
                filled = _filled(model, types, pattern, utt, bound, today)
                if filled is None:
                    continue
                slots, spoken, resolved_custom = filled
                key = (cost, -len(pattern.content), -resolved_custom, len(bound), form, order)
                if best_key is None or key < best_key:
                    best_key, best = key, Resolved(pattern.intent, slots, spoken, pattern.sample)
    return best


def _bound_typed_slot(model: dict, found: Resolved) -> bool:
    """True when a slot other than free text took words: they may include a carrier, which for a
    custom type also leaves the value unresolved ("tuesday at 7 pm please")."""
    types = _slot_types(model).get(found.intent, {})
    return any(said is not None and types.get(name) != SEARCH_QUERY for name, said in found.spoken.items())


def _resolve_expected(model, patterns, utt, expecting, today, forgiving) -> Resolved | None:
    intent, slot = expecting
    literal = _best(model, [p for p in patterns if not p.slot_only and p.literals == len(p.parts)],
                    utt, today)
    if literal is not None:
        return literal
    if forgiving:
        # Someone saying they are not safe is heard whatever was just asked, in other words too:
        # a date or a code being asked for must not swallow "i really don't feel safe right now".
        urgent = [p for p in patterns if p.intent in ALWAYS_HEARD and not p.slot_only]
        found = _nearest(model, urgent, [utt], today)
        if found is not None:
            return found
    own = [p for p in patterns if p.intent == intent and (slot,) in p.parts]
    found = _best(model, own, utt, today)
    if found is not None:
        return found
    slot_type = _slot_types(model).get(intent, {}).get(slot)
    if slot_type is None or not utt.tokens:
        return None
    value = convert(model, slot_type, utt.tokens, utt.spoken(0, len(utt.tokens)), today)
    if value is None and _best(model, [p for p in patterns if not p.slot_only], utt, today):
        return None  # not an answer to the question, but something else the model knows
    slots = {name: None for name in _slot_types(model)[intent]}
    spoken = dict(slots)
    if value is not None:
        slots[slot], spoken[slot] = value
    return Resolved(intent, slots, spoken, None)

def custom_value(model: dict, type_name: str, spoken: str) -> tuple[str, str] | None:
    """(id, canonical value) of a custom slot type value matching `spoken`, by value or synonym."""
    return _custom_values(model).get((type_name, " ".join(normalise(spoken))))


_VALUES_CACHE: dict[int, tuple[dict, dict[tuple[str, str], tuple[str, str]]]] = {}


def _custom_values(model: dict) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, normalised name or synonym) -> (id, canonical value), the first value listed
    winning; cached per model, since near matches try many captures."""
    cached = _VALUES_CACHE.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    table: dict[tuple[str, str], tuple[str, str]] = {}
    for type_ in language_model(model).get("types", []):
        for value in type_.get("values", []):
            names = [value["name"]["value"], *value["name"].get("synonyms", [])]
            for name in names:
                table.setdefault((type_.get("name"), " ".join(normalise(name))),
                                 (value.get("id") or value["name"]["value"], value["name"]["value"]))
    if len(_VALUES_CACHE) > 16:
        _VALUES_CACHE.clear()
    _VALUES_CACHE[id(model)] = (model, table)
    return table


def convert(model: dict, slot_type: str, tokens: list[str], spoken: str, today: date):
    """(slot value, value as said) for one capture, or None when the words don't fit the type."""
    if slot_type == "AMAZON.NUMBER":
        value = number_value(tokens)
    elif slot_type == "AMAZON.DATE":
        value = date_value(tokens, today)
    elif slot_type == "AMAZON.TIME":
        value = time_value(tokens) if tokens else None
    elif slot_type == "AMAZON.FirstName":
        ok = len(tokens) <= 2 and all(t.isalpha() and t not in NOT_NAMES for t in tokens)
        value = " ".join(t.capitalize() for t in tokens) if ok else None
    elif slot_type.startswith("AMAZON."):
        return spoken, spoken
    else:
        match = custom_value(model, slot_type, spoken)
        return (match[1] if match else None), spoken
    return (value, value) if value is not None else None
