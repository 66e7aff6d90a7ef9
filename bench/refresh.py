"""Refresh cost, growth and memory: each live page right after a score changes, against its
fastest hand-written equal.

Usage: python -m bench.refresh [--rounds 9] [--sizes 10k,100k,1m] [--postgres/--no-postgres]

For each dataset (bench/datasets.py: SQLite at 10 thousand, 100 thousand and 1 million
score rows, and PostgreSQL at 1 million) the production command serves the app on a
loopback port and an admin logs in. First the bench checks that every page's baseline
(bench/refresh_baselines.py: the raw driver, sqlite3 or psycopg, no SQLAlchemy, no app,
hand-written SQL over the same tables and indexes the app reads, score_sheets included)
gives exactly the numbers the app's data layer gives for that page (bench/refresh_numbers.py),
so that no baseline can drift from what its page shows. Beside the app, the same command
serves the baselines (bench/refresh_served.py). Then, in interleaved rounds, for each of
the progress ("/"), participation ("/partisipasi") and ranking ("/peringkat") pages, each
contender after a score change of its own (the data version moves: every cache misses):

1. the app: the page's refresh callback posted as the browser posts it once its tick heard
   of the new version (the production memos), timed from the request to the last byte as
   sent, then decoded and checked to be drawn at that version;
2. served by hand: the page's numbers from its hand-written SQL, asked of the served
   baseline with the same session and timed the same way (the verdict's baseline);
3. the numbers alone: the same hand-written SQL run in this process, given to nobody
   (printed for the record);

the order turning from round to round. The figures are ratios of the medians, each
printed with its spread (min-max). Growth: each page's ratio at every size (it must not
grow with the data). Memory: the workers' peak resident memory (VmHWM) once every round
at 1 million rows has run. The largest callback answer (as sent, compressed) is kept for
the page-weight verdicts.

Before issue 16 the baseline was one "raw same aggregate" grouping the 1 million raw score
rows; the app reads the 129 thousand per-sheet totals of score_sheets instead, so that
baseline measured a cost the app no longer pays, and it is gone from here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from bench import refresh_baselines
from bench.dash_payloads import callback_body, find_callback
from bench.harness import (
    ADMIN,
    Verdicts,
    add_accounts,
    login,
    median,
    peak_rss_mb,
    say,
    serve,
    timed,
)
from bench.national import CODE
from bench.refresh_numbers import APP, differences
from bench.refresh_served import BASELINES
from dashboard.data import CATCH_UP_S

TARGET = 1.5
MEMORY_TARGET_MB = 300
GROWTH_SLACK = 1.10  # a page's ratio may wobble this much between sizes (noise)
PAGES = {
    "progress": ("progress", "progress-content.children"),
    "participation": ("participation", "participation-content.children"),
    "ranking": ("ranking", "ranking-content.children"),
}
SERVED = "bench.refresh_served:served_numbers()"


class RawDatabase:
    """The baselines' own connection (no SQLAlchemy), and the score change before each run."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite:///")
        self.conn: Any  # sqlite3's or psycopg's: both execute(statement, values)
        if self.sqlite:
            self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        else:
            import psycopg

            from bench.postgres import libpq

            self.conn = psycopg.connect(libpq(url), autocommit=True)
        self.raw = refresh_baselines.Raw(self.conn, self.sqlite)
        (self.score_id,) = self.execute(
            "SELECT min(s.id) FROM scores s JOIN stages st ON st.id = s.stage_id"
            " JOIN editions e ON e.id = st.edition_id WHERE e.code = %s",
            (CODE,),
        ).fetchone()
        self.flip = 0

    def execute(self, statement: str, values: tuple[object, ...]) -> Any:
        """Run a statement written with psycopg's %s placeholders (sqlite3 takes ? instead)."""
        if self.sqlite:
            statement = statement.replace("%s", "?")
        return self.conn.execute(statement, values)

    def change_a_score(self) -> None:
        """Move one score by a hundredth and back on the next call: the data version moves."""
        self.flip = 1 - self.flip
        delta = 1 if self.flip else -1
        self.execute(
            "UPDATE scores SET score_centi = score_centi + %s WHERE id = %s",
            (delta, self.score_id),
        )

    def version(self) -> int:
        """Return the data version as committed now."""
        return int(
            self.execute("SELECT version FROM data_version WHERE id = %s", (1,)).fetchone()[0]
        )

    def numbers(self, page: str) -> object:
        """Compute a page's numbers the hand-written way (bench/refresh_baselines.py)."""
        return BASELINES[page](self.raw, CODE)

    def close(self) -> None:
        self.conn.close()


