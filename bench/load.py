"""Load the production server with a hall's audience: does every viewer get answers in time?

Usage: python -m bench.load [--minutes 10] [--viewers 200] [--interval 5] [--sqlite]
       python -m bench.load --national [--minutes 10] ...   (make bench-load: at national
       scale through make serve's proxy, with phones on 3G; bench/load_national.py)

Without --national: a fresh database (by default a new PostgreSQL database on the loopback
server, dropped afterwards; --sqlite for a throwaway SQLite file) gets the demo edition, a
few viewer accounts and a display token. The Procfile's command (gunicorn -c gunicorn.conf.py
'app:create_app()'; WEB_CONCURRENCY, GUNICORN_THREADS, DB_POOL_SIZE... from this environment,
as in production) serves it on a free loopback port. Then, as a hall would
(bench/load_audience.py, the jury in bench/data_movers.py):

- each viewer logs in through the form (its own session cookie), loads `/?refresh=5`
  (the page, /_dash-layout, /_dash-dependencies and the callbacks Chromium fires on
  load) and ticks every interval (+-10%) as assets/kipp-live.js does: `GET /api/versi`,
  and only when that version differs from the one shown, the page's refresh callback,
  built from /_dash-dependencies as Dash's renderer sends it. A viewer ticks again once
  its previous tick answered (a slow server gets fewer requests; the report says how
  many of those due were sent);
- one ceremony screen polls /kiosk/api/state 500 ms after each answer, says which slide
  it shows, and asks the frame callback for new slides when the version moves (kiosk.js);
- a jury completes an open score sheet every --jury-every seconds and, once none is
  left, changes one score back and forth, so viewers get full refreshes too.

Viewers join over --ramp seconds (every login costs an argon2 check); the measured window
of --minutes starts once all of them have their page. Every 2 s the server's database
connections are counted (PostgreSQL: pg_stat_activity of the bench database; SQLite: the
workers' open handles on the file) against workers x (pool_size + max_overflow) of
data_access/db.py.
A line per minute, then the figures, then the VERDICT lines: zero errors (failed or
refused requests and "stale" answers over the whole run, warnings and errors in the
server's log, restarted workers), p95 of the viewers' ticks under half the interval
(version requests and refresh callbacks, each kind), connections within the pool. Exit status 0
when all three pass.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import requests

from bench.data_movers import Jury
from bench.load_audience import KIOSK_POLL_S, Audience, Kiosk, Viewer
from bench.load_report import report
from bench.load_watch import ConnectionCounter, pool_limit, watch_server
from bench.postgres import admin, create_database
from bench.progress import say
from bench.server import (
    PROJECT,
    demo_with_token_here,
    free_port,
    procfile_command,
    remove_folder,
    report_failure,
    server_env,
    start_server,
    stop_server,
)
from bench.server import worker_pids as children

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def add_viewers(database_url: str, count: int, password: str) -> list[str]:
    """Add `count` viewer accounts (argon2 hashing is slow: a few, shared by the viewers)."""
    from data_access.db import make_engine, transaction
    from data_access.users import add_user

    engine = make_engine(database_url, pool_size=1)
    names = [f"penonton-{n:02d}" for n in range(1, count + 1)]
    try:
        with transaction(engine) as session:
            for name in names:
                add_user(session, name, password, "viewer")
    finally:
        engine.dispose()
    return names


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--minutes", type=float, default=10, help="measured window (default 10)")
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument(
        "--interval", type=int, help="refresh seconds (default 5; --national: 10, the pages')"
    )
    parser.add_argument("--ramp", type=float, default=60, help="seconds for viewers to join")
    parser.add_argument("--accounts", type=int, default=10, help="viewer accounts they share")
    parser.add_argument("--jury-every", type=float, default=10, help="seconds between writes")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LOAD_POSTGRES_URL", DEFAULT_POSTGRES),
        help="the PostgreSQL server to make the bench database on ($LOAD_POSTGRES_URL)",
    )
    parser.add_argument("--report-every", type=float, default=60, help="seconds per line")
    parser.add_argument("--keep", action="store_true", help="keep the folder (server log)")
    national = parser.add_argument_group(
        "national scale (make bench-load)", "bench/load_national.py: its docstring says more"
    )
    national.add_argument(
        "--national",
        action="store_true",
        help="the 1M-row national edition through make serve's proxy, every live page, "
        "screens, the jury bench's jurors and phones on 3G",
    )
    national.add_argument("--size", default="1m", help="the kept national edition to copy")
    national.add_argument("--innovations", type=int, help="a fresh small edition instead (tests)")
    national.add_argument("--round", type=float, default=60, help="seconds per round")
    national.add_argument("--kiosks", type=int, default=20, help="ceremony screens")
    national.add_argument("--jurors", type=int, default=30)
    national.add_argument("--save-every", type=float, default=3, help="seconds between saves")
    national.add_argument("--pollers", type=int, default=20, help="tabs that poll, not stream")
    national.add_argument("--phones", type=int, default=40, help="tabs on phones")
    national.add_argument("--phone-kbit", type=float, default=400, help="a phone's 3G speed")
    national.add_argument("--phone-rtt-ms", type=float, default=300, help="its round trip")
    national.add_argument("--redis", action="store_true", help="the workers share one Redis")
    national.add_argument(
        "--no-proxy", action="store_true", help="gunicorn alone, without nginx (for contrast)"
    )
    args = parser.parse_args(argv)
    if args.interval is None:
        args.interval = 10 if args.national else 5
    if args.viewers < 1 or args.accounts < 1 or args.minutes <= 0 or args.interval < 2:
        parser.error("needs a viewer, an account, a window and an interval of at least 2 s")
    if args.national and (args.sqlite or min(args.kiosks, args.jurors) < 1):
        parser.error("--national runs on PostgreSQL, with a screen and a juror at least")
    if args.national and args.pollers + args.phones > args.viewers:
        parser.error("--pollers and --phones are among the --viewers")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load and print the figures and verdicts; exit 0 when every verdict passes."""
    args = parse_args(argv)
    if args.national:
        from bench import load_national

        return load_national.main(args)
    folder = Path(tempfile.mkdtemp(prefix="kipp-load-"))
    admin_url = name = None
    if args.sqlite:
        database_url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    else:
        admin_url = args.postgres_url
        try:
            name, database_url = create_database(admin_url)
        except Exception as exc:  # no server there, or no right to create a database
            shutil.rmtree(folder, ignore_errors=True)
            say(f"cannot create the bench database on {admin_url}: {exc}")
            return 2
    port = free_port()
    env = server_env(database_url, folder, port, "load")
    server = counter = None
    server_log = folder / "gunicorn.log"
    log_text = ""
    try:
        password = secrets.token_urlsafe(12)
        token_path = demo_with_token_here(database_url, "load")
        accounts = add_viewers(database_url, min(args.accounts, args.viewers), password)
        command = procfile_command(PROJECT)
        origin = f"http://127.0.0.1:{port}"
        server = start_server(command, PROJECT, env, server_log, origin)
        time.sleep(1)  # every worker has booted
        workers = children(server.pid)
        limit, limit_text = pool_limit(database_url, env, len(workers))
        counter = ConnectionCounter(database_url, admin_url, server.pid)
        say(f"database: {'SQLite' if args.sqlite else 'PostgreSQL'} {name or database_url}")
        say(f"server: {' '.join(command[1:])} on {origin}, {len(workers)} workers {workers}")
        deps = requests.get(f"{origin}/_dash-dependencies", timeout=30).json()
        audience = Audience(origin, args.interval, password, deps, args.viewers)
        started = time.monotonic()
        clients = [
            Kiosk(audience, token_path),
            jury := Jury(audience, database_url, args.jury_every),
            *(
                Viewer(
                    n, audience, accounts[n % len(accounts)], started + args.ramp * n / args.viewers
                )
                for n in range(args.viewers)
            ),
        ]
        for client in clients:
            client.start()
        say(
            f"{args.viewers} viewers join over {args.ramp:g} s and refresh every "
            f"{args.interval} s; a kiosk polls every {KIOSK_POLL_S * 1000:.0f} ms; the jury "
            f"writes every {args.jury_every:g} s"
        )
        watch, window = watch_server(server, counter, audience, args, started)
        audience.stop.set()
        for client in clients:
            client.join(timeout=60)
    except Exception as exc:
        report_failure("load run", exc, server_log)
        return 2
    finally:
        if counter is not None:
            counter.close()
        if server is not None:
            stop_server(server)
        if name is not None and admin_url is not None:
            admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if server_log.exists():
            log_text = server_log.read_text(errors="replace")
        remove_folder(folder, args.keep)
    return report(args, audience, jury, clients[0], watch, window, log_text, (limit, limit_text))


if __name__ == "__main__":
    sys.exit(main())
