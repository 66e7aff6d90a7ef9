"""`make bench-load`: a final at national scale, through `make serve`'s proxy, with phones on 3G.

Usage: python -m bench.load --national [--minutes 10] [--round 60] [--viewers 200]
       [--phones 40] [--pollers 20] [--kiosks 20] [--jurors 30] [--save-every 3]

A throwaway copy of the 1M-row national edition on PostgreSQL (bench/load_national_data.py)
is served as `make serve` serves (`python -m deploy.serve`: nginx in front of the
production gunicorn on a unix socket; --no-proxy: gunicorn alone, for contrast), with the
production settings. Then, all at once:

- `--viewers` tabs over the live pages in turn (`/` and `/partisipasi` as viewers,
  `/peringkat` as the committee), each logged in with its own session: most hold the news
  stream and refresh when it says the version moved, `--pollers` of them poll instead,
  and `--phones` of them are phones (bench/load_live.py);
- `--kiosks` ceremony screens polling /kiosk/api/state every 500 ms and fetching frames
  as kiosk.js does (bench/load_audience.Kiosk);
- the jury of the jury bench: `--jurors` jurors, each saving its sheet every `--save-every`
  seconds through the sheet API as kipp-sheet.js does (bench/jury_clients.Juror, in a
  process of its own), from the moment every tab has its page.

The tabs run in processes of their own, the screens in this one. Rounds of `--round`
seconds fill the `--minutes` window, the phones at full speed and on 3G in turn (ABBA:
full, 3G, 3G, full, ...; a steady drift favours neither); the same tabs, screens and
jurors run throughout, so the only difference between the rounds is the phones' link.
Each round's first few seconds are not counted (the other pace's requests still in
flight). The report sets every figure of the rounds with phones on 3G beside the rounds
at full speed; the screens' state polls must not be slower with the phones on 3G.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.harness import Verdicts, say
from bench.jury import VERSION_CHECK_S, JuryProcess
from bench.jury_report import Round
from bench.load_audience import JITTER, KIOSK_POLL_S, Audience, Kiosk
from bench.load_live import Crowd, LiveViewer, Role, roles
from bench.load_national_data import NationalDataset, national_database
from bench.load_national_report import FAST, SLOW, report, round_line
from bench.load_national_server import Served, serve, stop
from bench.load_phone import PhoneLink
from bench.load_watch import (
    JOIN_LIMIT_S,
    ConnectionCounter,
    cpu_by_pid,
    cpu_seconds,
    machine_ticks,
    pool_limit,
)
from bench.national import CODE
from bench.postgres import Autovacuum, admin
from bench.server import (
    free_port,
    remove_folder,
    report_failure,
    server_env,
)

FORK = multiprocessing.get_context("fork")
CLIENT_PROCESSES = 3  # the tabs' processes: one process's threads take turns on its interpreter
REDIS_URL = "redis://127.0.0.1:6379/13"  # --redis: this bench's own Redis database, emptied
SETTLE_S = 10.0  # a round's first seconds are not counted (a 3G answer still coming in)
SAMPLE_EVERY_S = 2.0
STOP_WAIT_S = 40.0  # how long the clients get to finish their requests at the end


# ---------------------------------------------------------------- the tabs' processes
class TabProcess:
    """Some of the tabs, as threads of a forked process; their records come back at the end."""

    def __init__(self, numbered: list[tuple[int, Role, float]], make_crowd) -> None:
        self.stop = FORK.Event()
        self._receive, send = FORK.Pipe(duplex=False)
        self.process = FORK.Process(
            target=self._main, args=(numbered, make_crowd, send), name="tabs", daemon=True
        )

    def start(self) -> None:
        self.process.start()

    def _main(self, numbered, make_crowd, send) -> None:
        crowd: Crowd = make_crowd(len(numbered))
        tabs = [LiveViewer(n, crowd, role, start_at) for n, role, start_at in numbered]
        for tab in tabs:
            tab.start()
        self.stop.wait()
        crowd.audience.stop.set()
        for tab in tabs:
            if tab.feed is not None:
                tab.feed.close()
        join_all(tabs, STOP_WAIT_S)  # a tab still waiting for an answer is left to it
        recorder = crowd.audience.recorder
        screens = [(tab.role.polls, tab.screen) for tab in tabs if not tab.role.phone]
        records = recorder.between(-math.inf, math.inf)
        send.send((records, list(recorder.notes), screens, crowd.refused, crowd.renewed))
        send.close()

    def collect(self):
        """Stop the tabs; return their records, notes, screens and stream counts."""
        self.stop.set()
        if not self._receive.poll(STOP_WAIT_S + 60):
            self.process.kill()
            return [], ["a tabs' process sent nothing back"], [], 0, 0
        found = self._receive.recv()
        self.process.join(timeout=30)
        return found


def join_all(threads, seconds: float) -> None:
    """Wait for the threads to end, `seconds` in all at most."""
    deadline = time.monotonic() + seconds
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))


@dataclass
class Run:
    """The clients of one run and what they share."""

    audience: Audience  # the screens' (this process): the server, the payloads, the stop
    kiosks: list[Kiosk]
    tabs: list[TabProcess]
    jury: JuryProcess
    link: PhoneLink
    joined: object  # multiprocessing Value
    viewers: int
    started: float
    screens: list = field(default_factory=list)  # (polls, Screen) of every desk tab
    jurors: list = field(default_factory=list)
    refused: int = 0
    renewed: int = 0
    lost: int = 0  # client processes whose records never came back (each an error)

    def clients_cpu(self) -> float:
        """Return the CPU seconds the bench's clients used so far (all its processes)."""
        pids = [self.jury.process.pid, *(t.process.pid for t in self.tabs)]
        return time.process_time() + cpu_seconds(pids)

    def collect(self) -> None:
        """Stop every client; take the other processes' records into this run's recorder."""
        self.audience.stop.set()
        self.jury.stop.set()
        for tabs in self.tabs:  # all at once: each process's tabs finish side by side
            tabs.stop.set()
        join_all(self.kiosks, STOP_WAIT_S)
        recorder = self.audience.recorder
        for tabs in self.tabs:
            records, notes, screens, refused, renewed = tabs.collect()
            recorder.records.extend(records)
            recorder.notes.extend(notes)
            self.screens.extend(screens)
            self.refused += refused
            self.renewed += renewed
        try:
            records, notes, self.jurors = self.jury.collect()
        except RuntimeError as exc:  # the jurors' process sent nothing back: counted
            records, notes = [], [f"jury: {exc}"]
        recorder.records = sorted([*recorder.records, *records], key=lambda r: r.start)
        recorder.notes.extend(notes)
        self.lost = sum(note.endswith("sent nothing back") for note in recorder.notes)


