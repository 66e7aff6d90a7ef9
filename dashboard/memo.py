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

    def fresh(self):
        """Return the remembered value while it is fresh, else None."""
        if time.monotonic() - self._read_at < self.max_age_s:
            return self._value
        return None

    def get(self, read: Callable[[], T]) -> T:
        """Return the remembered value while fresh, else read it (one reader at a time)."""
        if time.monotonic() - self._read_at < self.max_age_s and self._value is not None:
            return self._value
        with self._lock:
            # Another thread may have read it while this one waited for the lock.
            if time.monotonic() - self._read_at < self.max_age_s and self._value is not None:
                return self._value
            value = read()  # an error is not remembered: the next tick asks again
            self._value, self._read_at = value, time.monotonic()
            return value

    @property
    def read_at(self) -> float:
        """When the remembered value was read (time.monotonic), -inf before the first read."""
        return self._read_at

    def put(self, value) -> None:
        """Remember a value read elsewhere (the news watcher's), as read now."""
        with self._lock:
            self._value, self._read_at = value, time.monotonic()

    def forget(self, older_than_s: float) -> None:
        """Read again on the next get, unless the value is younger than `older_than_s`."""
        with self._lock:
            if time.monotonic() - self._read_at >= older_than_s:
                self._read_at = float("-inf")
