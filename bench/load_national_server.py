"""The national load run's server: `make serve`'s launcher (nginx + gunicorn) or gunicorn alone.

bench/load_national.py starts it with the run's environment, reads the pids of gunicorn's
and nginx's masters (for their workers' CPU) and stops it, with whatever it left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.server import PROJECT, procfile_command, stop_server, wait_until_up, worker_pids


@dataclass
class Served:
    """The run's server: `make serve`'s launcher (nginx + gunicorn) or gunicorn alone."""

    process: subprocess.Popen
    log: Path
    nginx_log: Path | None
    master: int = 0  # gunicorn's master
    proxy: int = 0  # nginx's master (0 without the proxy)

    def workers(self) -> list[int]:
        return worker_pids(self.master)

    def proxies(self) -> list[int]:
        return worker_pids(self.proxy) if self.proxy else []


def cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def serve(env: dict[str, str], folder: Path, origin: str, proxy: bool) -> Served:
    """Start `make serve`'s launcher (or the Procfile's gunicorn); return it once it answers."""
    log = folder / "server.log"
    if proxy:
        port = env["PORT"]
        command = [sys.executable, "-m", "deploy.serve", "--host", "127.0.0.1", "--port", port]
    else:
        command = procfile_command(PROJECT)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(process, log, folder / "nginx" / "logs" / "error.log" if proxy else None)
    try:
        wait_until_up(origin, process, path="/login", timeout_s=120)
        if proxy:
            for pid in worker_pids(process.pid):
                if "gunicorn" in cmdline(pid):
                    served.master = pid
                elif "nginx" in cmdline(pid):
                    served.proxy = pid
        else:
            served.master = process.pid
        time.sleep(1)  # every worker has booted
    except BaseException:
        stop(served)
        raise
    return served


def stop(served: Served) -> None:
    """Stop the launcher (it stops nginx, then gunicorn), and whatever it left behind."""
    stop_server(served.process)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(served.process.pid, signal.SIGKILL)