def check_baselines(url: str, raw: RawDatabase) -> dict[str, list[str]]:
    """Return, per page, where its baseline's numbers differ from the app's data layer's."""
    from data_access.db import make_engine, transaction

    engine = make_engine(url, pool_size=1)
    try:
        found = {}
        for page in PAGES:
            with transaction(engine) as session:
                app = APP[page](session, CODE)
            found[page] = differences(app, raw.numbers(page))
        return found
    finally:
        engine.dispose()


@dataclass
class SizeResult:
    """One dataset's timings (seconds) per page and baseline, and sizes."""

    label: str
    rows: int
    baselines: dict[str, list[float]]  # the numbers alone, computed in this process
    pages: dict[str, list[float]]
    served: dict[str, list[float]] = field(default_factory=dict)  # the numbers over HTTP
    answer_bytes: dict[str, int] = field(default_factory=dict)
    served_bytes: dict[str, int] = field(default_factory=dict)
    peak_mb: list[float] = field(default_factory=list)
    mismatches: dict[str, list[str]] | None = None  # per page; None: not checked

    def ratio(self, page: str) -> float:
        """The page's refresh against its numbers served the fastest honest way."""
        return median(self.pages[page]) / median(self.served[page])

    def ratio_alone(self, page: str) -> float:
        """The page's refresh against its numbers computed in process, given to nobody."""
        return median(self.pages[page]) / median(self.baselines[page])


def _page_bodies(http: requests.Session, base: str) -> dict[str, dict]:
    """Return, per page, its first refresh's body (nothing shown yet), as a browser posts it."""
    dependencies = http.get(f"{base}/_dash-dependencies", timeout=60).json()
    found = {}
    for page, (prefix, output) in PAGES.items():
        entry = find_callback(dependencies, output)
        values = {(f"{prefix}-url", "search"): f"?edition={CODE}"}
        found[page] = callback_body(entry, values, [f"{prefix}-url.search"])
    return found


def told_of(body: dict, version: int) -> dict:
    """Return a refresh's body as the browser posts it once its tick heard of `version`.

    The tick sets the page's trigger (its first input) to {"version", "at"}; the server
    takes that version (data.catch_up) even when its one-second memo is older.
    """
    trigger = body["inputs"][0]
    told = {**trigger, "value": {"version": version, "at": 0}}
    return {
        **body,
        "inputs": [told, *body["inputs"][1:]],
        "changedPropIds": [f"{trigger['id']}.{trigger['property']}"],
        "parsedChangedPropsIds": [f"{trigger['id']}.{trigger['property']}"],
    }


def _post(http: requests.Session, url: str, **kwargs) -> tuple[requests.Response, bytes]:
    """Post and read the answer's bytes as sent: what the server and the wire cost.

    Decoding and parsing them is the client's work, done after the timing (_decoded).
    """
    with http.post(url, timeout=120, stream=True, **kwargs) as answer:  # its connection back
        wire = answer.raw.read(decode_content=False)
    answer.raise_for_status()
    return answer, wire


def _decoded(answer: requests.Response, wire: bytes) -> Any:
    encoding = answer.headers.get("Content-Encoding")
    if encoding == "br":
        import brotli

        wire = brotli.decompress(wire)
    elif encoding == "gzip":
        import gzip

        wire = gzip.decompress(wire)
    return json.loads(wire)


