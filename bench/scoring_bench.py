"""Time `results` and `progress` against raw sqlite3 queries, side by side, at national scale.

Usage: python -m bench.scoring_bench [--rounds N] [--fresh]

The national edition (5,000 innovations, 40 jurors, about 1 million score rows) is
generated once into bench/data/national.sqlite3 (git-ignored). Every round runs each
measurement once, interleaved, so machine noise hits all alike; the figures that
matter are the ratios of the medians. Two raw baselines, both on the same indexes:

- "same aggregate": a hand-written sqlite3 statement computing what the app computes
  (per innovation: sum and count of counted complete sheets; per juror: complete,
  partial, latest score), so the ratio is the cost our code adds over the database;
- "sheet scan": the bare GROUP BY that sums each sheet, the least any implementation
  must do; shown for scale.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.national import CODE, generate
from data_access.cli import format_progress, format_results
from data_access.db import make_engine, transaction
from data_access.reports import edition_report

DATA = Path(__file__).resolve().parent / "data" / "national.sqlite3"
TARGET = 1.5
NOW = datetime(2022, 12, 6, tzinfo=UTC)

SHEETS_SQL = """
SELECT s.stage_id, s.juror_id, s.innovation_id, COUNT(*) AS n,
       SUM(c.weight_centi * s.score_centi) AS ws, MAX(s.scored_at) AS last
FROM scores s JOIN criteria c ON c.id = s.criterion_id
WHERE s.stage_id IN (SELECT id FROM stages WHERE edition_id =
                     (SELECT id FROM editions WHERE code = :code))
GROUP BY s.stage_id, s.juror_id, s.innovation_id
"""

# Written by hand, independently of data_access/totals.py: a sheet counts when its
# innovation passed, and its stage lists no assignments or lists this one unabstained.
SAME_AGGREGATE_SQL = f"""
WITH sheets AS ({SHEETS_SQL}),
rules AS (SELECT stage_id, COUNT(*) AS k, SUM(weight_centi) AS w FROM criteria GROUP BY stage_id),
counted AS (
  SELECT sh.stage_id, sh.juror_id, sh.innovation_id, sh.last, j.jury_group AS grp,
         CASE WHEN sh.n >= r.k THEN (2 * sh.ws + r.w) / (2 * r.w) END AS score
  FROM sheets sh
  JOIN rules r ON r.stage_id = sh.stage_id
  JOIN innovations i ON i.id = sh.innovation_id AND i.admin_status = 'lolos'
  JOIN jurors j ON j.id = sh.juror_id
  LEFT JOIN assignments a ON a.stage_id = sh.stage_id AND a.juror_id = sh.juror_id
                         AND a.innovation_id = sh.innovation_id
  WHERE (a.id IS NULL AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.stage_id = sh.stage_id))
     OR (a.id IS NOT NULL AND a.abstain = 0)
)
SELECT stage_id, innovation_id, grp, SUM(score), COUNT(score), MAX(last)
FROM counted GROUP BY stage_id, innovation_id, grp
UNION ALL
SELECT stage_id, juror_id, NULL, COUNT(score), COUNT(*) - COUNT(score), MAX(last)
FROM counted GROUP BY stage_id, juror_id
"""


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _has_edition(path: Path) -> bool:
    try:
        with sqlite3.connect(path) as conn:
            found = conn.execute("SELECT 1 FROM editions WHERE code = ?", (CODE,)).fetchone()
            return found is not None
    except sqlite3.Error:
        return False


def main() -> None:
    """Generate the national edition if needed, then print timings, ratios and verdicts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="regenerate the edition")
    args = parser.parse_args()
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATA}{suffix}").unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{DATA}")
    if not _has_edition(DATA):
        DATA.parent.mkdir(parents=True, exist_ok=True)
        print("generating the national edition (once, about 20 s)...", flush=True)
        generate(engine, fill=0.7)
    raw = sqlite3.connect(DATA)
    score_rows = raw.execute("SELECT COUNT(*) FROM scores").fetchone()[0]
    sheets = raw.execute(f"SELECT COUNT(*) FROM ({SHEETS_SQL})", {"code": CODE}).fetchone()[0]

    def run_sheet_scan() -> None:
        raw.execute(SHEETS_SQL, {"code": CODE}).fetchall()

    def run_same_aggregate() -> None:
        raw.execute(SAME_AGGREGATE_SQL, {"code": CODE}).fetchall()

    def run_results() -> None:
        with transaction(engine) as session:
            format_results(edition_report(session, CODE, now=NOW).ranking, "csv")

    def run_progress() -> None:
        with transaction(engine) as session:
            format_progress(edition_report(session, CODE, now=NOW).progress)

    runs = {
        "sheet scan": run_sheet_scan,
        "same aggregate": run_same_aggregate,
        "results": run_results,
        "progress": run_progress,
    }
    for fn in runs.values():  # warm the page cache once
        fn()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, fn in runs.items():
            times[name].append(_timed(fn))
    med = {name: statistics.median(values) for name, values in times.items()}
    base = med["same aggregate"]
    print(
        f"score rows {score_rows:,}, sheets {sheets:,}; {args.rounds} interleaved rounds; medians"
    )
    print(f"{'raw: same aggregate':<24}{base * 1000:8.1f} ms   1.00x   (baseline)")
    scan = med["sheet scan"]
    print(f"{'raw: sheet scan':<24}{scan * 1000:8.1f} ms  {scan / base:5.2f}x")
    verdicts = []
    for name in ("results", "progress"):
        ratio = med[name] / base
        verdicts.append(ratio <= TARGET)
        print(
            f"{name:<24}{med[name] * 1000:8.1f} ms  {ratio:5.2f}x   "
            f"(target <= {TARGET}x the same aggregate: {'PASS' if ratio <= TARGET else 'MISS'}; "
            f"{med[name] / scan:.2f}x the sheet scan)"
        )
    print("verdict:", "PASS" if all(verdicts) else "MISS")


if __name__ == "__main__":
    main()
