"""A partner as the scheduler sees them, and their windows as real UTC spans.

>>> ana = Partner("Ana", "Europe/London", "Sat-Sun 09:00-23:00")
>>> from datetime import datetime, timedelta, timezone
>>> ana.contains(datetime(2025, 7, 5, 21, 0, tzinfo=timezone.utc), timedelta(minutes=60))  # 22:00 BST
True
>>> ana.contains(datetime(2025, 7, 5, 21, 30, tzinfo=timezone.utc), timedelta(minutes=60))
False
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from .errors import PlanSpecError
from .intervals import to_seconds
from .windows import DAY, QuietHours, WeeklyWindows
from .zones import ZoneOffsets, get_zone, utc_range_to_local_dates


@dataclass(frozen=True)
class WindowIndex:
    """Merged UTC spans of a partner's windows over a range, ready for bisect.

    ``start_days[i]``/``end_days[i]`` are the local weekdays of the windows that
    form the start and the end edge of span ``i`` (used to say which day's window
    would have to widen).
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    start_days: tuple[int, ...]
    end_days: tuple[int, ...]

    def margin(self, t: int, duration: int) -> int:
        """Seconds from ``[t, t+duration)`` to the nearest edge of the span holding
        it, or -1 when it is not entirely inside one span."""
        i = bisect_right(self.starts, t) - 1
        if i < 0 or self.ends[i] < t + duration:
            return -1
        return min(t - self.starts[i], self.ends[i] - t - duration)

    def spans(self) -> list[tuple[int, int]]:
        """The merged spans as (start, end) pairs."""
        return list(zip(self.starts, self.ends))


@lru_cache(maxsize=1024)
def window_index(zone: str, windows: WeeklyWindows, lo: int, hi: int) -> WindowIndex:
    """Real UTC spans during which the wall clock in ``zone`` is inside
    ``windows``, covering at least the UTC range ``[lo, hi]``."""
    longest = max(w.end - w.start for w in windows.windows)
    first, last = utc_range_to_local_dates(lo, hi, extra_days=1 + -(-longest // DAY))
    offsets = ZoneOffsets(zone, lo - 8 * 86400, hi + 8 * 86400)
    pieces = sorted((s, e, day) for a, b, day in windows.local_spans(first, last)
                    for s, e in offsets.preimage(a, b))
    starts: list[int] = []
    ends: list[int] = []
    sdays: list[int] = []
    edays: list[int] = []
    for s, e, day in pieces:
        if starts and s <= ends[-1]:
            if e > ends[-1]:
                ends[-1], edays[-1] = e, day
        else:
            starts.append(s), ends.append(e), sdays.append(day), edays.append(day)
    return WindowIndex(tuple(starts), tuple(ends), tuple(sdays), tuple(edays))


def _as_windows(value: WeeklyWindows | str) -> WeeklyWindows:
    return WeeklyWindows.parse(value) if isinstance(value, str) else value


def _as_quiet(value: QuietHours | str | None) -> QuietHours:
    return value if isinstance(value, QuietHours) else QuietHours.parse(value)


@dataclass(frozen=True)
class Partner:
    """One partner for scheduling: a name, an IANA ``zone``, weekly waking
    ``windows`` (wall-clock, in that zone) and daily ``quiet`` hours.

    ``windows`` and ``quiet`` may be given as spec strings; they are parsed.
    """

    name: str
    zone: str
    windows: WeeklyWindows
    quiet: QuietHours = field(default_factory=QuietHours)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise PlanSpecError("name", self.name, "a partner needs a name")
        get_zone(self.zone)  # raises UnknownZone
        object.__setattr__(self, "windows", _as_windows(self.windows))
        object.__setattr__(self, "quiet", _as_quiet(self.quiet))

    @property
    def tz(self) -> ZoneInfo:
        """The partner's ``ZoneInfo``."""
        return get_zone(self.zone)

    def local(self, instant: datetime) -> datetime:
        """``instant`` on this partner's wall clock (aware, in their zone)."""
        return instant.astimezone(self.tz)

    def index(self, lo: int, hi: int) -> WindowIndex:
        """This partner's windows as UTC spans covering ``[lo, hi]`` (seconds)."""
        return window_index(self.zone, self.windows, lo, hi)

    def contains(self, instant_utc: datetime, duration: timedelta = timedelta(0)) -> bool:
        """Whether the real interval ``[instant, instant + duration)`` lies inside
        this partner's windows on their own wall clock the whole time.

        The duration is real elapsed time, so a call across a spring-forward
        jump ends an hour "later" on the wall clock than one on a normal night.
        """
        t = to_seconds(instant_utc, "instant_utc")
        d = int(duration.total_seconds())
        # Round the range out to whole days so nearby calls share one cached index.
        lo = t - t % 86400
        hi = lo + (2 + d // 86400) * 86400
        idx = self.index(lo, hi)
        if d == 0:
            i = bisect_right(idx.starts, t) - 1
            return i >= 0 and idx.ends[i] > t
        return idx.margin(t, d) >= 0

    def free_from(self, instant_utc: datetime) -> datetime:
        """The first instant at or after ``instant_utc`` inside this partner's windows:
        ``instant_utc`` itself when it already is. Windows repeat every week, so one always
        begins within eight days."""
        t = to_seconds(instant_utc, "instant_utc")
        lo = t - t % 86400
        idx = self.index(lo, lo + 9 * 86400)
        i = bisect_right(idx.starts, t) - 1
        if i >= 0 and idx.ends[i] > t:
            return instant_utc
        return datetime.fromtimestamp(idx.starts[i + 1], timezone.utc)
