"""Settings read from the environment, with safe defaults, in one frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'kipp.sqlite3'}"
KIOSK_POLL_FLOOR_MS = 250


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Everything the app and the CLI may be configured with."""

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = field(default="", repr=False)
    refresh_interval_s: int = 10
    refresh_floor_s: int = 2
    import_max_bytes: int = 20 * 1024 * 1024
    cache_redis_url: str = ""
    pool_size: int = 5
    instance_dir: str = str(INSTANCE_DIR)
    # How often a ceremony screen asks whether anything changed (a tiny request).
    kiosk_poll_ms: int = 500

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from environment variables (os.environ by default)."""
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {
            "database_url": env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            "secret_key": env.get("SECRET_KEY", ""),
            "refresh_interval_s": _int(env, "REFRESH_INTERVAL_S", 10),
            "refresh_floor_s": _int(env, "REFRESH_FLOOR_S", 2),
            "import_max_bytes": _int(env, "IMPORT_MAX_BYTES", 20 * 1024 * 1024),
            "cache_redis_url": env.get("CACHE_REDIS_URL", "").strip(),
            "pool_size": _int(env, "DB_POOL_SIZE", 5),
            "instance_dir": env.get("INSTANCE_DIR", "").strip() or str(INSTANCE_DIR),
            "kiosk_poll_ms": max(_int(env, "KIOSK_POLL_MS", 500), KIOSK_POLL_FLOOR_MS),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
