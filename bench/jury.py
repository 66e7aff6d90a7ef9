"""A jury at work during a final: do saves stay fast, whole and visible while a hall watches?

Usage: python -m bench.jury [--duration 600] [--round 60] [--jurors 30] [--viewers 200]
       [--kiosks 20] [--interval 5] [--save-every 3]

A fresh PostgreSQL database on the loopback server (dropped afterwards) gets an edition
whose proposal window is open, `--jurors` juri accounts with dozens of open sheets each
(bench/jury_dataset.py) and a display token per screen; the Procfile's command serves it.
Then, on one server and with one audience (bench/jury_clients.py, bench/load_audience.py):

- `--viewers` viewers on `/`, each logged in, ticking `GET /api/versi` every interval and
  posting the page's refresh callback when the version moved, as a browser does;
- `--kiosks` ceremony screens polling /kiosk/api/state every 500 ms and asking for a frame
  when the version moved, as kiosk.js does;
- `--jurors` jurors, each saving its sheet every `--save-every` seconds (one criterion
  typed, the revision of the previous answer), changing one value, submitting the sheet
  and moving to the next.

Rounds of `--round` seconds alternate without and with the jurors writing (the first
without), until the jurors have written for `--duration` seconds; the same viewers and
screens run throughout, so each figure is read with jurors beside without, round by
round (median of the rounds' p95 and their spread). A round's first interval + 1 s (half
of a shorter round) is not counted: the previous round's news is still reaching screens.

Then the database is read: every acknowledged save must be in the score rows and sheet
states (its last answer per sheet) and in score_history (0 lost saves); and for every
save and every viewer, the time from the save's answer until that viewer's screen
showed its data version (read from the database right after the answer) or a later one.
The table prints each figure with jurors, without, their ratio, the target and the
verdict; the VERDICT lines follow. Exit status 0 when all pass.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import requests

from bench.harness import Verdicts, say
from bench.jury_clients import SAVE, Juror, ScreenViewer, VersionReader
from bench.jury_dataset import build, read_back
from bench.jury_report import WITH, WITHOUT, Round, report
from bench.load_audience import JITTER, Audience, Kiosk
from bench.load_report import percentiles
from bench.load_requests import CHANGED, KIOSK_STATE, UNCHANGED, VERSION
from bench.load_watch import JOIN_LIMIT_S, cpu_seconds
from bench.postgres import Autovacuum, admin, create_database, libpq
from bench.server import (
    PROJECT,
    free_port,
    procfile_command,
    remove_folder,
    report_failure,
    server_env,
    start_server,
    stop_server,
    worker_pids,
)

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"
VERSION_CHECK_S = 1.0  # dashboard/poll.py reads the version at most once a second


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.jury", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--duration", type=float, default=600, help="seconds of jury writing")
    parser.add_argument("--round", type=float, default=60, help="seconds per round")
    parser.add_argument("--jurors", type=int, default=30)
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--interval", type=int, default=5, help="viewers' refresh seconds")
    parser.add_argument("--save-every", type=float, default=3, help="seconds between saves")
    parser.add_argument("--ramp", type=float, default=60, help="seconds for viewers to join")
    parser.add_argument("--innovations", type=int, default=150, help="of the bench edition")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LOAD_POSTGRES_URL", DEFAULT_POSTGRES),
        help="the PostgreSQL server to make the bench database on ($LOAD_POSTGRES_URL)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the folder (server log)")
    args = parser.parse_args(argv)
    if min(args.jurors, args.viewers, args.kiosks) < 1 or args.duration <= 0:
        parser.error("needs a juror, a viewer, a screen and a duration")
    if args.interval < 2 or args.round < 2:
        parser.error("needs an interval and rounds of at least 2 s")
    return args


@dataclass
class JurorResult:
    """What the report reads of a juror that ran in the jury's own process."""

    account: object
    acks: list
    expected: dict
    sheets_done: int
    ran_out: bool


