"""The version pace: a worker takes a new data version no sooner than it can draw its pages.

Every data version a worker takes costs it the computations of every page its viewers
look at (at national scale about 1-3 s: the standing, the report, the severity pass, the
pages' renders). A jury of 30 moves the version several times a second; taking each
would keep a worker computing forever, and its pages, ticks and saves waiting behind it
(the national load bench collapsed that way: screens' polls 22 s at p95).

So the worker's watch memo (dashboard/data.py) keeps a version for a *period*, the
smallest of VERSION_CACHE_MS x 1, 2, 4 or 8 in which what a version costs the worker (its
busy time: shared_cache.spent_seconds, the cheaper of its last two versions) takes at
most half of the time (`SHARE`). An idle edition keeps the floor,
VERSION_CACHE_MS; under a jury at national scale the pages are redrawn every few seconds
instead of never.

The news watcher (dashboard/push.py) publishes in *turns* cut from the wall clock
(multiples of the period since the epoch): two workers, and two hosts on one clock, read
the version within milliseconds of each other at a turn's start and mostly publish the
same one, which a shared cache (Redis) then computes once. A refresh told of another
worker's version takes that very number (`VersionMemo.catch_up`), so no worker drags
another one to a newer version. A version that comes in a new turn, half a period or
more after the last one, is published at once: an isolated save after a quiet spell is
never delayed; only versions that follow each other closely wait for the next turn.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from dashboard.memo import Memo
from dashboard.shared_cache import spent_seconds

# The periods a worker may take, as multiples of VERSION_CACHE_MS.
STEPS = (1, 2, 4, 8)
# Computations may take at most this share of a period.
SHARE = 0.5

# (data version, ceremonies' fingerprint, editions' counter): data_access.editions.WatchNumbers
Numbers = tuple[int, int, int]


class Pace:
    """What the versions a worker took cost it, and so how long it keeps each one.

    A version's cost is the worker's busy time while it showed it (computing, or waiting
    for a computation: shared_cache.spent_seconds). The pace goes
    by the cheaper of the last two: one costly version (the first pages drawn after a
    start, an export) does not slow the news; two in a row (a jury at national scale) do.
    """

    def __init__(self, spent: Callable[[], float] = spent_seconds) -> None:
        self._spent = spent
        self._mark = spent()
        self._costs = (0.0, 0.0)  # the last two versions' costs, newest first
        self._lock = threading.Lock()

    def cost(self) -> float:
        """Return what a version costs: the cheaper of the last two."""
        with self._lock:
            return min(self._costs)

    def period(self, floor_s: float) -> float:
        """Return how long a version is kept: the smallest step whose SHARE covers the cost."""
        if floor_s <= 0:
            return 0.0
        cost = self.cost()
        steps = (floor_s * step for step in STEPS if floor_s * step * SHARE >= cost)
        return next(steps, floor_s * STEPS[-1])

    def took_new(self) -> None:
        """Note that the worker took a new version: what was spent since is the last one's cost."""
        with self._lock:
            spent = self._spent()
            self._costs = (spent - self._mark, self._costs[0])
            self._mark = spent


def turn(at: float, period: float) -> float:
    """Return the number of the turn a wall-clock time falls in (-inf for -inf)."""
    return math.floor(at / period) if math.isfinite(at) else float("-inf")


class VersionMemo(Memo):
    """The watch numbers a worker shows, kept for the pace's period."""

    def __init__(self, max_age_s: float, pace: Pace | None = None) -> None:
        super().__init__(max_age_s)
        self.pace = pace or Pace()

    def period(self) -> float:
        return self.pace.period(self.max_age_s)

    def _is_fresh(self) -> bool:
        return time.monotonic() - self._read_at < self.period()

    def _remember(self, value: Numbers, *, own: bool = True) -> None:
        # Under self._lock. A version caught up to (another worker's) closes no account:
        # what it costs adds to the current one, so the worker's own turns lengthen.
        if own and (self._value is None or value[0] != self._value[0]):
            self.pace.took_new()
        super()._remember(value)

    def may_take_new(self, published_wall: float) -> bool:
        """Return True when a version published at `published_wall` may give way to a newer one.

        In a later turn than it, and half a period after it at least: under a jury saving
        all the time, a version at the start of every turn (every worker the same one);
        a save after a quiet spell at once.
        """
        period = self.period()
        if period <= 0:
            return True
        now = time.time()
        return turn(published_wall, period) < turn(now, period) and (
            now - published_wall >= period / 2
        )

    def next_turn_in(self) -> float:
        """Return the seconds until the next turn starts."""
        period = self.period()
        if period <= 0:
            return 0.0
        now = time.time()
        return (turn(now, period) + 1) * period - now

    def catch_up(self, wanted: int, read: Callable[[], Numbers], min_age_s: float) -> None:
        """Take the version `wanted` a browser heard of elsewhere, once it is in the database.

        Another worker published it: taking that very number (not the newest one) keeps
        the two workers on one version, so neither drags the other to a newer one. The
        data read afterwards is at least that new. A number not (yet) in the database
        (a forged one) only costs a read, at most once per `min_age_s`.
        """
        with self._lock:
            held = self._value
            if held is not None and held[0] >= wanted:
                return
            if time.monotonic() - self._read_at < min_age_s:
                return
            now = read()
            self._remember((wanted, *now[1:]) if now[0] >= wanted else now, own=False)
