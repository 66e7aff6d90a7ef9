"""Soak the ceremony screen: does /kiosk keep flat memory while it runs for hours?

Usage: python -m bench.kiosk_soak [--minutes 30] [--poll-ms 1000] [--heap-snapshots DIR]

A throwaway SQLite database gets the demo edition and a display token; the production
server command of the Procfile (gunicorn -c gunicorn.conf.py 'app:create_app()', as `make run`
starts it) serves it on a free loopback port, and headless Chromium opens
/kiosk at 1920x1080 with slides of 3 seconds, so the page keeps changing. Meanwhile a
thread keeps the data moving, as a jury and a committee would:

- every 20 s a score changes (an open sheet is completed; once none is left, one score
  flips between two values), so the frame callback builds new slides;
- every 5 minutes (the first within the first half of the run) the remaining sheets are
  finished, the results approved, and the reveal walked splash -> Juara III -> II -> I
  -> all, then reset, so the award screens render too.

Every minute the page's JS heap is measured after a forced garbage collection (CDP
HeapProfiler.collectGarbage, Runtime.getHeapUsage, Performance.getMetrics), with the
DOM node and event listener counts, the requests the page made in that minute, and the
gunicorn workers' RSS. The last lines are the verdict: PLATEAU when the heap at the end
is within 10% of the median of minutes 5-10 and the second half's least-squares slope is
under 1% of that median per minute, else GROWING; and whether the requests per minute
stayed steady (the busiest minute at most 1.5x the median, i.e. no pile-up).
A short run (say --minutes 2, a smoke test) judges over what it has.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.data_movers import DataMover
from bench.kiosk_soak_page import soak_page
from bench.kiosk_soak_verdict import TABLE_HEADER, table_row, verdict
from bench.progress import say
from bench.server import (
    demo_with_token,
    free_port,
    procfile_command,
    remove_folder,
    report_failure,
    snapshot_source,
    start_server,
    stop_server,
    worker_pids,
)

SLIDES = "progress:3,participation:3,finalists:3,countdown:3"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the soak and print its samples and verdict; exit 0 on PLATEAU with steady requests."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.kiosk_soak", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--minutes", type=int, default=30, help="how long to sample (default 30)")
    parser.add_argument("--poll-ms", type=int, default=1000, help="KIOSK_POLL_MS (default 1000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--heap-snapshots", type=Path, metavar="DIR", help="write heap snapshots at 5 min and end"
    )
    parser.add_argument(
        "--rev", help="serve this git revision (default: a copy of the work tree as it is now)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.minutes < 1:
        parser.error("--minutes must be at least 1")
    if args.heap_snapshots is not None:
        args.heap_snapshots.mkdir(parents=True, exist_ok=True)

    folder = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    source = folder / "src"
    try:
        served = snapshot_source(source, args.rev)
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        parser.error(f"cannot copy the code to serve: {exc}")
    # This process's own data_access (the data mover's) comes from the same copy.
    sys.path.insert(0, str(source))
    from data_access.demo import DEMO_CODE

    database_url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_DIR": str(folder),
        "KIOSK_POLL_MS": str(args.poll_ms),
        # One fixed build id for every worker: nothing during the soak reloads the page.
        "KIPP_BUILD": os.environ.get("KIPP_BUILD") or f"kiosk-soak-{secrets.token_hex(4)}",
        "PYTHONPATH": str(source),
        "PYTHONUNBUFFERED": "1",
    }
    server: subprocess.Popen | None = None
    mover: DataMover | None = None
    server_log = folder / "gunicorn.log"
    try:
        token_path = demo_with_token(env, source, "soak")
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [
            *procfile_command(source),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ]
        say(f"serving {served} from {source}")
        say(f"database {database_url}; server: {' '.join(command[1:])}")
        server = start_server(command, source, env, server_log, base_url)
        say(
            f"gunicorn up (master {server.pid}, workers {worker_pids(server.pid)}); "
            f"KIOSK_POLL_MS={args.poll_ms}, slides {SLIDES}"
        )
        mover = DataMover(database_url, DEMO_CODE, duration_s=args.minutes * 60)
        samples, watch = soak_page(
            f"{base_url}{token_path}&slides={SLIDES}",
            args.minutes,
            server.pid,
            on_loaded=mover.start,
            snapshots=args.heap_snapshots,
        )
    except Exception as exc:
        report_failure("soak", exc, server_log)
        return 2
    finally:
        if mover is not None:
            mover.stop.set()
            if mover.is_alive():
                mover.join(timeout=30)
        if server is not None:
            stop_server(server)
        remove_folder(folder, args.keep)

    result = verdict(samples)
    print(flush=True)
    print(
        f"kiosk soak: {args.minutes} min, poll {args.poll_ms} ms, slides {SLIDES}, "
        f"{args.workers} workers x {args.threads} threads",
    )
    print(
        f"data: {mover.sheets} sheets completed, {mover.flips} score flips, "
        f"{mover.reveals} reveals walked, {mover.errors} errors; page: {watch.loads} load(s), "
        f"{watch.failed} failed requests, {len(watch.errors)} page errors"
    )
    for error in watch.errors[:5]:
        print(f"  page error: {error}")
    print(TABLE_HEADER)
    for sample in samples:
        print(table_row(sample))
    print()
    for line in result.lines():
        print(line)
    sys.stdout.flush()
    return 0 if result.plateau and result.steady else 1


if __name__ == "__main__":
    sys.exit(main())
