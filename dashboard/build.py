"""The deployment's fingerprint: screens reload when it changes, cache keys carry it."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


@functools.cache
def build_id() -> str:
    """Return a fingerprint of this deployment's code and assets (read once per process).

    A screen that sees another fingerprint after a restart reloads itself, so a new
    deployment reaches the TV without anyone at its keyboard. The shared cache's keys
    carry it too (dashboard/data.py).
    """
    if os.environ.get("KIPP_BUILD"):  # set by a deployment that names its builds
        return os.environ["KIPP_BUILD"][:40]
    digest = hashlib.sha256()
    for folder in ("app.py", "dashboard", "data_access", "assets"):
        root = PROJECT / folder
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.is_file() and path.suffix in {".py", ".js", ".css", ".woff2", ".svg"}:
                digest.update(str(path.relative_to(PROJECT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
