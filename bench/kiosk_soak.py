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
import contextlib
import io
import os
import random
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1920, "height": 1080}
SLIDES = "progress:3,participation:3,finalists:3,countdown:3"
SCORE_EVERY_S = 20.0
REVEAL_EVERY_S = 300.0
FIRST_REVEAL_S = 240.0
REVEAL_STEP_S = 8.0
BASELINE_MINUTES = (5.0, 10.0)
END_TOLERANCE = 0.10  # the end's heap may be this much above the baseline
SLOPE_TOLERANCE = 0.01  # the second half may grow this share of the baseline per minute
PILE_UP_FACTOR = 1.5  # the busiest minute may make this many times the median's requests
FRAME_SELECTOR = "#kiosk-frame .kiosk-frame-inner"


# ---------------------------------------------------------------- the verdict (pure)
@dataclass(frozen=True)
class Sample:
    """One minute's measurement of the page and the server."""

    minute: float
    heap_kb: float  # Runtime.getHeapUsage usedSize, after a forced GC
    nodes: int = 0
    listeners: int = 0
    requests: int | None = None  # made by the page since the previous sample
    polls: int = 0  # of which /kiosk/api/state
    frames: int = 0  # of which frame callbacks (_dash-update-component)
    metric_heap_kb: float = 0.0  # Performance.getMetrics JSHeapUsedSize
    rss_kb: tuple[int, ...] = ()  # each gunicorn worker's VmRSS
    history: int = -1  # entries in Dash's undo history (window.store), -1 when unknown


@dataclass(frozen=True)
class Verdict:
    """What the samples say about the page's memory and its requests."""

    baseline_label: str
    baseline_kb: float
    end_kb: float
    ratio: float
    slope_label: str
    slope_kb_per_min: float
    slope_share: float  # the slope as a share of the baseline, per minute
    nodes: tuple[int, int]
    listeners: tuple[int, int]
    requests_median: float
    requests_max: int
    rss_kb: tuple[tuple[int, ...], tuple[int, ...]]
    plateau: bool
    steady: bool

    def lines(self) -> list[str]:
        """Return the verdict as the report's last lines, VERDICT last."""
        limit = PILE_UP_FACTOR * self.requests_median
        rss_first, rss_last = (
            "/".join(f"{kb / 1024:.1f}" for kb in values) or "-" for values in self.rss_kb
        )
        return [
            f"heap after GC: baseline (median of {self.baseline_label}) "
            f"{self.baseline_kb:,.0f} KB, end {self.end_kb:,.0f} KB, "
            f"ratio {self.ratio:.3f} (limit {1 + END_TOLERANCE:.2f})",
            f"second-half slope ({self.slope_label}): {self.slope_kb_per_min:+,.1f} KB/min = "
            f"{self.slope_share * 100:+.2f}% of baseline per minute "
            f"(limit {SLOPE_TOLERANCE * 100:.0f}%)",
            f"DOM nodes first -> last: {self.nodes[0]:,} -> {self.nodes[1]:,}",
            f"JS event listeners first -> last: {self.listeners[0]:,} -> {self.listeners[1]:,}",
            f"gunicorn worker RSS MB first -> last: {rss_first} -> {rss_last}",
            f"requests per minute: median {self.requests_median:g}, max {self.requests_max} "
            f"(limit {PILE_UP_FACTOR:g}x median = {limit:g}): "
            f"REQUESTS: {'STEADY' if self.steady else 'PILE-UP'}",
            f"VERDICT: {'PLATEAU' if self.plateau else 'GROWING'}",
        ]


def least_squares_slope(points: Sequence[tuple[float, float]]) -> float:
    """Return the slope of the least-squares line through (x, y) points (0 for fewer than 2)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _y in points) / len(points)
    mean_y = sum(y for _x, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _y in points)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def requests_steady(counts: Sequence[int], factor: float = PILE_UP_FACTOR) -> bool:
    """Return True when no minute made more than factor x the median minute's requests."""
    if not counts:
        return True
    median = statistics.median(counts)
    return median > 0 and max(counts) <= factor * median


