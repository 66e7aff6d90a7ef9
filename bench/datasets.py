"""The national-sized editions the benchmarks run on, generated once and kept (git-ignored).

Sizes by score rows: "10k", "100k" and "1m" (5,000 innovations, 40 jurors, both stages,
about 1 million score rows: bench/national.py). SQLite files live in bench/data/; the
PostgreSQL copy of "1m" is the database kipp_bench_1m on the loopback server.
"""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy import text

from bench.harness import DATA, say
from bench.national import CODE, generate
from data_access.db import make_engine
from data_access.migrate import upgrade

# innovations per size; 40 jurors each fill about 70% of the proposal sheets
SIZES = {"10k": 50, "100k": 500, "1m": 5000}
FILL = 0.7
POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def _has_edition(url: str) -> bool:
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM editions WHERE code = :c"), {"c": CODE})
            return found.first() is not None
    except Exception:
        return False
    finally:
        engine.dispose()


def _ensure(url: str, size: str) -> str:
    engine = make_engine(url, pool_size=1)
    try:
        if _has_edition(url):
            upgrade(engine)  # a dataset made by an older revision gets the new schema
            return url
        say(f"generating the {size} edition into {url} (once)...")
        started = time.perf_counter()
        rows = generate(engine, innovations=SIZES[size], fill=FILL)
        say(f"  {rows:,} score rows in {time.perf_counter() - started:.0f} s")
    finally:
        engine.dispose()
    return url


def sqlite_dataset(size: str) -> str:
    """Return the URL of the SQLite file holding the edition of this size."""
    DATA.mkdir(parents=True, exist_ok=True)
    return _ensure(f"sqlite:///{DATA / f'national-{size}.sqlite3'}", size)


def postgres_dataset(size: str) -> str:
    """Return the URL of the PostgreSQL database holding the edition of this size."""
    import psycopg

    name = f"kipp_bench_{size}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES_SERVER}{name}"
    _ensure(url, size)
    engine = make_engine(url, pool_size=1)
    try:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    return url


def score_rows(url: str) -> int:
    """Return how many score rows the dataset holds."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute("SELECT count(*) FROM scores").fetchone()[0]
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM scores")).scalar_one()
    finally:
        engine.dispose()