def make_run(args, origin: str, dataset: NationalDataset, database_url: str, password: str) -> Run:
    """Build the clients (the jurors' and tabs' processes forked before any thread starts)."""
    deps = requests.get(f"{origin}/_dash-dependencies", timeout=60).json()
    link = PhoneLink(FORK.Event(), kbit=args.phone_kbit, rtt_s=args.phone_rtt_ms / 1000)
    joined = FORK.Value("i", 0)
    search = f"?edition={CODE}&refresh={args.interval}"
    jury = JuryProcess(args, origin, deps, dataset.jury, database_url, password)

    def make_crowd(count: int) -> Crowd:
        audience = Audience(origin, args.interval, password, deps, count)
        return Crowd(audience, link, deps, joined, search, reopen_s=args.round)

    started = time.monotonic()
    spread = roles(args.viewers, args.pollers, args.phones, dataset.jury.viewers, dataset.committee)
    numbered = [(n, role, started + args.ramp * n / args.viewers) for n, role in enumerate(spread)]
    tabs = [TabProcess(numbered[k::CLIENT_PROCESSES], make_crowd) for k in range(CLIENT_PROCESSES)]
    audience = Audience(origin, args.interval, password, deps, args.viewers)
    kiosks = [Kiosk(audience, path) for path in dataset.jury.kiosk_paths]
    return Run(audience, kiosks, tabs, jury, link, joined, args.viewers, started)


# ---------------------------------------------------------------- the rounds
def phases(count: int) -> list[str]:
    """Return the rounds' phases in ABBA order: full speed, 3G, 3G, full speed, ..."""
    return [(FAST, SLOW, SLOW, FAST)[n % 4] for n in range(count)]


def play_rounds(run: Run, args, served: Served, counter: ConnectionCounter, watch: dict):
    """Wait for every tab, start the jury, play the rounds; return them."""
    deadline = run.started + args.ramp + JOIN_LIMIT_S
    while run.joined.value < run.viewers and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.2)
    say(f"{run.joined.value} of {run.viewers} tabs in after {time.monotonic() - run.started:.0f} s")  # type: ignore[attr-defined]
    run.jury.writing.set()
    window = args.minutes * 60
    length = min(args.round, window / 2)
    count = max(2, round(window / length))
    settle = min(SETTLE_S, length / 4)
    rounds: list[Round] = []
    for number, phase in enumerate(phases(count), 1):
        if phase == SLOW:
            run.link.slow.set()
        else:
            run.link.slow.clear()
        start = time.monotonic()
        database = cpu_by_pid(counter.backends())
        machine = machine_ticks()
        cpu, nginx, own = (
            cpu_seconds(served.workers()),
            cpu_seconds(served.proxies()),
            run.clients_cpu(),
        )
        while time.monotonic() < start + length:
            watch["connections"].append(counter.count())
            current = set(served.workers())
            watch["restarts"] += len(current - watch["workers"])
            watch["workers"] |= current
            time.sleep(min(SAMPLE_EVERY_S, max(0.05, start + length - time.monotonic())))
        end = time.monotonic()
        span = end - start
        measured = Round(
            phase,
            start + settle,
            end,
            (cpu_seconds(served.workers()) - cpu) / span,
            (run.clients_cpu() - own) / span,
        )
        watch["nginx"].append((phase, (cpu_seconds(served.proxies()) - nginx) / span))
        # The backends there all round long (the pools keep theirs): what PostgreSQL did.
        ended = cpu_by_pid(database)
        used = sum(ended[pid] - database[pid] for pid in ended)
        watch["database"].append((phase, used / span))
        busy, total = machine_ticks()
        share = (busy - machine[0]) / max(1, total - machine[1]) * (os.cpu_count() or 1)
        watch["machine"].append((phase, share))  # in cores, as the other CPU figures
        rounds.append(measured)
        # Only the screens' records are here yet; the tabs' and jurors' come at the end.
        say(round_line(run.audience.recorder.records, measured, number, screens_only=True))
    run.link.slow.clear()
    run.jury.writing.clear()
    # The last saves reach every screen: the pollers tick once more, the version is read.
    time.sleep(args.interval * (1 + JITTER) + VERSION_CHECK_S + 0.5)
    return rounds


