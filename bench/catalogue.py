"""The public catalogue at 5,000 innovations on PostgreSQL: p95 per page, beside its baselines.

Usage: python -m bench.catalogue [--rounds 9] [--seconds 2] [--connections 2]
       [--write-every 2] [--changes both|scores|switches] [--quick]

Issue 18's target: p95 ≤ 50 ms per page at 5,000 innovations on PostgreSQL. The data
(bench/catalogue_data.py, generated once into the database kipp_bench_katalog and copied
for each run with CREATE DATABASE … TEMPLATE, dropped afterwards): five published editions
of 1,000 innovations, Kudus's units, summaries, categories, photos, `continues` links,
every reveal walked to "all"; a sixth edition in judging, unpublished. Three servers run
side by side under the production command (`gunicorn -c gunicorn.conf.py`, the same
workers, threads and keep-alive), each on its own loopback port:

- the app (`app:create_app()`), its catalogue pages as the public gets them;
- by hand (bench/catalogue_baseline.py `hand_written()`): the same pages from the same
  tables written the fastest honest way without the catalogue's code: raw SQL (filters,
  order and page in the statement) and a template, caching nothing. Before timing, each
  page's innovations (its links to `/katalog/<edition>/<code>`, in order) are checked to
  be the app's;
- bare Flask (`bare_flask()`): the list's template with 24 constant cards, no database:
  the floor under any page of this server.

The pages: `/katalog`; a search (`?cari=ambulans`, ~250 of 5,000); the issue's example
filter (`?tahun=2022&opd=DISDUKCAPIL`, in the order the app writes it); a deep page
(`?halaman=` the middle one); a winner's page (photo, award, the same innovation in
other editions); a unit's page (DISDUKCAPIL, ~80 innovations over five editions) and the
largest (DKK with its 20 puskesmas, about a third of all).

Three figures per page:

1. cold: the first request after a data change (a score of the edition in judging
   changed, or a published edition's finalists switched), CHANGE_SETTLE_S after it so
   that any per-second memo of the version has seen it (the app reads it on every
   request), after each of 9 changes;
2. warm: wrk (one client thread, `--connections` keep-alive connections, no pause) on each
   page of each contender in interleaved rounds (app, by hand, … and bare Flask once per
   round); per round wrk's p50/p95 (a Lua `done` hook), then the median of the rounds and
   their spread (min–max);
3. with changes (the target): the same rounds while a writer changes the data every
   WRITE_EVERY_S, alternating a score write and a publication switch, so every cache
   rebuild in a worker counts in the p95.

Verdict per page: the app's median p95 with changes ≤ TARGET_MS; printed beside it the
ratio to the same page by hand and to bare Flask.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.catalogue_rounds import (
    APP,
    BARE,
    BY_HAND,
    LATENCY_LUA,
    Figures,
    Page,
    Writer,
    check_pages,
    cold,
    timed_rounds,
)
from bench.harness import Verdicts, median, say, serve
from bench.poll import start_all

TARGET_MS = 50.0
ROUNDS = 9
SECONDS = 2.0
CONNECTIONS = 2
WRITE_EVERY_S = 2.0
CHANGE_SETTLE_S = 0.2  # after a change: a moment, as a reader would come
TEMPLATE = "kipp_bench_katalog"
DATA_MARK = "katalog-data-1"  # the template's comment: a new mark regenerates it
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def pages_for(dataset) -> list[Page]:
    """Return the pages asked for, from what the built data holds."""
    from data_access.catalogue import PAGE_SIZE, Filters

    pages = max(1, -(-dataset.innovations // PAGE_SIZE))
    edition, code = dataset.winner
    return [
        Page("list", "/katalog"),
        Page("search", "/katalog?cari=ambulans"),
        # The example, /katalog?opd=DISDUKCAPIL&tahun=2022, in the order the app's
        # links write it (the app redirects the other order there: wrk would time a 302).
        Page("unit and year", f"/katalog{Filters(unit='DISDUKCAPIL', year=2022).query()}"),
        Page("deep page", f"/katalog{Filters(page=max(1, pages // 2)).query()}"),
        Page("innovation", f"/katalog/{edition}/{code}"),
        Page("unit page", "/katalog/opd/DISDUKCAPIL"),
        Page("largest unit page", f"/katalog/opd/{dataset.busiest_opd}"),
    ]


# ---------------------------------------------------------------- the data
def _comment(conn, name: str) -> str | None:
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        (name,),
    ).fetchone()
    return None if row is None else (row[0] or "")


def kept_template() -> str:
    """Return the name of the kept catalogue database, generating it the first time."""
    import psycopg

    from bench import catalogue_data
    from bench.postgres import libpq
    from data_access.db import make_engine
    from data_access.migrate import upgrade

    with psycopg.connect(libpq(ADMIN_URL), autocommit=True) as conn:
        mark = _comment(conn, TEMPLATE)
        if mark is not None and mark != DATA_MARK:
            conn.execute(f'DROP DATABASE "{TEMPLATE}" WITH (FORCE)')
            mark = None
        if mark is None:
            conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{TEMPLATE}"
    engine = make_engine(url, pool_size=1)
    try:
        if mark is None:
            say(f"generating the catalogue's data into {TEMPLATE} (once, about a minute)...")
            started = time.perf_counter()
            catalogue_data.build(engine)
            say(f"  built in {time.perf_counter() - started:.0f} s")
            with engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
            with psycopg.connect(libpq(ADMIN_URL), autocommit=True) as admin:
                admin.execute(f"COMMENT ON DATABASE \"{TEMPLATE}\" IS '{DATA_MARK}'")
        else:
            upgrade(engine)  # made by an older revision: the new schema
    finally:
        engine.dispose()
    return TEMPLATE


@contextlib.contextmanager
def copied_data() -> Iterator[str]:
    """Yield the URL of a throwaway copy of the kept data; drop it afterwards."""
    from bench.load_national_data import copy_database
    from bench.postgres import admin

    name, url = copy_database(ADMIN_URL, kept_template())
    say(f"database: {name}, a copy of {TEMPLATE}")
    try:
        yield url
    finally:
        admin(ADMIN_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------- the run
def run(
    verdicts: Verdicts,
    *,
    rounds: int = ROUNDS,
    seconds: float = SECONDS,
    connections: int = CONNECTIONS,
    database_url: str | None = None,
    app_wsgi: str | None = None,
    only: tuple[str, ...] = (),
    cold_rounds: int | None = None,
    settle_s: float = CHANGE_SETTLE_S,
    write_every_s: float = WRITE_EVERY_S,
    kinds: str = "both",
) -> None:
    """Serve the catalogue beside its baselines, time every page three ways, judge.

    `database_url`: data built by catalogue_data.build (default: a copy of the kept data);
    `app_wsgi`: another WSGI app to time in the app's place (a check of the harness);
    `only`: these pages' labels alone; `cold_rounds` (default: rounds, at least 3),
    `settle_s` and `write_every_s`: the smoke test's smaller numbers; `kinds`: the
    writer's changes, "both" (alternating), "scores" or "switches".
    """
    from bench import catalogue_data
    from data_access.db import make_engine

    with contextlib.ExitStack() as stack:
        url = database_url or stack.enter_context(copied_data())
        engine = make_engine(url, pool_size=1)
        try:
            dataset = catalogue_data.describe(engine)
        finally:
            engine.dispose()
        say(
            f"catalogue: {dataset.innovations:,} innovations in {len(dataset.editions)} "
            f"published editions, {dataset.photos} photos; {dataset.judging} in judging"
        )
        pages = [page for page in pages_for(dataset) if not only or page.label in only]
        env = {"DATABASE_URL": url}
        app, hand, bare = start_all(
            stack,
            [
                serve(env, app=app_wsgi, name="katalog"),
                serve(env, app="bench.catalogue_baseline:hand_written()", name="by-hand"),
                serve({}, app="bench.catalogue_baseline:bare_flask()", name="bare"),
            ],
        )
        bases = {APP: app.base, BY_HAND: hand.base, BARE: bare.base}
        say(f"pages checked (app and by hand, {len(app.workers)} workers each):")
        if not check_pages({APP: app.base, BY_HAND: hand.base}, pages, verdicts):
            return
        writer = Writer(url, dataset.judging, dataset.editions[-1], kinds)
        stack.callback(writer.close)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        script = folder / "latency.lua"
        script.write_text(LATENCY_LUA, encoding="utf-8")
        say(f"cold: the first request after a change, {settle_s:g} s after it")
        colds = cold(app.base, hand.base, pages, writer, cold_rounds or max(3, rounds), settle_s)
        say(f"warm: {rounds} interleaved rounds of {seconds:g} s, wrk -t1 -c{connections}")
        warm = timed_rounds(
            bases,
            pages,
            rounds=rounds,
            seconds=seconds,
            connections=connections,
            script=script,
            label="warm",
        )
        what = {"scores": "a score", "switches": "a publication switch"}.get(
            kinds, "a score, a publication switch"
        )
        say(f"with a change every {write_every_s:g} s ({what})")
        before = writer.count
        with writer.running(write_every_s):
            changing = timed_rounds(
                bases,
                pages,
                rounds=rounds,
                seconds=seconds,
                connections=connections,
                script=script,
                label="changing",
            )
        say(f"  {writer.count - before} changes made during those rounds")
        report(pages, colds, warm, changing, verdicts)


def report(pages, colds, warm, changing, verdicts: Verdicts) -> None:
    """Print every page's figures and judge its p95 with changes against TARGET_MS."""
    floor = changing.get(("list", BARE), Figures())
    say(f"\n  bare Flask (24 constant cards): warm {warm[('list', BARE)].text()}")
    say(f"  bare Flask with changes:        {floor.text()}")
    for page in pages:
        app_cold, hand_cold = colds[page.label]
        say(f"  {page.label} ({page.path})")
        say(
            f"    cold  app {median(app_cold):6.1f} ms ({min(app_cold):.1f}–{max(app_cold):.1f}),"
            f" {len(app_cold)} changes; by hand {median(hand_cold):.1f} ms"
        )
        for name in (APP, BY_HAND):
            say(f"    warm  {name:8} {warm[(page.label, name)].text()}")
        for name in (APP, BY_HAND):
            say(f"    +chg  {name:8} {changing[(page.label, name)].text()}")
        figures, hand = changing[(page.label, APP)], changing[(page.label, BY_HAND)]
        p95 = median(figures.p95)
        ratio_hand = p95 / max(median(hand.p95), 1e-9)
        ratio_bare = p95 / max(median(floor.p95), 1e-9) if floor.p95 else float("nan")
        verdicts.add(
            f"catalogue {page.label} ({page.path}) p95 with changes",
            f"{p95:.1f} ms ({min(figures.p95):.1f}–{max(figures.p95):.1f}); "
            f"{ratio_hand:.2f}x by hand, {ratio_bare:.2f}x bare Flask; warm "
            f"{median(warm[(page.label, APP)].p95):.1f} ms, cold {median(app_cold):.0f} ms; "
            f"{figures.bad} bad",
            f"<= {TARGET_MS:g} ms, 0 bad",
            p95 <= TARGET_MS and figures.bad == 0,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--write-every", type=float, default=WRITE_EVERY_S)
    parser.add_argument("--changes", choices=("both", "scores", "switches"), default="both")
    parser.add_argument("--quick", action="store_true", help="3 rounds of 1 s: the harness")
    args = parser.parse_args()
    verdicts = Verdicts()
    started = time.time()
    rounds, seconds = (3, 1.0) if args.quick else (args.rounds, args.seconds)
    run(
        verdicts,
        rounds=rounds,
        seconds=seconds,
        connections=args.connections,
        write_every_s=args.write_every,
        kinds=args.changes,
    )
    raise SystemExit(verdicts.finish(started))


if __name__ == "__main__":
    main()