def _span(samples: Sequence[Sample]) -> str:
    return f"minutes {samples[0].minute:g}-{samples[-1].minute:g}"


def verdict(
    samples: Sequence[Sample],
    *,
    baseline: tuple[float, float] = BASELINE_MINUTES,
    end_tolerance: float = END_TOLERANCE,
    slope_tolerance: float = SLOPE_TOLERANCE,
    pile_up_factor: float = PILE_UP_FACTOR,
) -> Verdict:
    """Judge the samples: PLATEAU or GROWING heap, steady requests or a pile-up.

    The baseline is the median heap of the minutes in `baseline`; a run too short to
    have any takes the first half of its measured minutes instead. The slope is fitted
    over the second half of the run's time. An end below the baseline is no growth.
    """
    if not samples:
        raise ValueError("no samples to judge")
    ordered = sorted(samples, key=lambda s: s.minute)
    window = [s for s in ordered if baseline[0] <= s.minute <= baseline[1]]
    label = f"minutes {baseline[0]:g}-{baseline[1]:g}"
    if not window:
        measured = [s for s in ordered if s.minute > 0] or ordered
        window = measured[: max(1, len(measured) // 2)]
        label = f"{_span(window)}, short run"
    base = statistics.median(s.heap_kb for s in window)
    first, last = ordered[0], ordered[-1]
    second_half = [s for s in ordered if s.minute >= last.minute / 2] or [last]
    slope = least_squares_slope([(s.minute, s.heap_kb) for s in second_half])
    share = slope / base if base else 0.0
    ratio = last.heap_kb / base if base else float("inf")
    counts = [s.requests for s in ordered if s.requests is not None]
    return Verdict(
        baseline_label=label,
        baseline_kb=base,
        end_kb=last.heap_kb,
        ratio=ratio,
        slope_label=_span(second_half),
        slope_kb_per_min=slope,
        slope_share=share,
        nodes=(first.nodes, last.nodes),
        listeners=(first.listeners, last.listeners),
        requests_median=statistics.median(counts) if counts else 0,
        requests_max=max(counts) if counts else 0,
        rss_kb=(first.rss_kb, last.rss_kb),
        plateau=ratio <= 1 + end_tolerance and share < slope_tolerance,
        steady=requests_steady(counts, pile_up_factor),
    )


TABLE_HEADER = (
    f"{'min':>5} {'heap KB':>10} {'JSHeap KB':>10} {'nodes':>7} {'listen':>7} "
    f"{'req':>5} {'polls':>5} {'frames':>6} {'hist':>5}  worker RSS MB"
)


def table_row(sample: Sample) -> str:
    """Return one sample as a line of the table under TABLE_HEADER."""
    requests = "-" if sample.requests is None else str(sample.requests)
    rss = " ".join(f"{kb / 1024:.1f}" for kb in sample.rss_kb) or "-"
    return (
        f"{sample.minute:5.1f} {sample.heap_kb:10,.0f} {sample.metric_heap_kb:10,.0f} "
        f"{sample.nodes:7,} {sample.listeners:7,} {requests:>5} {sample.polls:5} "
        f"{sample.frames:6} {sample.history:5}  {rss}"
    )


# ---------------------------------------------------------------- output
_print_lock = threading.Lock()
_started = time.monotonic()


def say(text: str) -> None:
    """Print a line with the run's elapsed time, from any thread."""
    elapsed = time.monotonic() - _started
    with _print_lock:
        print(f"[{int(elapsed // 60):02d}:{int(elapsed % 60):02d}] {text}", flush=True)


# ---------------------------------------------------------------- the database and server
def cli(env: dict[str, str], source: Path, *args: str) -> str:
    """Run `python -m data_access ARGS` on the soak's database and return its output."""
    done = subprocess.run(
        [sys.executable, "-m", "data_access", *args],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"data_access {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


SKIP = (".git", ".venv", "instance", "test-results", "__pycache__", ".pytest_cache")
SKIP_FILES = (".ruff_cache", "node_modules", "*.sqlite3", "*.sqlite3-*", "*.heapsnapshot")


def snapshot_source(target: Path, rev: str | None) -> str:
    """Copy the code to serve into `target`: the work tree as it is now, or a git revision.

    A soak lasts half an hour; served from a copy, it measures one version of the code
    even while the work tree is being edited.
    """
    if rev is None:
        shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns(*SKIP, *SKIP_FILES))
        return "the work tree"
    archive = subprocess.run(
        ["git", "-C", str(PROJECT), "archive", "--format=tar", rev],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    commit = subprocess.run(
        ["git", "-C", str(PROJECT), "rev-parse", "--short", rev],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return f"git {rev} ({commit})"


def free_port() -> int:
    """Return a free TCP port on the loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_command(source: Path) -> list[str]:
    """Return the Procfile's web command, with gunicorn taken from this Python's venv."""
    for line in (source / "Procfile").read_text(encoding="utf-8").splitlines():
        name, _, command = line.partition(":")
        if name.strip() == "web":
            argv = shlex.split(command)
            local = Path(sys.executable).parent / argv[0]
            if local.exists():
                argv[0] = str(local)
            return argv
    raise RuntimeError("the Procfile has no web process")


def wait_until_up(base_url: str, server: subprocess.Popen, timeout_s: float = 90) -> None:
    """Wait until the server answers (401 from the state poll counts: it is up)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/kiosk/api/state", timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within {timeout_s:.0f} s")


def worker_pids(master: int) -> list[int]:
    """Return the gunicorn master's child processes (its workers)."""
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
        return sorted(int(pid) for pid in text.split())
    except OSError:
        pass
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_kb(pid: int) -> int:
    """Return a process's resident memory in KB (psutil when installed, else /proc)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss // 1024
    except ImportError:
        pass
    except Exception:  # the worker went away between listing and reading
        return 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def stop_server(server: subprocess.Popen) -> None:
    """Stop the gunicorn master this run started (it stops its workers)."""
    if server.poll() is not None:
        return
    workers = worker_pids(server.pid)
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        for pid in [*workers, server.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.wait(timeout=10)


# ---------------------------------------------------------------- the moving data
class DataMover(threading.Thread):
    """Keeps scores changing and walks the ceremony reveal, so the kiosk re-renders."""

    def __init__(self, database_url: str, code: str, *, duration_s: float, seed: int = 2022):
        super().__init__(name="kiosk-soak-data", daemon=True)
        self.database_url = database_url
        self.code = code
        self.stop = threading.Event()
        self.rng = random.Random(seed)
        self.first_reveal_s = min(FIRST_REVEAL_S, duration_s / 2)
        self.flip: tuple[int, int, int] | None = None  # score id, value a, value b
        self.flips = 0
        self.sheets = 0
        self.reveals = 0
        self.errors = 0
        self.engine = None

    def run(self) -> None:
        # Imported here, all at once: from the served copy of the code (main put it first).
        from data_access import ceremony, simulate  # noqa: F401
        from data_access.db import make_engine

        self.engine = make_engine(self.database_url)
        started = time.monotonic()
        next_score, next_reveal = SCORE_EVERY_S, self.first_reveal_s
        try:
            while not self.stop.wait(0.5):
                elapsed = time.monotonic() - started
                try:
                    if elapsed >= next_reveal:
                        self.reveal()
                        next_reveal += REVEAL_EVERY_S
                        next_score = time.monotonic() - started + SCORE_EVERY_S
                    elif elapsed >= next_score:
                        self.change_score()
                        next_score = elapsed + SCORE_EVERY_S
                except Exception as exc:  # a bench keeps going; the log says what broke
                    self.errors += 1
                    say(f"data: {type(exc).__name__}: {exc}")
                    next_score = time.monotonic() - started + SCORE_EVERY_S
        finally:
            self.engine.dispose()

    def change_score(self) -> None:
        """Complete one open sheet, or flip one score between two values."""
        from data_access.simulate import complete_sheet, open_sheets

        sheets = open_sheets(self.engine, self.code)
        if sheets:
            sheet = self.rng.choice(sheets)
            count = complete_sheet(self.engine, self.code, sheet, self.rng)
            self.sheets += 1
            say(
                f"data: {sheet.juror_code} completes {sheet.innovation_code} ({sheet.stage}), "
                f"{count} scores; {len(sheets) - 1} open sheets left"
            )
            return
        self.flip_score()

    def flip_score(self) -> None:
        from sqlalchemy import select, update

        from data_access.db import transaction
        from data_access.models import Score

        with transaction(self.engine) as session:
            if self.flip is None:
                score_id, value = session.execute(
                    select(Score.id, Score.score_centi).order_by(Score.id).limit(1)
                ).one()
                other = value - 100 if value > 9900 else value + 100
                self.flip = (score_id, value, other)
            score_id, a, b = self.flip
            value = b if self.flips % 2 == 0 else a
            session.execute(update(Score).where(Score.id == score_id).values(score_centi=value))
        self.flips += 1
        say(f"data: score #{score_id} set to {value / 100:.2f}")

    def reveal(self) -> None:
        """Finish judging, approve, walk splash..all with a pause on each step, reset."""
        from data_access import ceremony
        from data_access.db import transaction
        from data_access.simulate import complete_sheet, open_sheets

        left = open_sheets(self.engine, self.code)
        for sheet in left:
            complete_sheet(self.engine, self.code, sheet, self.rng)
        if left:
            self.sheets += len(left)
            say(f"data: finished the {len(left)} open sheets")
        with transaction(self.engine) as session:
            if ceremony.get_state(session, self.code).step != ceremony.ROTATION:
                ceremony.reset(session, self.code, by="kiosk-soak")
        with transaction(self.engine) as session:
            snapshot = ceremony.approve(session, self.code, by="kiosk-soak")
        say(f"reveal: results approved ({snapshot.hash[:12]})")
        while True:
            if self.stop.wait(REVEAL_STEP_S):
                return
            with transaction(self.engine) as session:
                state = ceremony.advance(session, self.code, by="kiosk-soak")
            say(f"reveal: step {state.step}")
            if state.next_step is None:
                break
        if self.stop.wait(REVEAL_STEP_S):
            return
        with transaction(self.engine) as session:
            ceremony.reset(session, self.code, by="kiosk-soak")
        self.reveals += 1
        say("reveal: reset to the slide rotation")


# ---------------------------------------------------------------- the browser
@dataclass
class PageWatch:
    """Counts what the page does between samples."""

    requests: int = 0
    polls: int = 0
    frames: int = 0
    failed: int = 0
    loads: int = 0
    errors: list[str] = field(default_factory=list)

    def on_request(self, request) -> None:
        self.requests += 1
        if "/kiosk/api/state" in request.url:
            self.polls += 1
        elif "_dash-update-component" in request.url:
            self.frames += 1

    def take(self) -> tuple[int, int, int]:
        """Return (requests, polls, frames) since the last take, and start again."""
        counts = (self.requests, self.polls, self.frames)
        self.requests = self.polls = self.frames = 0
        return counts


def measure(cdp) -> tuple[float, float, int, int]:
    """Return (used heap KB, JSHeapUsedSize KB, DOM nodes, listeners) after a forced GC."""
    for _ in range(2):  # a second pass frees what the first one's finalizers let go
        cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return (
        used / 1024,
        metrics.get("JSHeapUsedSize", 0) / 1024,
        int(metrics.get("Nodes", 0)),
        int(metrics.get("JSEventListeners", 0)),
    )


# Dash's renderer keeps an undo history of input changes; every set_props from kiosk.js adds one.
HISTORY_JS = """() => {
  const store = window.store && window.store.getState && window.store.getState();
  return store && store.history && store.history.past ? store.history.past.length : -1;
}"""


def heap_snapshot(cdp, path: Path) -> None:
    """Write a heap snapshot of the page (for Chrome DevTools' Memory tab)."""
    chunks: list[str] = []

    def on_chunk(params: dict) -> None:
        chunks.append(params["chunk"])

    cdp.on("HeapProfiler.addHeapSnapshotChunk", on_chunk)
    try:
        cdp.send("HeapProfiler.enable")
        cdp.send("HeapProfiler.takeHeapSnapshot", {"reportProgress": False})
    finally:
        cdp.remove_listener("HeapProfiler.addHeapSnapshotChunk", on_chunk)
    path.write_text("".join(chunks), encoding="utf-8")
    say(f"heap snapshot written: {path} ({path.stat().st_size / 1e6:.1f} MB)")


def soak_page(
    url: str,
    minutes: int,
    master_pid: int,
    *,
    on_loaded: Callable[[], None],
    snapshots: Path | None,
) -> tuple[list[Sample], PageWatch]:
    """Open the kiosk, sample it every minute for `minutes`, return the samples."""
    from playwright.sync_api import sync_playwright

    watch = PageWatch()
    samples: list[Sample] = []
    snapshot_minutes = {min(int(BASELINE_MINUTES[0]), max(1, minutes // 2)), minutes}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        try:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.on("request", watch.on_request)
            page.on("requestfailed", lambda _request: setattr(watch, "failed", watch.failed + 1))
            page.on("pageerror", lambda error: watch.errors.append(str(error)[:200]))

            def on_navigated(frame) -> None:
                if frame == page.main_frame:
                    watch.loads += 1

            page.on("framenavigated", on_navigated)
            page.goto(url, wait_until="load", timeout=60_000)
            page.wait_for_selector(FRAME_SELECTOR, state="attached", timeout=60_000)
            page.wait_for_timeout(3000)  # the first slides and the clock settle
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")

            def sample(minute: float, counts: tuple[int, int, int] | None) -> Sample:
                heap, metric, nodes, listeners = measure(cdp)
                requests, polls, frames = counts or (None, 0, 0)
                found = Sample(
                    minute=minute,
                    heap_kb=heap,
                    nodes=nodes,
                    listeners=listeners,
                    requests=requests,
                    polls=polls,
                    frames=frames,
                    metric_heap_kb=metric,
                    rss_kb=tuple(rss_kb(pid) for pid in worker_pids(master_pid)),
                    history=int(page.evaluate(HISTORY_JS)),
                )
                samples.append(found)
                say(f"sample {table_row(found)}")
                return found

            say(f"kiosk loaded; sampling every minute for {minutes} minutes")
            say(f"sample {TABLE_HEADER}")
            watch.take()
            sample(0, None)
            on_loaded()
            start = time.monotonic()
            for minute in range(1, minutes + 1):
                deadline = start + minute * 60
                while (left := deadline - time.monotonic()) > 0:
                    page.wait_for_timeout(min(1000, left * 1000))
                sample(minute, watch.take())
                if snapshots is not None and minute in snapshot_minutes:
                    heap_snapshot(cdp, snapshots / f"kiosk-minute-{minute:02d}.heapsnapshot")
            shown = page.evaluate(
                "() => { const r = document.querySelector('#kiosk-frame .kiosk-frame-inner');"
                " return r ? r.getAttribute('data-frame-version') : null; }"
            )
            say(f"frame on screen at the end: {shown}")
        finally:
            browser.close()
    return samples, watch


# ---------------------------------------------------------------- the run
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
        cli(env, source, "init")
        cli(env, source, "demo")
        token_path = cli(env, source, "kiosk", "token", "create", "soak").strip().splitlines()[-1]
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
        with server_log.open("wb") as log_file:
            server = subprocess.Popen(
                command, cwd=source, env=env, stdout=log_file, stderr=subprocess.STDOUT
            )
        wait_until_up(base_url, server)
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
        say(f"soak failed: {type(exc).__name__}: {exc}")
        if server_log.exists():
            print(server_log.read_text(errors="replace")[-4000:], flush=True)
        return 2
    finally:
        if mover is not None:
            mover.stop.set()
            if mover.is_alive():
                mover.join(timeout=30)
        if server is not None:
            stop_server(server)
        if args.keep:
            say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

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