class Run:
    """The clients of one run and what they share.

    The viewers and screens are threads of this process; the jurors run in a process of
    their own (`JuryProcess`), as a juror's laptop is not the hall's: threads of one
    Python process take turns on its interpreter, and with 200 viewers' refreshes being
    decoded beside them a save's time would include waiting for its own process.
    """

    def __init__(self, args, origin: str, dataset, database_url: str, password: str) -> None:
        deps = requests.get(f"{origin}/_dash-dependencies", timeout=30).json()
        self.audience = Audience(origin, args.interval, password, deps, args.viewers)
        self.versions = VersionReader(libpq(database_url))
        started = time.monotonic()
        self.viewers = [
            ScreenViewer(
                n,
                self.audience,
                dataset.viewers[n % len(dataset.viewers)],
                started + args.ramp * n / args.viewers,
            )
            for n in range(args.viewers)
        ]
        self.kiosks = [Kiosk(self.audience, path) for path in dataset.kiosk_paths]
        # Forked before any thread of this process starts.
        self.jury = JuryProcess(args, origin, deps, dataset, database_url, password)
        self.jurors: list[JurorResult] = []
        self.started = started

    @property
    def clients(self):
        return [*self.kiosks, *self.viewers]

    def collect_jury(self) -> None:
        """Stop the jurors and take their records and acknowledgements into this run."""
        records, notes, self.jurors = self.jury.collect()
        recorder = self.audience.recorder
        recorder.records = sorted([*recorder.records, *records], key=lambda r: r.start)
        recorder.notes.extend(notes)


class JuryProcess:
    """The jurors, as threads of a child process; `writing` and `stop` cross to it."""

    def __init__(self, args, origin, deps, dataset, database_url: str, password: str) -> None:
        context = multiprocessing.get_context("fork")
        self.writing = context.Event()
        self.stop = context.Event()
        self._receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=self._main,
            args=(args, origin, deps, dataset, database_url, password, send),
            name="jury",
            daemon=True,
        )

    def start(self) -> None:
        self.process.start()

    def _main(self, args, origin, deps, dataset, database_url, password, send) -> None:
        audience = Audience(origin, args.interval, password, deps, args.viewers)
        versions = VersionReader(libpq(database_url))
        jurors = [
            Juror(
                n,
                audience,
                account,
                dataset.criteria,
                self.writing,
                versions,
                args.save_every,
            )
            for n, account in enumerate(dataset.jurors)
        ]
        for juror in jurors:
            juror.start()
        self.stop.wait()
        audience.stop.set()
        for juror in jurors:
            juror.join(timeout=60)
        versions.close()
        results = [
            JurorResult(j.account, j.acks, j.expected, j.sheets_done, j.ran_out) for j in jurors
        ]
        send.send((audience.recorder.records, audience.recorder.notes, results))
        send.close()

    def collect(self):
        """Stop the jurors; return their records, notes and results."""
        self.stop.set()
        if not self._receive.poll(120):
            self.process.kill()
            raise RuntimeError("the jury's process sent nothing back")
        found = self._receive.recv()
        self.process.join(timeout=30)
        return found


def play_rounds(run: Run, args, master: int) -> list[Round]:
    """Wait for the viewers, then alternate rounds without and with jurors; return them."""
    audience = run.audience
    deadline = run.started + args.ramp + JOIN_LIMIT_S
    while not audience.all_in.wait(1) and time.monotonic() < deadline:
        pass
    say(
        f"{audience.joined} of {args.viewers} viewers in after "
        f"{time.monotonic() - run.started:.0f} s"
    )
    settle = min(args.interval + 1, args.round / 2)  # a short run keeps half its round
    rounds: list[Round] = []
    written = 0.0
    while written < args.duration - 1e-6:
        for phase in (WITHOUT, WITH):
            length = args.round if phase == WITHOUT else min(args.round, args.duration - written)
            if phase == WITH:
                run.jury.writing.set()
                written += length
            else:
                run.jury.writing.clear()
            start = time.monotonic()
            cpu, own = cpu_seconds(worker_pids(master)), clients_cpu(run)
            time.sleep(length)
            end = time.monotonic()
            share = (cpu_seconds(worker_pids(master)) - cpu) / (end - start)
            clients = (clients_cpu(run) - own) / (end - start)
            rounds.append(Round(phase, min(start + settle, end), end, share, clients))
            # The jurors' records come back at the end: their figures are printed then.
            say(f"round {len(rounds):2d} {phase:15s}: server CPU {100 * share:.0f}% of one core")
    run.jury.writing.clear()
    # The last saves reach every screen: each viewer ticks once more, the version is read.
    time.sleep(args.interval * (1 + JITTER) + VERSION_CHECK_S + 0.5)
    return rounds


