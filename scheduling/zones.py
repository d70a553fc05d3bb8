"""IANA zones: lookup, UTC-offset transitions, and wall clock <-> UTC.

Wall-clock times are handled as "naive seconds" (seconds since 1970-01-01 00:00
on the wall clock, as if the zone were UTC) and instants as UTC seconds.  A zone
is then a step function ``offset(t)`` and converting is integer arithmetic.

``zoneinfo`` does not publish its transition table, so transitions are found by
sampling the offset every six hours and bisecting each change to the second;
results are cached per zone and year.

>>> z = ZoneOffsets("America/New_York", 1709251200, 1711929600)   # March 2024
>>> [(t.at, t.before // 3600, t.after // 3600) for t in z.transitions]
[(1710054000, -5, -4)]
>>> z.wall_to_utc(naive_seconds(2024, 3, 10, 2, 30)) == 1710055800  # 02:30 does not exist: 03:30 EDT
True
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import UnknownZone

_STEP = 6 * 3600        # sampling step; no zone has two cancelling changes within 6 h
_REACH = 16 * 3600      # larger than any UTC offset a zone has used since 1900
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def get_zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA name, or :class:`UnknownZone`.

    >>> get_zone("Asia/Kathmandu").key
    'Asia/Kathmandu'
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownZone(name)  # also keeps unhashable values away from the cache
    return _zone(name)


@lru_cache(maxsize=None)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        # ValueError covers path-like keys; OSError a key naming a directory.
        raise UnknownZone(name) from None


def zone_country(name: str | None) -> str | None:
    """The ISO 3166 country an IANA zone belongs to, from the tz database's ``zone.tab``;
    None for zones of no single country ("UTC", "Etc/GMT+5") and names it does not list.

    >>> zone_country("Australia/Sydney"), zone_country("Europe/London"), zone_country("UTC")
    ('AU', 'GB', None)
    """
    return _zone_countries().get(name or "")


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    from importlib import resources

    try:
        text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):  # no tzdata package: the system's copy, if any
        try:
            text = open("/usr/share/zoneinfo/zone.tab", encoding="utf-8").read()
        except OSError:
            return {}
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def naive_seconds(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    """Wall-clock time as naive seconds.

    >>> naive_seconds(1970, 1, 2, 0, 1)
    86460
    """
    return (date(year, month, day).toordinal() - _EPOCH_ORDINAL) * 86400 + hour * 3600 + minute * 60


def date_of(naive: int) -> date:
    """The calendar date of a naive-seconds wall time."""
    return date.fromordinal(naive // 86400 + _EPOCH_ORDINAL)


def day_start(day: date) -> int:
    """Naive seconds of local midnight starting ``day``."""
    return (day.toordinal() - _EPOCH_ORDINAL) * 86400


def _offset(zone: ZoneInfo, t: int) -> int:
    off = datetime.fromtimestamp(t, zone).utcoffset()
    return int(off.total_seconds()) if off is not None else 0


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: from instant ``at`` (UTC seconds) the offset is
    ``after`` seconds instead of ``before``."""

    at: int
    before: int
    after: int


@lru_cache(maxsize=8192)
def _year_transitions(name: str, year: int) -> tuple[Transition, ...]:
    """Transitions with ``Jan 1 year < at <= Jan 1 year+1`` (UTC)."""
    zone = get_zone(name)
    lo = int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp())
    hi = int(datetime(year + 1, 1, 1, tzinfo=timezone.utc).timestamp())
    out: list[Transition] = []
    t, off = lo, _offset(zone, lo)
    while t < hi:
        nxt = min(t + _STEP, hi)
        if _offset(zone, nxt) == off:
            t = nxt
            continue
        a, b = t, nxt  # offset(a) == off != offset(b): find the first changed second
        while b - a > 1:
            mid = (a + b) // 2
            if _offset(zone, mid) == off:
                a = mid
            else:
                b = mid
        new = _offset(zone, b)
        out.append(Transition(b, off, new))
        t, off = b, new  # keep scanning from the change: a second one may follow
    return tuple(out)


def transitions(name: str, lo: int, hi: int) -> list[Transition]:
    """Offset transitions of zone ``name`` with ``lo < at <= hi`` (UTC seconds)."""
    first = datetime.fromtimestamp(lo, timezone.utc).year - 1
    last = datetime.fromtimestamp(hi, timezone.utc).year
    return [t for y in range(first, last + 1) for t in _year_transitions(name, y) if lo < t.at <= hi]


class ZoneOffsets:
    """The offset step function of one zone over a UTC range ``[lo, hi]``
    (with a safety margin), plus exact wall clock <-> UTC conversions."""

    def __init__(self, name: str, lo: int, hi: int) -> None:
        self.name = name
        self.zone = get_zone(name)
        self.lo, self.hi = lo - 2 * _REACH, hi + 2 * _REACH
        self.transitions = transitions(name, self.lo, self.hi)
        self._ats = [t.at for t in self.transitions]
        # _offs[k] is the offset on [ats[k-1], ats[k]).
        self._offs = [_offset(self.zone, self.lo)] + [t.after for t in self.transitions]

    def offset_at(self, t: int) -> int:
        """UTC offset in seconds at instant ``t``."""
        return self._offs[bisect_right(self._ats, t)]

    def utc_to_wall(self, t: int) -> int:
        """Wall-clock naive seconds at instant ``t``."""
        return t + self.offset_at(t)

    def preimage(self, a: int, b: int) -> list[tuple[int, int]]:
        """All instants whose wall clock reads within ``[a, b)`` (naive seconds),
        as sorted UTC spans: two spans if a fall-back repeats part of it, a short
        span if a spring-forward skips part of it."""
        i = bisect_right(self._ats, a - _REACH)
        j = bisect_right(self._ats, b + _REACH)
        out: list[tuple[int, int]] = []
        piece_start = -(1 << 62)
        for k in range(i, j + 1):
            piece_end = self._ats[k] if k < j else (1 << 62)
            off = self._offs[k]
            s, e = max(piece_start, a - off), min(piece_end, b - off)
            if s < e:
                out.append((s, e))
            piece_start = piece_end
        return out

    def wall_to_utc(self, naive: int) -> int:
        """The instant of a wall-clock time, RFC 5545 / PEP 495 ``fold=0`` style:
        an ambiguous time is its first occurrence; a time inside a gap uses the
        offset from before the gap (02:30 on a spring-forward night is 03:30)."""
        i = bisect_right(self._ats, naive - _REACH)
        j = bisect_right(self._ats, naive + _REACH)
        piece_start = -(1 << 62)
        for k in range(i, j + 1):
            piece_end = self._ats[k] if k < j else (1 << 62)
            t = naive - self._offs[k]
            if piece_start <= t < piece_end:
                return t  # earliest piece that holds it: first of a fold
            if t < piece_start:
                # Wall time fell in the gap before this piece: use the previous offset.
                return naive - self._offs[k - 1]
            piece_start = piece_end
        raise AssertionError("unreachable: the last piece is unbounded")


def local_date(instant: datetime, zone: str) -> date:
    """The wall-clock date of an aware instant in ``zone``."""
    return instant.astimezone(get_zone(zone)).date()


def utc_range_to_local_dates(lo: int, hi: int, extra_days: int = 1) -> tuple[date, date]:
    """Local dates that may touch the UTC range ``[lo, hi]`` in any zone,
    widened by ``extra_days`` so windows starting the day before are included."""
    first = datetime.fromtimestamp(lo - _REACH, timezone.utc).date() - timedelta(days=extra_days)
    last = datetime.fromtimestamp(hi + _REACH, timezone.utc).date()
    return first, last
