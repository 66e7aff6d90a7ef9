"""The production server command (gunicorn, as in the Procfile) on loopback, for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Gunicorn:
    """The production server command on loopback, stoppable and restartable on one port."""

    database_url: str
    instance_dir: Path
    port: int = field(default_factory=free_port)
    build: str = "build-1"
    # More environment for the app (e.g. REFRESH_INTERVAL_S), and a file for its output.
    env: dict[str, str] = field(default_factory=dict)
    log: Path | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "INSTANCE_DIR": str(self.instance_dir),
            "SECRET_KEY": "kiosk-browser-test",
            "KIOSK_POLL_MS": "300",
            "KIPP_BUILD": self.build,
            **self.env,
        }
        env.pop("CACHE_REDIS_URL", None)
        # The Procfile's command, bound to a free loopback port.
        with open(self.log, "ab") if self.log else nullcontext(subprocess.DEVNULL) as stream:
            self.process = subprocess.Popen(
                [GUNICORN, "app:server", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
                cwd=ROOT,
                env=env,
                stdout=stream,
                stderr=stream,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/login", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        self.process = None