def clients_cpu(run: Run) -> float:
    """Return the CPU seconds the bench's clients used so far (this process and the jury's)."""
    return time.process_time() + cpu_seconds([run.jury.process.pid])


def round_line(run: Run, r: Round, number: int) -> str:
    """Return a round's line: saves, viewer ticks, kiosk polls, errors, the server's CPU."""
    records = run.audience.recorder.between(r.start, r.end)

    def figure(*kinds: str) -> str:
        values = [x.seconds for x in records if x.kind in kinds and x.error is None]
        return f"{len(values):,} p95 {percentiles(values)[1]:.3f} s"

    errors = sum(x.error is not None for x in records)
    return (
        f"round {number:2d} {r.phase:15s}: saves {figure(SAVE)}; ticks {figure(VERSION)}; "
        f"refreshes {figure(CHANGED, UNCHANGED)}; kiosk {figure(KIOSK_STATE)}; "
        f"{errors} errors; server CPU {100 * r.cpu:.0f}% of one core, "
        f"the bench's clients {100 * r.clients_cpu:.0f}%"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench standalone: the table, the VERDICT lines; exit 0 when all pass."""
    args = parse_args(argv)
    verdicts = Verdicts()
    if not run(args, verdicts):
        return 2
    say("ALL TARGETS MET" if verdicts.passed else "SOME TARGETS MISSED")
    return 0 if verdicts.passed else 1


def run(args: argparse.Namespace, verdicts: Verdicts) -> bool:
    """Serve, load and verify; add the verdicts; return False when the run itself failed."""
    folder = Path(tempfile.mkdtemp(prefix="kipp-jury-"))
    admin_url = args.postgres_url
    try:
        name, database_url = create_database(admin_url)
    except Exception as exc:  # no server there, or no right to create a database
        shutil.rmtree(folder, ignore_errors=True)
        say(f"cannot create the bench database on {admin_url}: {exc}")
        return False
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    env = server_env(database_url, folder, port, "jury")
    server = the_run = vacuum = None
    log = folder / "gunicorn.log"
    try:
        password = secrets.token_urlsafe(12)
        made = time.monotonic()
        dataset = build(
            database_url,
            jurors=args.jurors,
            innovations=args.innovations,
            kiosks=args.kiosks,
            viewers=args.viewers,
            password=password,
        )
        open_sheets = sum(len(j.open_sheets) for j in dataset.jurors)
        say(
            f"database: PostgreSQL {name}: {args.jurors} jurors with {open_sheets:,} open "
            f"sheets, {dataset.score_rows:,} score rows imported ({time.monotonic() - made:.0f} s)"
        )
        vacuum = Autovacuum(database_url)
        vacuum.start()
        server = start_server(procfile_command(PROJECT), PROJECT, env, log, origin)
        time.sleep(1)  # every worker has booted
        say(f"server: {origin}, {len(worker_pids(server.pid))} workers")
        the_run = Run(args, origin, dataset, database_url, password)
        the_run.jury.start()
        for client in the_run.clients:
            client.start()
        say(
            f"{args.viewers} viewers join over {args.ramp:g} s, refresh every {args.interval} s; "
            f"{args.kiosks} screens poll; {args.jurors} jurors save every {args.save_every:g} s "
            f"in rounds of {args.round:g} s, {args.duration:g} s in all"
        )
        rounds = play_rounds(the_run, args, server.pid)
        the_run.audience.stop.set()
        for client in the_run.clients:
            client.join(timeout=60)
        the_run.collect_jury()  # once this process's clients no longer record
        for number, measured in enumerate(rounds, 1):  # now with the jury's own records
            say(round_line(the_run, measured, number))
        stored = read_back(database_url)
    except Exception as exc:
        report_failure("jury run", exc, log)
        return False
    finally:
        if the_run is not None:
            the_run.audience.stop.set()
            the_run.jury.stop.set()
            the_run.versions.close()
        if vacuum is not None:
            vacuum.close()
            say(vacuum.line())
        if server is not None:
            stop_server(server)
        admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log_text = log.read_text(errors="replace") if log.exists() else ""
        remove_folder(folder, args.keep)
    report(args, the_run, rounds, stored, log_text, verdicts)
    return True


if __name__ == "__main__":
    sys.exit(main())