def _check_refresh(answer: requests.Response, wire: bytes, prefix: str, version: int) -> None:
    """Check that a refresh brought the whole content, drawn at the version it was told of
    (not an older answer: that would time a lookup, not a refresh)."""
    found = _decoded(answer, wire)["response"]
    if f"{prefix}-content" not in found:
        raise RuntimeError(f"{prefix}: the refresh brought no content: {wire[:300]!r}")
    drawn = found[f"{prefix}-shown"]["data"]["version"]
    if drawn != version:
        raise RuntimeError(f"{prefix}: the refresh was drawn at {drawn}, not at {version}")


def _spread(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f}"


def measure(url: str, label: str, rounds: int) -> SizeResult:
    """Check the baselines, serve the dataset and time every page and its baselines, interleaved."""
    from bench.datasets import score_rows

    add_accounts(url)
    raw = RawDatabase(url)
    rows = score_rows(url)
    say(f"refresh cost on {label} ({rows:,} score rows), {rounds} interleaved rounds")
    result = SizeResult(
        label,
        rows,
        baselines={p: [] for p in PAGES},
        pages={p: [] for p in PAGES},
        served={p: [] for p in PAGES},
    )
    try:
        result.mismatches = check_baselines(url, raw)
        for page, found in result.mismatches.items():
            say(f"  {page}: baseline " + ("MISMATCH: " + "; ".join(found) if found else "equal"))
        # Refresh interval 30 s: the web engine's statement limit is the interval. The
        # version memo and the session memo as deployed (VERSION_CACHE_MS 1000): each refresh
        # is told of the new version as the browser's tick tells it, and draws that version.
        env = {"DATABASE_URL": url, "REFRESH_INTERVAL_S": "30"}
        with (
            serve(env, name="refresh") as server,
            serve(env, app=SERVED, name="refresh-served") as served,
        ):
            http = login(server.base, ADMIN)  # its cookie reaches both (same host and key)
            http.headers["Accept-Encoding"] = "br, gzip"
            bodies = _page_bodies(http, server.base)
            update = f"{server.base}/_dash-update-component"

            # Each contender prepares a run (the score change first, not timed), then is timed
            # from the request to the last byte as sent, then checked (decoded) untimed.
            def app(page: str) -> tuple[Callable[[], object], Callable[[Any], None]]:
                raw.change_a_score()
                version = raw.version()
                # A worker takes a version it is told of at most once per CATCH_UP_S (a
                # forged number costs no more): a browser's ticks are seconds apart.
                time.sleep(CATCH_UP_S * 1.2)
                body = told_of(bodies[page], version)

                def check(sent: tuple[requests.Response, bytes]) -> None:
                    _check_refresh(*sent, PAGES[page][0], version)
                    result.answer_bytes[page] = len(sent[1])

                return (lambda: _post(http, update, json=body)), check

            def by_hand(page: str) -> tuple[Callable[[], object], Callable[[Any], None]]:
                raw.change_a_score()
                target = f"{served.base}/numbers/{page}?edition={CODE}"

                def check(sent: tuple[requests.Response, bytes]) -> None:
                    _decoded(*sent)
                    result.served_bytes[page] = len(sent[1])

                return (lambda: _post(http, target)), check

            def alone(page: str) -> tuple[Callable[[], object], Callable[[Any], None]]:
                raw.change_a_score()
                return (lambda: raw.numbers(page)), (lambda _numbers: None)

            contenders = [(result.pages, app), (result.served, by_hand), (result.baselines, alone)]
            for page in PAGES:  # warm: imports, first queries, each thread's connection
                for _times, prepare in contenders:
                    for _ in range(2):
                        run, check = prepare(page)
                        check(run())
            for round_ in range(rounds):
                for page in PAGES:
                    turn = round_ % len(contenders)
                    for times, prepare in contenders[turn:] + contenders[:turn]:
                        run, check = prepare(page)
                        out: list[object] = []
                        times[page].append(timed(lambda run=run, out=out: out.append(run())))
                        check(out[0])
            result.peak_mb = [peak_rss_mb(pid) for pid in server.workers]
    finally:
        raw.close()
    for page in PAGES:
        took, by_hand_, base = result.pages[page], result.served[page], result.baselines[page]
        say(
            f"  {page:<14} page {median(took) * 1000:6.0f} ms ({_spread(took)})"
            f"  served by hand {median(by_hand_) * 1000:6.0f} ms ({_spread(by_hand_)})"
            f" {result.ratio(page):5.2f}x"
            f"  numbers alone {median(base) * 1000:6.0f} ms ({_spread(base)})"
            f" {result.ratio_alone(page):5.2f}x"
            f"   (answers {result.answer_bytes.get(page, 0) / 1000:.1f} KB and"
            f" {result.served_bytes.get(page, 0) / 1000:.1f} KB as sent)"
        )
    say(f"  workers' peak memory: {', '.join(f'{mb:.0f} MB' for mb in result.peak_mb)}")
    return result


