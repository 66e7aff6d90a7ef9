"""Page data shared by every viewer: computed once per data version, kept in Flask-Caching.

A page's refresh asks the database for its data version (one tiny query; the browser's
ticks in between ask /api/versi, dashboard/poll.py). Only when that number moved is
anything recomputed, and then once for every viewer and worker sharing the cache
(dashboard/shared_cache.py: in-process by default, Redis with CACHE_REDIS_URL).
Cached values are plain dataclasses, never figures.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from flask_caching import Cache

from dashboard.build import build_id
from dashboard.services import services
from dashboard.shared_cache import memoize_once
from data_access import queries
from data_access import reports as edition_reports
from data_access.approval import ApprovalComparison, approval_comparison
from data_access.editions import ceremony_fingerprint, default_edition_code, watch_numbers
from data_access.models import utcnow
from data_access.overview import EditionOverview, edition_overview
from data_access.participation import Participation
from data_access.progress import JurorRow
from data_access.reports import EditionReport, edition_report, participation_for
from data_access.scoring.stats import score_spread
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
        # And the code's: after a deployment, values a former version stored (dataclasses
        # of another shape) are never read back.
        database = hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
        code = hashlib.sha256(build_id().encode()).hexdigest()[:8]
        config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.cache_redis_url,
            "CACHE_KEY_PREFIX": f"kipp-live:{database}:{code}:",
            # A Redis that stops answering costs a request 1 s, then the value is computed
            # here (dashboard/shared_cache.py), instead of hanging the request.
            "CACHE_OPTIONS": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
        }
    else:
        # Values kept as they are, not pickled (see InProcessCache); as objects they are
        # larger, so only the newest ones stay: some 10 values per data version, the oldest
        # dropped first (a national edition's report is megabytes of Python objects).
        config = {"CACHE_TYPE": "dashboard.shared_cache.InProcessCache", "CACHE_THRESHOLD": 40}
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


@memoize_once(cache)
def editions(version: int) -> list[EditionChoice]:
    """Return every edition, newest first."""
    with services().session() as session:
        return [EditionChoice(c, name) for c, name in queries.list_edition_names(session)]


def watch_point(code: str | None) -> tuple[int, EditionChoice | None, int]:
    """Return the data version, the edition asked for (else the default) and its revision.

    The two tiny reads a page that also follows the ceremony makes on every tick (the
    version comes with the ceremonies' fingerprint, which the default edition follows);
    everything else is only recomputed when one of the numbers moved.
    """
    from data_access.ceremony import ceremony_revision

    with services().session() as session:
        version, ceremonies = watch_numbers(session)
        edition = resolve_edition(code, version, ceremonies)
        revision = ceremony_revision(session, edition.code) if edition else 0
    return version, edition, revision


def ceremonies_fingerprint() -> int:
    """Return the number that moves with every ceremony change (see data_access.editions)."""
    with services().session() as session:
        return ceremony_fingerprint(session)


@memoize_once(cache)
def default_code(version: int, ceremonies: int) -> str | None:
    """Return the default edition's code at this data version and ceremonies' fingerprint."""
    with services().session() as session:
        return default_edition_code(session)


def default_edition(version: int, ceremonies: int | None = None) -> EditionChoice | None:
    """Return the edition shown where none is named (data_access.editions), or None.

    Without `ceremonies` (the fingerprint read with the version) it is read now: an
    approval or a reveal step moves the default without moving the data version.
    """
    choices = editions(version)
    if not choices:
        return None
    if ceremonies is None:
        ceremonies = ceremonies_fingerprint()
    code = default_code(version, ceremonies)
    return next((c for c in choices if c.code == code), choices[0])


def resolve_edition(
    code: str | None, version: int, ceremonies: int | None = None
) -> EditionChoice | None:
    """Return the asked-for edition, the default one when none is asked for, or None."""
    if code is None:
        return default_edition(version, ceremonies)
    return next((c for c in editions(version) if c.code == code), None)


def _clock_bucket(now: datetime) -> int:
    return int(now.timestamp()) // CLOCK_BUCKET_S


@memoize_once(cache)
def _report(code: str, version: int, bucket: int) -> EditionReport:
    with services().session() as session:
        return edition_report(session, code, now=utcnow())


def report(code: str, version: int) -> EditionReport:
    """Return ranking and progress of an edition at this data version."""
    return _report(code, version, _clock_bucket(utcnow()))


@memoize_once(cache)
def approval(code: str, version: int, revision: int) -> ApprovalComparison | None:
    """Return the edition's approval beside its live results at this data version.

    Keyed by the ceremony revision too: approving changes the revision, not the data version.
    """
    shared = report(code, version)  # the live ranking the page already holds
    with services().session() as session:
        return approval_comparison(session, code, ranking=shared.ranking, version=version)


@memoize_once(cache)
def overview(code: str, version: int) -> EditionOverview | None:
    """Return the edition's headline counts at this data version."""
    with services().session() as session:
        return edition_overview(session, code)


@memoize_once(cache)
def participation(code: str, version: int) -> Participation:
    """Return the edition's OPD participation at this data version."""
    # From the cached report: the ranking's finalists, not a second edition_report.
    shared = report(code, version)
    with services().session() as session:
        return participation_for(session, code, report=shared)


# ---------------------------------------------------------------------------- page extras
# What one page draws beyond the shared report, loaded only for what it shows.


@memoize_once(cache)
def stage_sheets(
    code: str, version: int, edition_id: int, stage: str
) -> edition_reports.StageSheets:
    """Return one stage's sheets (a heat map's cells) at this data version."""
    with services().session() as session:
        return edition_reports.load_stage_sheets(session, edition_id, stage)


@memoize_once(cache)
def edition_jurors(code: str, version: int) -> list[JurorRow]:
    """Return the edition's jurors at this data version."""
    with services().session() as session:
        return queries.load_jurors(session, queries.get_edition(session, code).id)


@memoize_once(cache)
def shown_spreads(code: str, version: int, innovation_ids: tuple[int, ...]) -> dict:
    """Return {(stage, innovation): StageSpread} of the given innovations only, at this version."""
    with services().session() as session:
        stages = queries.stage_ids(session, queries.get_edition(session, code).id)
        return score_spread(queries.counted_sheets(session, stages, list(innovation_ids)))


@memoize_once(cache)
def severity_groups(code: str, version: int) -> list[queries.SeverityGroup]:
    """Return the jurors' severity sums per stage and panel size, from SQL, at this version."""
    with services().session() as session:
        stages = queries.stage_ids(session, queries.get_edition(session, code).id)
        return queries.severity_groups(session, stages)
