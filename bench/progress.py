"""Progress lines stamped with the run's elapsed time, for the long benches (load, soak, weight)."""

from __future__ import annotations

import threading
import time

_print_lock = threading.Lock()
_started = time.monotonic()


def say(text: str) -> None:
    """Print a line with the run's elapsed time, from any thread."""
    elapsed = time.monotonic() - _started
    with _print_lock:
        print(f"[{int(elapsed // 60):02d}:{int(elapsed % 60):02d}] {text}", flush=True)
