"""Slot values converted the way Alexa fills built-in slot types.

AMAZON.NUMBER ("four seven one nine two six" -> "471926"), AMAZON.DATE ("march fourth" -> the next
such date as ISO), AMAZON.TIME ("seven thirty in the evening" -> "19:30", "evening" -> "EV").
Used by the utterance resolver behind `closer say` and the tests.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine".split())}
_UNITS["oh"] = 0
_TEENS = {w: n + 10 for n, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: (n + 2) * 10 for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_ORDINALS = {w: n + 1 for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_ORDINALS["thirtieth"] = 30
_MONTHS = {w: n + 1 for n, w in enumerate(
    "january february march april may june july august september october november december".split())}
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_PERIODS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
NOT_NAMES = set("my your our the a an me us them him her it partner not in at to for and i we they "
                 "you is am are scared afraid safe danger today tonight tomorrow home "
                 # fillers said after a name ("nudge ana now"), and how ("nudge by text")
                 "now please again too by text with".split())


def _cardinal(words: list[str]) -> int | None:
    """'one hundred twenty three' -> 123; None when the words are not one spoken number."""
    total = current = 0
    last = None
    for word in words:
        if word in _UNITS or word in _TEENS:
            if last in ("unit", "ten") and (word in _TEENS or last == "unit"):
                return None
            current, last = current + _UNITS.get(word, _TEENS.get(word, 0)), "unit"
        elif word in _TENS:
            if last in ("unit", "ten"):
                return None
            current, last = current + _TENS[word], "ten"
        elif word == "a" and last is None:
            current, last = 1, "a"
        elif word == "hundred" and last in ("unit", "a"):
            current, last = current * 100, "hundred"
        elif word == "thousand" and last is not None:
            total, current, last = total + max(current, 1) * 1000, 0, "thousand"
        else:
            return None
    return total + current if last not in (None, "a") else None


def number_value(words: list[str]) -> str | None:
    """AMAZON.NUMBER: digits pass through; 'four seven one' -> '471'; 'twenty one' -> '21'."""
    words = [w for w in words if w != "and"]
    if words and all(w.isdigit() for w in words):
        return "".join(words)  # as said: a pairing code may start with zero
    if len(words) > 1 and all(w in _UNITS for w in words):
        return "".join(str(_UNITS[w]) for w in words)
    value = _cardinal(words)
    if value is not None:
        return str(value)
    chunks, i = [], 0  # codes said in pairs: "forty seven nineteen twenty six"
    while i < len(words):
        size = 2 if words[i] in _TENS and i + 1 < len(words) and words[i + 1] in _UNITS else 1
        value = _cardinal(words[i:i + size]) if not words[i].isdigit() else int(words[i])
        if value is None:
            return None
        chunks.append(str(value))
        i += size
    return "".join(chunks) or None


def _day_number(words: list[str]) -> int | None:
    if len(words) == 1 and re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", words[0]):
        return int(re.match(r"\d+", words[0]).group())
    if len(words) == 1 and words[0] in _ORDINALS:
        return _ORDINALS[words[0]]
    if len(words) == 2 and words[0] in ("twenty", "thirty") and words[1] in _ORDINALS:
        return _TENS[words[0]] + _ORDINALS[words[1]]
    value = _cardinal(words)
    return value if value and value <= 31 else None


def _ordinal_day(words: list[str]) -> int | None:
    """A day of the month said as an ordinal alone ("27th", "twenty seventh", "first"); a bare
    number is not a date ("twenty seven" may be anything)."""
    if len(words) == 1 and re.fullmatch(r"\d{1,2}(st|nd|rd|th)", words[0]):
        day = int(words[0][:-2])
    elif len(words) == 1 and words[0] in _ORDINALS:
        day = _ORDINALS[words[0]]
    elif len(words) == 2 and words[0] in ("twenty", "thirty") and words[1] in _ORDINALS:
        day = _TENS[words[0]] + _ORDINALS[words[1]]
    else:
        return None
    return day if 1 <= day <= 31 else None


def _next_day_of_month(day: int, today: date) -> str | None:
    """The first date on or after `today` that falls on `day` of its month (the 31st skips short
    months)."""
    for ahead in range(13):
        year, month = divmod(today.month - 1 + ahead, 12)
        try:
            candidate = date(today.year + year, month + 1, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate.isoformat()
    return None


def _year(words: list[str]) -> int | None:
    if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
        return int(words[0])
    if len(words) >= 2 and words[0] == "twenty" and not words[1].startswith("thousand"):
        rest = _cardinal(words[1:])
        return 2000 + rest if rest is not None and rest < 100 else None
    value = _cardinal(words)
    return value if value and value >= 1900 else None


def date_value(words: list[str], today: date) -> str | None:
    """AMAZON.DATE: 'march 4th' -> the next such day on/after today; 'tomorrow'; ISO dates."""
    words = [w for w in words if w not in ("on", "the", "of")]
    text = " ".join(words)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    relative = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "day after tomorrow": 2}
    if text in relative:
        return (today + timedelta(days=relative[text])).isoformat()
    if words and words[-1] in _WEEKDAYS and len(words) <= 2 and words[0] in ("this", "next", words[-1]):
        ahead = (_WEEKDAYS.index(words[-1]) - today.weekday()) % 7
        return (today + timedelta(days=ahead or (7 if words[0] == "next" else 0))).isoformat()
    weeks = {"this week": 0, "next week": 7, "this weekend": 0, "next weekend": 7}
    if text in weeks:
        year, week, _ = (today + timedelta(days=weeks[text])).isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if text.endswith("weekend") else "")
    months = [i for i, w in enumerate(words) if w in _MONTHS]
    if not months and (day := _ordinal_day(words)) is not None:
        return _next_day_of_month(day, today)  # "the twenty seventh": the next 27th
    if len(months) != 1:
        return None
    k, month = months[0], _MONTHS[words[months[0]]]
    if k == len(words) - 1 and k == 0:
        return f"{today.year + (month < today.month)}-{month:02d}"
    before, after = words[:k], words[k + 1:]
    day, year_words = (_day_number(before), after) if before else (None, [])
    for size in ((2, 1) if not before else ()):
        day, year_words = _day_number(after[:size]), after[size:]
        if day is not None:
            break
    year = _year(year_words) if year_words else None
    if day is None or (year_words and year is None):
        return None
    for candidate_year in ([year] if year else range(today.year, today.year + 9)):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if year or candidate >= today:
            return candidate.isoformat()
    return None


def time_value(words: list[str]) -> str | None:
    """AMAZON.TIME: '7 pm' -> '19:00', 'seven thirty in the evening' -> '19:30', 'evening' -> 'EV'."""
    words = [w for w in words if w not in ("at", "around", "about", "oclock", "in", "the", "this")]
    if len(words) == 1 and words[0].rstrip("s") in _PERIODS:
        return _PERIODS[words[0].rstrip("s")]
    if words in (["noon"], ["midday"], ["twelve", "noon"]):
        return "12:00"
    if words == ["midnight"]:
        return "00:00"
    period = None
    if words and words[-1] in ("am", "pm", "morning", "afternoon", "evening", "night", "tonight"):
        period, words = words[-1], words[:-1]
    elif words[-2:] in (["a", "m"], ["p", "m"]):
        period, words = words[-2] + "m", words[:-2]
    hour = minute = None
    if len(words) == 1 and re.fullmatch(r"\d{1,2}:\d{2}", words[0]):
        hour, minute = map(int, words[0].split(":"))
    elif len(words) >= 3 and words[-2] in ("past", "to"):  # "half past seven", "ten to eight"
        said = [w for w in words[:-2] if w != "a"]
        minute = {"half": 30, "quarter": 15}.get(" ".join(said)) or _cardinal(said)
        hour = int(words[-1]) if words[-1].isdigit() else _cardinal(words[-1:])
        if words[-2] == "to" and hour is not None and minute is not None:
            hour, minute = (hour - 1) % 24, 60 - minute
    elif words and (words[0].isdigit() or words[0] in _UNITS or words[0] in _TEENS):
        hour = int(words[0]) if words[0].isdigit() else _cardinal(words[:1])
        rest = words[2:] if words[1:2] == ["oh"] else words[1:]  # "seven oh five"
        if len(rest) == 1 and rest[0].isdigit():
            minute = int(rest[0])
        else:
            minute = _cardinal(rest) if rest else 0
    if hour is None or minute is None:
        return None
    if period in ("pm", "afternoon", "evening") and hour < 12:
        hour += 12
    elif period in ("night", "tonight") and 6 <= hour < 12:
        hour += 12
    elif period in ("am", "morning", "night", "tonight") and hour == 12:
        hour = 0
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return f"{hour:02d}:{minute:02d}"
