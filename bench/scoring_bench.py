"""Time the CLI's `results` and `progress` against raw sqlite3 queries, side by side.

Usage: python -m bench.scoring_bench [--rounds N]

On the national edition at 1 million score rows (bench/datasets.py). Every round runs
each measurement once, interleaved, so machine noise hits all alike; the figures that
matter are the ratios of the medians. Two raw baselines, both on the same indexes:

- "same aggregate": the hand-written statement computing what the app computes from the
  score rows (SAME_AGGREGATE_SQL below; the app reads score_sheets' per-sheet totals
  instead, so this baseline is slower than an equal one: see bench/refresh_baselines.py);
- "sheet scan": the bare GROUP BY that sums each sheet from the score rows, shown for
  scale.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from datetime import UTC, datetime

from bench.datasets import sqlite_dataset
from bench.national import CODE
from data_access.cli.reports import format_progress, format_results
from data_access.db import make_engine, transaction
from data_access.reports import edition_report

TARGET = 1.5
NOW = datetime(2022, 12, 6, tzinfo=UTC)

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


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure(rounds: int) -> dict[str, float]:
    """Return the medians (seconds) of the raw baselines and the two commands."""
    url = sqlite_dataset("1m")
    engine = make_engine(url)
    raw = sqlite3.connect(url.removeprefix("sqlite:///"))
    sheets_sql = SHEETS_SQL.format(code=":code")
    same_sql = same_aggregate_sql(":code")

    def run_results() -> None:
        with transaction(engine) as session:
            format_results(edition_report(session, CODE, now=NOW).ranking, "csv")

    def run_progress() -> None:
        with transaction(engine) as session:
            format_progress(edition_report(session, CODE, now=NOW).progress)

    runs = {
        "sheet scan": lambda: raw.execute(sheets_sql, {"code": CODE}).fetchall(),
        "same aggregate": lambda: raw.execute(same_sql, {"code": CODE}).fetchall(),
        "results": run_results,
        "progress": run_progress,
    }
    try:
        for fn in runs.values():  # warm the page cache once
            fn()
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, fn in runs.items():
                times[name].append(_timed(fn))
    finally:
        raw.close()
        engine.dispose()
    return {name: statistics.median(values) for name, values in times.items()}


def verdict(rounds: int = 7) -> tuple[str, str, str, bool]:
    """Return the CLI's verdict as (name, figure, target, ok) for bench/__main__.py."""
    med = measure(rounds)
    base = med["same aggregate"]
    ratios = {name: med[name] / base for name in ("results", "progress")}
    figure = ", ".join(
        f"{name} {med[name] * 1000:.0f} ms = {ratio:.2f}x" for name, ratio in ratios.items()
    )
    figure += f" (raw same aggregate {base * 1000:.0f} ms)"
    return (
        "CLI results/progress vs the raw same aggregate, SQLite 1m",
        figure,
        f"<= {TARGET}x",
        all(r <= TARGET for r in ratios.values()),
    )


def main() -> None:
    """Print timings, ratios and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    name, figure, target, ok = verdict(args.rounds)
    print(f"VERDICT {name}: {figure} (target {target}) -> {'PASS' if ok else 'MISS'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
