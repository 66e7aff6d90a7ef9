"""Refresh cost, growth and memory: the live pages right after a score changes, against raw SQL.

Usage: python -m bench.refresh [--rounds 5] [--sizes 10k,100k,1m] [--postgres/--no-postgres]

For each dataset (bench/datasets.py: SQLite at 10 thousand, 100 thousand and 1 million
score rows, and PostgreSQL at 1 million) the production command serves the app on a
loopback port, an admin logs in, and every round, for each of the progress ("/"),
participation ("/partisipasi") and ranking ("/peringkat") pages:

1. one score row changes (the data version moves: every cache misses),
2. the page's refresh callback is posted as the browser posts it, and timed;

and, in the same round, the baseline: the raw driver (sqlite3 or psycopg, no
SQLAlchemy, no app) runs the hand-written statement computing the same aggregate on the
same tables and indexes (SAME_AGGREGATE_SQL: every sheet summed from the score rows,
classified, then grouped per innovation and per juror), also right after a score changed.
The figures are ratios of medians. Growth: each page's ratio at every size (it must not
grow with the data faster than the raw query). Memory: the workers' peak resident memory
(VmHWM) once every round at 1 million rows has run. The largest callback answer (as sent,
compressed) is kept for the page-weight verdicts.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import statistics
from dataclasses import dataclass, field
from typing import Any

import requests

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

TARGET = 1.5
MEMORY_TARGET_MB = 300
GROWTH_SLACK = 1.10  # a page's ratio may wobble this much between sizes (noise)
PAGES = {
    "progress": ("progress", "progress-content.children"),
    "participation": ("participation", "participation-content.children"),
    "ranking": ("ranking", "ranking-content.children"),
}

SHEETS_SQL = """
SELECT s.stage_id, s.juror_id, s.innovation_id, COUNT(*) AS n,
       SUM(c.weight_centi * s.score_centi) AS ws, MAX(s.scored_at) AS last
FROM scores s JOIN criteria c ON c.id = s.criterion_id
WHERE s.stage_id IN (SELECT id FROM stages WHERE edition_id =
                     (SELECT id FROM editions WHERE code = {code}))
GROUP BY s.stage_id, s.juror_id, s.innovation_id
"""

# Written by hand, independently of data_access/totals.py: a sheet counts when its
# innovation passed, and its stage lists no assignments or lists this one unabstained.
# (The stages that list assignments are joined once, not asked per sheet with NOT EXISTS:
# PostgreSQL ran that subquery for every sheet, 12 s instead of 0.4 s.)
SAME_AGGREGATE_SQL = """
WITH sheets AS ({sheets}),
rules AS (SELECT stage_id, COUNT(*) AS k, SUM(weight_centi) AS w FROM criteria GROUP BY stage_id),
explicit AS (SELECT DISTINCT stage_id FROM assignments),
counted AS (
  SELECT sh.stage_id, sh.juror_id, sh.innovation_id, sh.last, j.jury_group AS grp,
         CASE WHEN sh.n >= r.k THEN (2 * sh.ws + r.w) / (2 * r.w) END AS score
  FROM sheets sh
  JOIN rules r ON r.stage_id = sh.stage_id
  JOIN innovations i ON i.id = sh.innovation_id AND i.admin_status = 'lolos'
  JOIN jurors j ON j.id = sh.juror_id
  LEFT JOIN explicit e ON e.stage_id = sh.stage_id
  LEFT JOIN assignments a ON a.stage_id = sh.stage_id AND a.juror_id = sh.juror_id
                         AND a.innovation_id = sh.innovation_id
  WHERE e.stage_id IS NULL OR (a.id IS NOT NULL AND a.abstain IS FALSE)
)
SELECT stage_id, innovation_id, grp, SUM(score), COUNT(score), MAX(last)
FROM counted GROUP BY stage_id, innovation_id, grp
UNION ALL
SELECT stage_id, juror_id, NULL, COUNT(score), COUNT(*) - COUNT(score), MAX(last)
FROM counted GROUP BY stage_id, juror_id
"""


def same_aggregate_sql(placeholder: str) -> str:
    """Return the baseline statement with the driver's placeholder for the edition code."""
    return SAME_AGGREGATE_SQL.format(sheets=SHEETS_SQL.format(code=placeholder))


class RawDatabase:
    """The baseline's own connection (no SQLAlchemy), and the score change before each run."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite:///")
        self.conn: Any  # sqlite3's or psycopg's: both execute(statement, values)
        if self.sqlite:
            self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            self.sql = same_aggregate_sql(":code")
        else:
            import psycopg

            from bench.postgres import libpq

            self.conn = psycopg.connect(libpq(url), autocommit=True)
            self.sql = same_aggregate_sql("%(code)s")
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

    def aggregate(self) -> None:
        self.conn.execute(self.sql, {"code": CODE}).fetchall()

    def close(self) -> None:
        self.conn.close()


@dataclass
class SizeResult:
    """One dataset's medians (seconds) and sizes."""

    label: str
    rows: int
    raw: float
    pages: dict[str, float]
    answer_bytes: dict[str, int] = field(default_factory=dict)
    peak_mb: list[float] = field(default_factory=list)

    def ratio(self, page: str) -> float:
        return self.pages[page] / self.raw


