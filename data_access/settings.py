"""Settings read from the environment, with safe defaults, in one frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'kipp.sqlite3'}"
KIOSK_POLL_FLOOR_MS = 250
DEFAULT_PORTS = {"http": 80, "https": 443}


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, got {raw!r}")


def normalize_origin(value: str) -> str | None:
    """Return an origin as scheme://host[:port] (lower case, default port left out), or None."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in DEFAULT_PORTS or not host or parts.path not in ("", "/"):
        return None
    if parts.query or parts.fragment or parts.username is not None:
        return None
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    return f"{scheme}://{host}" + (f":{port}" if port and port != DEFAULT_PORTS[scheme] else "")


def _origins(env: dict[str, str], name: str) -> tuple[str, ...]:
    found = []
    for item in env.get(name, "").replace(",", " ").split():
        origin = normalize_origin(item)
        if origin is None:
            raise ValueError(f"{name} holds {item!r}, which is not an origin like https://host")
        found.append(origin)
    return tuple(found)


def _public_url(env: dict[str, str]) -> str:
    value = env.get("PUBLIC_URL", "").strip()
    if not value:
        return ""
    origin = normalize_origin(value)
    if origin is None:
        raise ValueError(f"PUBLIC_URL holds {value!r}, which is not an address like https://host")
    return origin


def _keep(env: dict[str, str]) -> tuple[int, int]:
    raw = env.get("BACKUP_KEEP", "").strip()
    if not raw:
        return (20, 30)
    parts = [p.strip() for p in raw.split(",")]
    try:
        last, days = (int(parts[0]), int(parts[1]) if len(parts) > 1 else 30)
    except ValueError as exc:
        raise ValueError(f"BACKUP_KEEP must read LAST,DAYS like 20,30, got {raw!r}") from exc
    if last < 1 or days < 0 or len(parts) > 2:
        raise ValueError(f"BACKUP_KEEP must read LAST,DAYS like 20,30 (LAST >= 1), got {raw!r}")
    return (last, days)


@dataclass(frozen=True)
class Settings:
    """Everything the app and the CLI may be configured with."""

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = field(default="", repr=False)
    refresh_interval_s: int = 10
    refresh_floor_s: int = 2
    import_max_bytes: int = 20 * 1024 * 1024
    # The largest body of a Dash callback request (a real one is a few KB): bigger ones are
    # refused before they are read (dashboard/limits.py).
    callback_max_bytes: int = 1024 * 1024
    cache_redis_url: str = ""
    pool_size: int = 5
    instance_dir: str = str(INSTANCE_DIR)
    # How often a ceremony screen asks whether anything changed (a tiny request).
    kiosk_poll_ms: int = 500
    # Origins that may send state-changing requests besides the one the server sees
    # itself: the public https://... address when a reverse proxy forwards plain http.
    trusted_origins: tuple[str, ...] = ()
    # Send the session cookie over HTTPS only (set it when the site is served over HTTPS).
    session_cookie_secure: bool = False
    # How many reverse proxies stand in front (their X-Forwarded-* headers are trusted for
    # that many hops): the client's address for the login limit, the public host and scheme.
    proxy_count: int = 0
    # How long a worker reuses the data version it read for the live pages' light tick
    # (dashboard/poll.py): one query per worker per this many ms, whatever the audience.
    version_cache_ms: int = 1000
    # News streams (dashboard/push.py) a worker holds at once (0: the pages only poll), and
    # how long one lasts before the browser reconnects with a fresh session check.
    push_streams: int = 150
    push_stream_s: int = 300
    # Requests a worker serves at once besides news streams and quick ticks (gunicorn's
    # GUNICORN_THREADS: gunicorn.conf.py gives it push_streams threads more).
    work_threads: int = 4
    # Where the server's processes keep the static files compressed (dashboard/compression.py),
    # across workers and restarts: <instance_dir>/static-cache unless STATIC_CACHE_DIR says
    # otherwise ("" here: in each process's memory only).
    static_cache_dir: str = ""
    # The site's public address (https://kipp.kuduskab.go.id): the catalogue's QR codes, its
    # sitemap and its sharing tags name it. "" : the address each request came to.
    public_url: str = ""
    # Where the automatic backups (data_access/backups) go: "" is a backups folder beside
    # the SQLite file (instance/backups for the default database), or <instance_dir>/backups
    # on PostgreSQL. How many to keep: the last BACKUP_KEEP[0], and one a day for
    # BACKUP_KEEP[1] days. backup_auto off stops them (for a PostgreSQL backed up otherwise).
    backup_dir: str = ""
    backup_keep: tuple[int, int] = (20, 30)
    backup_auto: bool = True

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from environment variables (os.environ by default)."""
        env = dict(os.environ if env is None else env)
        instance_dir = env.get("INSTANCE_DIR", "").strip() or str(INSTANCE_DIR)
        # README: INSTANCE_DIR is "where the SQLite file ... live": the default database
        # follows it (DATABASE_URL, when set, wins).
        default_url = f"sqlite:///{Path(instance_dir) / 'kipp.sqlite3'}"
        values: dict[str, object] = {
            "database_url": env.get("DATABASE_URL", "").strip() or default_url,
            "secret_key": env.get("SECRET_KEY", ""),
            "refresh_interval_s": _int(env, "REFRESH_INTERVAL_S", 10),
            "refresh_floor_s": _int(env, "REFRESH_FLOOR_S", 2),
            "import_max_bytes": _int(env, "IMPORT_MAX_BYTES", 20 * 1024 * 1024),
            "callback_max_bytes": max(_int(env, "CALLBACK_MAX_BYTES", 1024 * 1024), 1024),
            "cache_redis_url": env.get("CACHE_REDIS_URL", "").strip(),
            "pool_size": _int(env, "DB_POOL_SIZE", 5),
            "instance_dir": instance_dir,
            "kiosk_poll_ms": max(_int(env, "KIOSK_POLL_MS", 500), KIOSK_POLL_FLOOR_MS),
            "trusted_origins": _origins(env, "TRUSTED_ORIGINS"),
            "proxy_count": max(_int(env, "PROXY_COUNT", 0), 0),
            "session_cookie_secure": _bool(env, "SESSION_COOKIE_SECURE", False),
            "version_cache_ms": max(_int(env, "VERSION_CACHE_MS", 1000), 0),
            "push_streams": max(_int(env, "PUSH_STREAMS", 150), 0),
            "push_stream_s": max(_int(env, "PUSH_STREAM_S", 300), 1),
            "work_threads": max(_int(env, "GUNICORN_THREADS", 4), 1),
            "static_cache_dir": env.get("STATIC_CACHE_DIR", "").strip()
            or str(Path(instance_dir) / "static-cache"),
            "public_url": _public_url(env),
            "backup_dir": env.get("BACKUP_DIR", "").strip(),
            "backup_keep": _keep(env),
            "backup_auto": _bool(env, "BACKUP_AUTO", True),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