# ---------------------------------------------------------------- the run
def main(args) -> int:
    """Run the national load; print the table and the VERDICT lines; 0 when all pass."""
    verdicts = Verdicts()
    if not run(args, verdicts):
        return 2
    say("ALL TARGETS MET" if verdicts.passed else "SOME TARGETS MISSED")
    return 0 if verdicts.passed else 1


def run(args, verdicts: Verdicts) -> bool:
    """Copy, serve, load, report; add the verdicts; return False when the run itself failed."""
    folder = Path(tempfile.mkdtemp(prefix="kipp-load-national-"))
    admin_url = args.postgres_url
    password = secrets.token_urlsafe(12)
    try:
        made = time.monotonic()
        name, database_url, dataset = national_database(admin_url, args, password)
    except Exception as exc:  # no server there, or no right to create a database
        shutil.rmtree(folder, ignore_errors=True)
        say(f"cannot make the bench database on {admin_url}: {type(exc).__name__}: {exc}")
        return False
    open_sheets = sum(len(j.open_sheets) for j in dataset.jury.jurors)
    say(
        f"database: PostgreSQL {name}, {dataset.jury.score_rows:,} score rows; {args.jurors} "
        f"jurors with {open_sheets:,} open sheets ({time.monotonic() - made:.0f} s)"
    )
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    env = server_env(database_url, folder, port, "load")
    env.pop("CACHE_REDIS_URL", None)
    if args.redis:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        env["CACHE_REDIS_URL"] = REDIS_URL
    served = the_run = vacuum = counter = None
    rounds: list[Round] = []
    watch: dict = {
        "connections": [],
        "nginx": [],
        "database": [],
        "machine": [],
        "workers": set(),
        "restarts": 0,
    }
    logs = ("", "")
    try:
        vacuum = Autovacuum(database_url)
        vacuum.start()
        served = serve(env, folder, origin, proxy=not args.no_proxy)
        workers = served.workers()
        watch["workers"] = set(workers)
        limit = pool_limit(database_url, env, len(workers))
        counter = ConnectionCounter(database_url, admin_url, served.master)
        topology = (
            "gunicorn alone (--no-proxy)" if args.no_proxy else "make serve: nginx -> gunicorn"
        )
        say(f"server: {topology} on {origin}, {len(workers)} workers {workers}")
        the_run = make_run(args, origin, dataset, database_url, password)
        the_run.jury.start()
        for tabs in the_run.tabs:
            tabs.start()
        for kiosk in the_run.kiosks:
            kiosk.start()
        say(
            f"{args.viewers} tabs join over {args.ramp:g} s ({args.pollers} polling every "
            f"{args.interval} s, {args.phones} phones, the rest on news streams); "
            f"{args.kiosks} screens poll every {KIOSK_POLL_S * 1000:.0f} ms; {args.jurors} "
            f"jurors save every {args.save_every:g} s; rounds of {args.round:g} s, the phones "
            f"at full speed and at {args.phone_kbit:g} kbit/s, {args.phone_rtt_ms:g} ms in turn"
        )
        rounds = play_rounds(the_run, args, served, counter, watch)
        the_run.collect()
    except Exception as exc:
        report_failure("national load run", exc, served.log if served else folder / "none")
        return False
    finally:
        if the_run is not None:
            the_run.audience.stop.set()
            the_run.jury.stop.set()
            for tabs in the_run.tabs:
                tabs.stop.set()
        if counter is not None:
            counter.close()
        if vacuum is not None:
            vacuum.close()
            say(vacuum.line())
        if served is not None:
            stop(served)
            nginx = served.nginx_log
            logs = (
                served.log.read_text(errors="replace") if served.log.exists() else "",
                nginx.read_text(errors="replace") if nginx and nginx.exists() else "",
            )
        admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        remove_folder(folder, args.keep)
    report(args, the_run, rounds, watch, logs, limit, verdicts)
    return True
