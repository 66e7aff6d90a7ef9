"""The production server for a bench run: the Procfile's gunicorn on a loopback port.

Also what goes with it: the data_access CLI on the run's database, a copy of the code to
serve, the workers' pids and memory, and stopping and cleaning up after the run.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import requests

from bench.progress import say

PROJECT = Path(__file__).resolve().parents[1]
LOG_TAIL = 4000  # characters of the server's log printed when a run fails


def cli(env: dict[str, str], source: Path, *args: str) -> str:
    """Run `python -m data_access ARGS` on the run's database and return its output."""
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


def server_env(database_url: str, folder: Path, port: int, name: str) -> dict[str, str]:
    """Return the environment a bench serves its database with: this one, on a loopback port."""
    return {
        # The benches' servers share their compressed static files (made by the first), as
        # bench/harness.py's do; this environment's own folder wins (the tests set one).
        "STATIC_CACHE_DIR": str(PROJECT / "bench" / "data" / "static-cache"),
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_DIR": str(folder),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "KIPP_BUILD": f"kipp-{name}-{secrets.token_hex(4)}",
        "PYTHONUNBUFFERED": "1",
    }


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


def wait_until_up(
    base_url: str,
    server: subprocess.Popen,
    *,
    path: str = "/kiosk/api/state",
    timeout_s: float = 90,
) -> None:
    """Wait until the server answers `path` at all (a 401 from the state poll: it is up)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            requests.get(base_url + path, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.3)
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


def demo_with_token(env: dict[str, str], source: Path, name: str) -> str:
    """Create the schema, load the demo edition and make a display token; return its path."""
    cli(env, source, "init")
    cli(env, source, "demo")
    return cli(env, source, "kiosk", "token", "create", name).strip().splitlines()[-1]


def demo_with_token_here(database_url: str, name: str) -> str:
    """demo_with_token's three commands run in this process, on this tree's code.

    For a bench of this checkout (bench.load): each command in a process of its own paid an
    interpreter start and the app's imports, seconds of the bench's setup, three times.
    """
    import contextlib
    import io

    from data_access.cli import main

    said = io.StringIO()
    for args in (["init"], ["demo"], ["kiosk", "token", "create", name]):
        with contextlib.redirect_stdout(said):
            status = main(["--database-url", database_url, *args])
        if status != 0:
            raise RuntimeError(f"data_access {' '.join(args)} failed:\n{said.getvalue()}")
    return said.getvalue().strip().splitlines()[-1]


def start_server(
    command: list[str], source: Path, env: dict[str, str], log: Path, base_url: str
) -> subprocess.Popen:
    """Start the server with its output in `log`; return it once it answers, or stop it."""
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            command, cwd=source, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(base_url, server)
    except BaseException:
        stop_server(server)
        raise
    return server


def report_failure(what: str, exc: Exception, log: Path) -> None:
    """Say what failed and print the end of the server's log, where the reason usually is."""
    say(f"{what} failed: {type(exc).__name__}: {exc}")
    if log.exists():
        print(log.read_text(errors="replace")[-LOG_TAIL:], flush=True)


def remove_folder(folder: Path, keep: bool) -> None:
    """Remove the run's temporary folder, or say where it is when --keep asked for it."""
    if keep:
        say(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
