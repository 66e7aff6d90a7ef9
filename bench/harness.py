"""What the `make bench` sections share: the production server, logins, wrk, verdict lines.

Every figure is a ratio of runs made side by side on this machine (it is noisy): each
section alternates the measured thing and its baseline in rounds and compares medians.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import select

from bench.server import free_port, procfile_command, stop_server, wait_until_up, worker_pids

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "bench" / "data"
PASSWORD = "bench-rahasia-2026"
ADMIN = "bench-panitia"
VIEWER = "bench-tamu"


# ---------------------------------------------------------------- verdict lines
@dataclass
class Verdicts:
    """The run's verdict lines, printed as they come and again at the end."""

    lines: list[tuple[bool, str]] = field(default_factory=list)

    def add(self, name: str, figure: str, target: str, ok: bool) -> None:
        line = f"{name}: {figure} (target {target}) -> {'PASS' if ok else 'MISS'}"
        self.lines.append((ok, line))
        print(f"VERDICT {line}", flush=True)

    @property
    def passed(self) -> bool:
        return bool(self.lines) and all(ok for ok, _ in self.lines)

    def finish(self, started: float) -> int:
        """Print every verdict again under the run's minutes (`started`: its time.time()),
        then the outcome; return the exit status, 0 when every target was met."""
        say(f"\n== verdicts ({(time.time() - started) / 60:.1f} minutes)")
        for ok, line in self.lines:
            say(f"{'PASS' if ok else 'MISS'}  {line}")
        say("ALL TARGETS MET" if self.passed else "SOME TARGETS MISSED")
        return 0 if self.passed else 1


def say(text: str) -> None:
    """Print a progress line at once."""
    print(text, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(fn: Callable[[], object]) -> float:
    """Return how long fn took, in seconds."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# ---------------------------------------------------------------- accounts
def add_accounts(database_url: str) -> None:
    """Add the bench's admin and viewer accounts (once per database)."""
    from data_access.db import make_engine, transaction
    from data_access.models import User
    from data_access.users import add_user

    engine = make_engine(database_url, pool_size=1)
    try:
        with transaction(engine) as session:
            have = set(session.scalars(select(User.username)))
            for name, role in ((ADMIN, "admin"), (VIEWER, "viewer")):
                if name not in have:
                    add_user(session, name, PASSWORD, role)
    finally:
        engine.dispose()


def login(base: str, username: str) -> requests.Session:
    """Return an HTTP session logged in through the form, presenting itself as the site."""
    http = requests.Session()
    http.headers.update({"Sec-Fetch-Site": "same-origin"})
    page = http.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no login form")
    answer = http.post(
        f"{base}/login",
        data={"username": username, "password": PASSWORD, "csrf": token.group(1)},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login as {username} failed: {answer.status_code}")
    return http


def cookie_header(http: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


# ---------------------------------------------------------------- servers
@dataclass
class Server:
    """A gunicorn master serving one app on a loopback port, with its log."""

    process: subprocess.Popen
    base: str
    log: Path

    @property
    def workers(self) -> list[int]:
        return worker_pids(self.process.pid)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def serve(
    env: dict[str, str], *, app: str | None = None, probe: str = "/login", name: str = "server"
) -> Iterator[Server]:
    """Run the Procfile's command (or the same with another WSGI app) on a free port."""
    argv = procfile_command(PROJECT)
    if app is not None:
        argv = [*argv[:-1], app]
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix=f"kipp-bench-{name}-"))
    log = folder / "gunicorn.log"
    full_env = {
        # The bench's servers share their compressed static files (made by the first).
        "STATIC_CACHE_DIR": str(DATA / "static-cache"),
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "PYTHONPATH": str(PROJECT),
        "INSTANCE_DIR": str(folder / "instance"),
        "SECRET_KEY": "bench-secret-key-not-for-production",
        **env,
    }
    with log.open("w") as out:
        process = subprocess.Popen(argv, cwd=PROJECT, env=full_env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, path=probe, timeout_s=120)
        yield Server(process, base, log)
    finally:
        stop_server(process)
        shutil.rmtree(folder, ignore_errors=True)


def peak_rss_mb(pid: int) -> float:
    """Return a process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- wrk
def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        sys.exit("wrk is not installed: run `make bench-deps` (Debian package wrk)")
    return found


WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_REQUESTS = re.compile(r"(\d+) requests in ")
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_ERRORS = re.compile(r"Socket errors:.*")


@dataclass(frozen=True)
class WrkRun:
    rps: float
    bad: int  # non-2xx answers and socket errors
    output: str
    requests: int = 0  # answers received


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> WrkRun:
    """Run wrk (one client thread: the other core serves) and return requests per second."""
    argv = [wrk_path(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s"]
    for header in headers:
        argv += ["-H", header]
    if script is not None:
        argv += ["-s", str(script)]
    argv.append(url)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60, check=True)
    found = WRK_RPS.search(done.stdout)
    if found is None:
        raise RuntimeError(f"wrk printed no rate:\n{done.stdout}{done.stderr}")
    bad = int(m.group(1)) if (m := WRK_NON_2XX.search(done.stdout)) else 0
    if errors := WRK_ERRORS.search(done.stdout):
        bad += sum(int(n) for n in re.findall(r"\b(\d+)\b", errors[0]))
    answered = int(m.group(1)) if (m := WRK_REQUESTS.search(done.stdout)) else 0
    return WrkRun(float(found.group(1)), bad, done.stdout, answered)
