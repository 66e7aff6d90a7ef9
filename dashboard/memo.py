"""A value read from the database at most once per so many seconds in a worker process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """A value read from the database at most once per `max_age_s` in a process."""

    def __init__(self, max_age_s: float) -> None:
        self.max_age_s = max_age_s
        self._value = None
        self._read_at = float("-inf")
        self._lock = threading.Lock()

    def _is_fresh(self) -> bool:
        return time.monotonic() - self._read_at < self.max_age_s

    def _remember(self, value) -> None:
        # Under self._lock.
        self._value, self._read_at = value, time.monotonic()

    def fresh(self):
        """Return the remembered value while it is fresh, else None."""
        return self._value if self._is_fresh() else None

    def get(self, read: Callable[[], T]) -> T:
        """Return the remembered value while fresh, else read it (one reader at a time)."""
        if self._value is not None and self._is_fresh():
            return self._value
        with self._lock:
            # Another thread may have read it while this one waited for the lock.
            if self._value is not None and self._is_fresh():
                return self._value
            value = read()  # an error is not remembered: the next tick asks again
            self._remember(value)
            return value

    def forget(self) -> None:
        """Make the next get() read again (a change made here that the value must show)."""
        with self._lock:
            self._read_at = float("-inf")

    @property
    def read_at(self) -> float:
        """When the remembered value was read (time.monotonic), -inf before the first read."""
        return self._read_at

    def put(self, value) -> None:
        """Remember a value read elsewhere (the news watcher's), as read now."""
        with self._lock:
            self._remember(value)