def _page_bodies(http: requests.Session, base: str) -> dict[str, tuple[dict, dict]]:
    """Return, per page, its refresh callback's dependency entry and base values."""
    dependencies = http.get(f"{base}/_dash-dependencies", timeout=60).json()
    found = {}
    for page, (prefix, output) in PAGES.items():
        entry = find_callback(dependencies, output)
        values = {(f"{prefix}-url", "search"): f"?edition={CODE}"}
        found[page] = (entry, values)
    return found


def _refresh(http, base: str, entry: dict, values: dict, prefix: str) -> requests.Response:
    """Post a page's first refresh (nothing shown yet: the whole content), as a browser does."""
    body = callback_body(entry, values, [f"{prefix}-url.search"])
    answer = http.post(f"{base}/_dash-update-component", json=body, timeout=120)
    answer.raise_for_status()
    if f"{prefix}-content" not in answer.text:
        raise RuntimeError(f"{prefix}: the refresh brought no content: {answer.text[:300]}")
    return answer


def measure(url: str, label: str, rounds: int) -> SizeResult:
    """Serve the dataset and time every page's refresh after a score change, with the raw SQL."""
    from bench.datasets import score_rows

    add_accounts(url)
    raw = RawDatabase(url)
    rows = score_rows(url)
    say(f"refresh cost on {label} ({rows:,} score rows), {rounds} rounds")
    times: dict[str, list[float]] = {name: [] for name in ("raw", *PAGES)}
    sizes: dict[str, int] = {}
    try:
        # Refresh interval 30 s: the web engine's statement limit is the interval.
        with serve({"DATABASE_URL": url, "REFRESH_INTERVAL_S": "30"}, name="refresh") as server:
            http = login(server.base, ADMIN)
            http.headers["Accept-Encoding"] = "br, gzip"
            bodies = _page_bodies(http, server.base)
            for page, (entry, values) in bodies.items():  # warm: imports, first queries
                raw.change_a_score()
                _refresh(http, server.base, entry, values, PAGES[page][0])
            raw.aggregate()
            for _ in range(rounds):
                raw.change_a_score()
                times["raw"].append(timed(raw.aggregate))
                for page, (entry, values) in bodies.items():
                    raw.change_a_score()
                    prefix = PAGES[page][0]
                    answer = None

                    def run(entry=entry, values=values, prefix=prefix):
                        nonlocal answer
                        answer = _refresh(http, server.base, entry, values, prefix)

                    times[page].append(timed(run))
                    if answer is None:  # timed() calls run, which sets it or raises
                        raise RuntimeError(f"no answer from the {page} refresh")
                    wire = answer.raw.headers.get("Content-Length")
                    sizes[page] = int(wire) if wire else len(answer.content)
            peaks = [peak_rss_mb(pid) for pid in server.workers]
    finally:
        raw.close()
    result = SizeResult(
        label,
        rows,
        median(times["raw"]),
        {p: median(times[p]) for p in PAGES},
        sizes,
        peaks,
    )
    say(f"  raw same aggregate {result.raw * 1000:8.1f} ms   1.00x")
    for page in PAGES:
        say(
            f"  {page:<18} {result.pages[page] * 1000:8.1f} ms  {result.ratio(page):5.2f}x"
            f"   (answer {sizes.get(page, 0) / 1000:.1f} KB as sent;"
            f" spread {_spread(times[page]):.0%})"
        )
    say(f"  workers' peak memory: {', '.join(f'{mb:.0f} MB' for mb in peaks)}")
    return result


def _spread(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    return statistics.pstdev(values) / statistics.mean(values)


def judge(results: list[SizeResult], verdicts: Verdicts) -> None:
    """Add the refresh, growth and memory verdicts for these results (the last is 1m)."""
    for result in results:
        if result.rows < 900_000:
            continue
        for page in PAGES:
            ratio = result.ratio(page)
            verdicts.add(
                f"refresh cost, {page}, {result.label}",
                f"{ratio:.2f}x the raw same aggregate ({result.pages[page] * 1000:.0f} ms"
                f" against {result.raw * 1000:.0f} ms)",
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
                f"ratio to the raw query by size: {steps}",
                "no faster growth than the raw query (ratio not rising)",
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
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    verdicts = Verdicts()
    results = run(args.sizes.split(","), args.postgres, args.rounds, verdicts)
    print(json.dumps({r.label: r.answer_bytes for r in results}))
    raise SystemExit(0 if verdicts.passed else 1)


if __name__ == "__main__":
    main()
