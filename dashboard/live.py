"""Page data shared by every viewer: computed once per data version, kept in Flask-Caching.

Each refresh tick asks the database for its data version (one tiny query). Only when
that number moved is anything recomputed, and then once for every viewer and worker
sharing the cache (SimpleCache per process by default, Redis with CACHE_REDIS_URL).
Cached values are plain dataclasses, never figures.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from flask_caching import Cache

from dashboard.services import services
from data_access import queries
from data_access.models import utcnow
from data_access.overview import EditionOverview, edition_overview
from data_access.participation import Participation
from data_access.reports import EditionReport, edition_report, load_edition_data, participation_for
from data_access.scoring import Ranking, SheetResult, rank
from data_access.settings import Settings

cache = Cache()
CACHE_TIMEOUT_S = 60 * 60
# Pace projections depend on the clock too: recompute at least this often.
CLOCK_BUCKET_S = 5 * 60


def install_cache(server: Flask, settings: Settings) -> None:
    """Attach the shared cache to the server: Redis when configured, else in-process."""
    if settings.cache_redis_url:
        # Keys carry the database's identity: several deployments (or test databases) can
        # share one Redis without ever reading each other's figures.
        database = hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
        config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.cache_redis_url,
            "CACHE_KEY_PREFIX": f"kipp-live:{database}:",
        }
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 200}
    cache.init_app(server, config={**config, "CACHE_DEFAULT_TIMEOUT": CACHE_TIMEOUT_S})


@dataclass(frozen=True)
class EditionChoice:
    """An edition as the picker shows it."""

    code: str
    name: str


def data_version() -> int:
    """Return the database's data version: the one query every refresh tick makes."""
    with services().session() as session:
        return queries.data_version(session)


@cache.memoize()
def editions(version: int) -> list[EditionChoice]:
    """Return every edition, newest first."""
    with services().session() as session:
        codes = queries.list_edition_codes(session)
        return [EditionChoice(c, queries.get_edition(session, c).name) for c in codes]


def watch_point(code: str | None) -> tuple[int, EditionChoice | None, int]:
    """Return the data version, the edition asked for and its ceremony revision.

    The two tiny reads a page that also follows the ceremony makes on every tick;
    everything else is only recomputed when one of the numbers moved.
    """
    from data_access.ceremony import ceremony_revision

    with services().session() as session:
        version = queries.data_version(session)
        edition = resolve_edition(code, version)
        revision = ceremony_revision(session, edition.code) if edition else 0
    return version, edition, revision


def resolve_edition(code: str | None, version: int) -> EditionChoice | None:
    """Return the asked-for edition, the newest one when none is asked for, or None."""
    choices = editions(version)
    if code is None:
        return choices[0] if choices else None
    return next((c for c in choices if c.code == code), None)


def _clock_bucket(now: datetime) -> int:
    return int(now.timestamp()) // CLOCK_BUCKET_S


@cache.memoize()
def _report(code: str, version: int, bucket: int) -> EditionReport:
    with services().session() as session:
        return edition_report(session, code, now=utcnow())


def report(code: str, version: int) -> EditionReport:
    """Return ranking and progress of an edition at this data version."""
    return _report(code, version, _clock_bucket(utcnow()))


@cache.memoize()
def overview(code: str, version: int) -> EditionOverview | None:
    """Return the edition's headline counts at this data version."""
    with services().session() as session:
        return edition_overview(session, code)


@cache.memoize()
def participation(code: str, version: int) -> Participation:
    """Return the edition's OPD participation at this data version."""
    with services().session() as session:
        return participation_for(session, code)


@dataclass(frozen=True)
class SheetDetail:
    """Every sheet of an edition with its status and score, for heat maps and explanations."""

    ranking: Ranking
    sheets: list[SheetResult]
    jurors: list
    innovations: list


@cache.memoize()
def sheet_detail(code: str, version: int) -> SheetDetail:
    """Return every evaluated sheet of the edition (the reference path), at this data version."""
    with services().session() as session:
        data = load_edition_data(session, code)
    result = rank(data.rules, data.innovations, data.assignments, data.sheets)
    return SheetDetail(result, result.sheets, data.jurors, data.innovations)