def judge(results: list[SizeResult], verdicts: Verdicts) -> None:
    """Add the baselines', refresh, growth and memory verdicts (1m sizes for cost and memory)."""
    for result in results:
        checked = result.mismatches is not None
        wrong = [page for page, found in (result.mismatches or {}).items() if found]
        verdicts.add(
            f"refresh baselines, {result.label}",
            "not checked"
            if not checked
            else f"different numbers on {', '.join(wrong)}"
            if wrong
            else "the same numbers as the app's data layer on every page",
            "equal",
            checked and not wrong,
        )
        if result.rows < 900_000:
            continue
        for page in PAGES:
            ratio = result.ratio(page)
            took, by_hand = result.pages[page], result.served[page]
            base = result.baselines[page]
            verdicts.add(
                f"refresh cost, {page}, {result.label}",
                f"{ratio:.2f}x its hand-written baseline served the same way"
                f" ({median(took) * 1000:.0f} ms, {_spread(took)}, against"
                f" {median(by_hand) * 1000:.0f} ms, {_spread(by_hand)}; {len(took)} rounds;"
                f" {result.ratio_alone(page):.2f}x its numbers alone in process,"
                f" {median(base) * 1000:.0f} ms)",
                f"<= {TARGET}x",
                ratio <= TARGET,
            )
        top = max(result.peak_mb)
        verdicts.add(
            f"memory, {result.label}",
            f"peak RSS per worker {top:.0f} MB",
            f"<= {MEMORY_TARGET_MB} MB",
            top <= MEMORY_TARGET_MB,
        )
    growth = [r for r in results if r.label.startswith("SQLite")]
    if len(growth) >= 2:
        growth.sort(key=lambda r: r.rows)
        for page in PAGES:
            ratios = [r.ratio(page) for r in growth]
            steps = " -> ".join(f"{r.label.split()[-1]} {r.ratio(page):.2f}x" for r in growth)
            grows = all(b <= a * GROWTH_SLACK for a, b in itertools.pairwise(ratios))
            verdicts.add(
                f"growth, {page}",
                f"ratio to its baseline by size: {steps}",
                "no faster growth than the baseline (ratio not rising)",
                grows,
            )


def run(sizes: list[str], postgres: bool, rounds: int, verdicts: Verdicts) -> list[SizeResult]:
    """Measure every size (and PostgreSQL at 1m) and add the verdicts."""
    from bench.datasets import postgres_dataset, sqlite_dataset

    results = [measure(sqlite_dataset(size), f"SQLite {size}", rounds) for size in sizes]
    if postgres:
        results.append(measure(postgres_dataset("1m"), "PostgreSQL 1m", rounds))
    judge(results, verdicts)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    verdicts = Verdicts()
    results = run([s for s in args.sizes.split(",") if s], args.postgres, args.rounds, verdicts)
    print(json.dumps({r.label: r.answer_bytes for r in results}))
    raise SystemExit(0 if verdicts.passed else 1)


if __name__ == "__main__":
    main()
