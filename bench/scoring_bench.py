"""Time the CLI's `results` and `progress` against raw sqlite3 queries, side by side.

Usage: python -m bench.scoring_bench [--rounds N]

On the national edition at 1 million score rows (bench/datasets.py). Every round runs
each measurement once, interleaved, so machine noise hits all alike; the figures that
matter are the ratios of the medians. Two raw baselines, both on the same indexes:

- "same aggregate": the hand-written statement computing what the app computes
  (bench/refresh.py's SAME_AGGREGATE_SQL), so the ratio is the cost our code adds;
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
from bench.refresh import SHEETS_SQL, same_aggregate_sql
from data_access.cli.reports import format_progress, format_results
from data_access.db import make_engine, transaction
from data_access.reports import edition_report

TARGET = 1.5
NOW = datetime(2022, 12, 6, tzinfo=UTC)


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
