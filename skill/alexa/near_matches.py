"""How near a sample is to an utterance that matches no sample as written: the forgiving tier of
`utterances.resolve`, on stemmed tokens.

Words are compared with a plural or possessive "s" taken off ("tonight's" ~ "tonight") and
sorted into FILLERS ("please", "now", "really", ...), other FUNCTION_WORDS (articles, pronouns, auxiliaries,
prepositions, question words) and content words (all the rest, a closed list being the reason
"safe", "scared", "help" and "off" always count). A sample is near in either of two ways:

1. In order (any sample, with or without slots): its words line up with the utterance's, where
   looking past a word the sample lacks, or leaving one of the sample's function words unsaid,
   costs 1 and a filler costs 0. The cost may be 1 for a sample of up to three literal words,
   2 for a longer one. Content words of the sample are never left unsaid; captures must still
   convert; and no word touching a capture is looked past or left unsaid, since the capture
   would take in or lose it ("what did the doctor say" does not make "doctor" a name,
   "february thirtieth" does not become February).
2. In any order (slot-free samples with two or more content words): every content word of the
   sample is said, and the utterance says no content word the sample lacks, or one when the
   sample has three or more. The cost counts the words other than fillers that one side says
   and the other does not.

Negations ("not", "no", "never", ...) and REVERSALS ("stop", "delete", "skip", "off", ...) are
never looked past, as either would turn the request around: "i am safe" is not "i am not safe",
"i'm not scared" is not "i'm scared", "stop the presence practice" is not "the presence
practice". The nearest sample wins: lowest cost, then most content words, then most custom-type
values resolved, then fewest captures, then the utterance as said before it without carriers,
then model order, so an exact tie between two intents goes to the one listed first.
"""
from __future__ import annotations

# Words the forgiving tier may leave unsaid or look past, fillers at no cost and other function
# words at a cost of 1. Both are closed lists, so that every word that carries a request
# ("prompt", "safe", "scared", "help", "off") is a content word. "there" and "here" are content
# words: "what time is it there" asks about the partner's place.
FILLERS = frozenset("please just now right really very too also still yet actually alexa hey oh um uh"
                    .split())
FUNCTION_WORDS = FILLERS | frozenset("""
    a an the this that these those some any all each
    i me my mine myself we us our ours ourselves you your yours it its he him his she her hers
    they them their theirs
    am is are was were be been being do does did have has had will would shall should can could
    may might must let
    to for of in on at with from by about into onto as per until through between around than
    and or but if so then because
    what when where which who whom whose how why
""".split())
# Content words that are never looked past as extra words, because each turns the rest of the
# request around: a negation ("i'm not scared" is not "i'm scared") or a word that ends or undoes
# something ("stop the presence practice" is not "the presence practice").
NEGATIONS = frozenset("not no never nothing nobody none neither nor".split())
REVERSALS = frozenset("stop cancel pause end quit delete remove erase forget clear reset skip undo unpair "
                      "off".split())
_NEVER_SKIPPED = NEGATIONS | REVERSALS


def stem(token: str) -> str:
    """A content word without a plural or possessive "s" ("tonights" -> "tonight"); function
    words and short words are kept whole ("is", "us", "yes")."""
    if token in FUNCTION_WORDS or len(token) <= 3 or not token.endswith("s") or token.endswith("ss"):
        return token
    return token[:-1]


def near_matches(pattern, stems: list[str]):
    """(cost, captures) for each way `pattern` (a compiled sample: its `stems`, `literals`,
    `has_slots` and `content`) nearly matches the stemmed tokens."""
    budget = 1 if pattern.literals <= 3 else 2
    if not pattern.has_slots:
        if len(pattern.content) >= 2:
            cost = _unordered_cost(pattern, stems)
            if cost is not None:
                yield cost, ()
        if abs(_weighed(stems) - _weighed(pattern.stems)) > budget:
            return  # each word said or written beyond the other side's costs 1: over the budget
    yield from _aligned(pattern.stems, stems, budget)


def _weighed(words) -> int:
    """How many of `words` cost 1 to leave out or look past: all but fillers."""
    return sum(1 for w in words if w not in FILLERS)


def _unordered_cost(pattern, stems: list[str]) -> int | None:
    """Rule 2: every content word of the sample said in any order, at most one other content
    word (when the sample has three or more) and that not a negation or reversal. The cost counts
    the words but fillers that one side says and the other does not. The caller has checked that
    the sample's content words are all said."""
    extra = {s for s in stems if s not in FUNCTION_WORDS} - pattern.content
    if len(extra) > (len(pattern.content) >= 3) or extra & _NEVER_SKIPPED:
        return None
    unmatched = list(pattern.stems)
    cost = 0
    for stem in stems:
        if stem in unmatched:
            unmatched.remove(stem)
        else:
            cost += stem not in FILLERS
    return cost + _weighed(unmatched)


def _aligned(parts, stems, budget, p=0, i=0, cost=0, bound=(), skipped=False):
    """Rule 1: every way `parts` line up with `stems` in order within `budget`. Looking past an
    utterance word the sample lacks, or leaving a sample function word unsaid, costs 1 (a filler
    0). Yields (cost, ((slot, start, end), ...)). Between two matched words, words are left unsaid
    before any is looked past (`skipped`), so that each alignment is tried once, however many
    free fillers were said; every step moves on and at most two cost anything."""
    if p == len(parts):
        trailing = range(i, len(stems))
        total = cost + _weighed(stems[j] for j in trailing)
        if total <= budget and all(_skippable(stems, j, parts, p, bound) for j in trailing):
            yield total, bound
        return
    part = parts[p]
    if isinstance(part, str):
        if i < len(stems) and stems[i] == part:
            yield from _aligned(parts, stems, budget, p + 1, i + 1, cost, bound)
        step = part not in FILLERS
        if not skipped and cost + step <= budget and _droppable(parts, p):
            yield from _aligned(parts, stems, budget, p + 1, i, cost + step, bound)
    else:
        later = sum(1 for q in parts[p + 1:] if not isinstance(q, str))  # captures need a word each
        for end in range(i + 1, len(stems) - later + 1):
            yield from _aligned(parts, stems, budget, p + 1, end, cost, bound + ((part[0], i, end),))
    if i < len(stems) and _skippable(stems, i, parts, p, bound):
        step = stems[i] not in FILLERS
        if cost + step <= budget:
            yield from _aligned(parts, stems, budget, p, i + 1, cost + step, bound, skipped=True)


def _droppable(parts, p) -> bool:
    """Whether sample word `p` may go unsaid: a filler anywhere; another function word unless it
    touches a capture, which would take in whatever was said in its place ("put {idea} in the
    jar" must not hear "a movie night into" as the idea); never a content word."""
    if parts[p] in FILLERS:
        return True
    touching = any(0 <= q < len(parts) and not isinstance(parts[q], str) for q in (p - 1, p + 1))
    return parts[p] in FUNCTION_WORDS and not touching


def _skippable(stems, i, parts, p, bound) -> bool:
    """Whether the utterance word at `i`, met before part `p`, may be looked past: a filler
    anywhere; never a negation or reversal; no other word touching a capture, since it belongs
    to the capture's words: "the doctor" is not a first name and "february thirtieth" is not a
    date, so neither may become one by looking past a word."""
    if stems[i] in FILLERS:
        return True
    before_capture = p < len(parts) and not isinstance(parts[p], str)
    after_capture = bool(bound) and bound[-1][2] == i
    return stems[i] not in _NEVER_SKIPPED and not before_capture and not after_capture
