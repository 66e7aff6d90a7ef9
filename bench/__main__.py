"""`make bench`: every national-scale figure of issue 7 in one run, with targets and verdicts.

Usage: python -m bench [--quick]

1. datasets (bench/datasets.py): the national edition at 10 thousand, 100 thousand and
   1 million score rows in SQLite, and at 1 million in PostgreSQL (generated once, kept);
2. poll cost (bench/poll.py): a tick without news against raw WSGI, bare Flask and a
   Flask view with the same session check, same gunicorn, in 9 interleaved rounds; the
   workers' CPU per check with 200 idle viewers;
3. refresh cost, growth and memory (bench/refresh.py): the three live pages right after
   a score changes, each against its hand-written baseline giving the same numbers
   (checked equal first) served by the same command with the same session check (and,
   for the record, the numbers alone in process), in 9 interleaved rounds, at every size
   and on PostgreSQL;
4. fan-out (bench/fanout.py): 200 viewers, computations per data version, with each
   worker's cache and with Redis; then (bench/render_once.py) the server's CPU per data
   change with 200 and with 20 viewers on each live page, both caches, beside the
   aggregate's own cost, and the version check's p95 meanwhile; and (bench/news.py) the
   wait from a committed save to the new figures for 200 news-stream viewers and 3
   Chromium pages, and what an idle viewer costs; and (bench/reveal.py) the kiosk's reveal
   path on a copy of the PostgreSQL edition: from "next" pressed on /kendali to the new
   step in a Chromium kiosk's DOM, quiet and with a score changing every second;
5. page weight (bench/page_weight.py): the first load of `/` and `/kiosk` in Chromium,
   and the largest callback answer at 1 million rows (from step 3);
6. the CLI's `results` and `progress` against the raw aggregate (bench/scoring_bench.py);
7. the jury at work (bench/jury.py): 30 jurors saving every 3 s for 10 minutes on
   PostgreSQL among 200 viewers and 20 ceremony screens, in rounds beside the same
   audience without jurors: saves' p95, errors, lost saves, save to screen;
8. the public catalogue (bench/catalogue.py): its pages at 5,000 innovations on
   PostgreSQL beside the same pages by hand and a bare Flask page, cold, warm and with a
   data change every 2 s: each page's p95 against 50 ms.

Every step prints its figures; each target gets a line "VERDICT name: figure (target
...) -> PASS|MISS", and they are printed together at the end. Exit status 0 when all pass.
--quick runs fewer rounds, 10k/1m only, 1 minute of jury and 3 catalogue rounds of 1 s (a
check of the harness, not the figures).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time

from bench import (
    catalogue,
    fanout,
    jury,
    news,
    poll,
    refresh,
    render_once,
    reveal,
    scoring_bench,
)
from bench.datasets import postgres_dataset, sqlite_dataset
from bench.harness import PROJECT, Verdicts, say

CALLBACK_TARGET_KB = 300  # the largest refresh answer a page may send at national scale


def page_weight(verdicts: Verdicts) -> None:
    """Run bench/page_weight.py and take over its verdict lines."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.page_weight"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    for line in done.stdout.splitlines():
        found = re.match(r"VERDICT (.+?): (PASS|FAIL) \((.*)\)$", line)
        if found:
            name, word, detail = found.groups()
            figure, _, target = detail.partition(" <= ")
            verdicts.add(f"page weight, {name}", figure, f"<= {target}", word == "PASS")
        else:
            say(f"  {line}")
    printed = any(line.startswith("VERDICT") for line in done.stdout.splitlines())
    if done.returncode not in (0, 1) or not printed:
        failure = f"bench/page_weight.py failed: {done.stderr[-500:]}"
        verdicts.add("page weight", failure, "it runs", False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    started = time.time()
    verdicts = Verdicts()
    sizes = ["10k", "1m"] if args.quick else ["10k", "100k", "1m"]
    rounds = 3 if args.quick else 9

    say("== 1. datasets")
    for size in sizes:
        sqlite_dataset(size)
    postgres_dataset("1m")

    say("== 2. poll cost")
    if args.quick:
        poll.run(sqlite_dataset("1m"), verdicts, rounds=3, idle_seconds=15)
    else:
        poll.run(sqlite_dataset("1m"), verdicts)

    say("== 3. refresh cost, growth, memory")
    results = refresh.run(sizes, True, rounds, verdicts)

    say("== 4. fan-out")
    fanout.run(sqlite_dataset("1m"), verdicts, changes=2 if args.quick else 3)
    say("== 4b. render once, serve bytes")
    render_once.run(
        sqlite_dataset("1m"),
        verdicts,
        viewers=200,
        few=20,
        changes=3 if args.quick else 9,
        pages=render_once.PAGES[:1] if args.quick else render_once.PAGES,
    )

    say("== 4c. news in about a second")
    news.run(
        sqlite_dataset("1m"),
        verdicts,
        viewers=200,
        browsers_count=3,
        changes=3 if args.quick else 9,
    )

    say("== 4d. the kiosk's reveal path, from 'next' to the TV")
    with reveal.national_copy(use_sqlite=False) as url:
        reveal.run(
            url, verdicts, rounds=5 if args.quick else 9, writer_rounds=3 if args.quick else 9
        )

    say("== 5. page weight")
    page_weight(verdicts)
    for result in results:
        if result.rows >= 900_000 and result.answer_bytes:
            page, sent = max(result.answer_bytes.items(), key=lambda item: item[1])
            verdicts.add(
                f"largest callback answer, {result.label}",
                f"{sent / 1000:.1f} KB as sent ({page})",
                f"<= {CALLBACK_TARGET_KB} KB",
                sent <= CALLBACK_TARGET_KB * 1000,
            )

    say("== 6. the CLI against the raw aggregate")
    verdicts.add(*scoring_bench.verdict(rounds=3 if args.quick else 7))

    say("== 7. the jury at work, beside the same audience without jurors")
    quick = ["--duration=60", "--round=30"] if args.quick else []
    if not jury.run(jury.parse_args(quick), verdicts):
        verdicts.add("jury", "the run failed (see above)", "it runs", False)

    say("== 8. the public catalogue at 5,000 innovations, beside its baselines")
    catalogue.run(verdicts, rounds=3 if args.quick else 9, seconds=1 if args.quick else 2)

    raise SystemExit(verdicts.finish(started))


if __name__ == "__main__":
    main()
