"""The production server command (gunicorn, as in the Procfile) on loopback, for tests."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# What gunicorn serves: the factory, called in each worker (as in the Procfile).
APP_SPEC = "app:create_app()"


@dataclass
class Served:
    """The demo dashboard served in-process (Werkzeug, a thread), and an engine on its data."""

    url: str
    engine: Engine


def _closed_when_done(app: Any) -> Any:
    """Wrap a WSGI app so that every answer's body is closed once sent or dropped.

    Werkzeug's development server closes an answer only after reading what is left of the
    request from the socket, and skips the close when that read fails (the browser dropped
    the connection): a file sent from disk (/assets/favicon.ico) was then left to the
    garbage collector, whose ResourceWarning failed whatever test ran next. A generator
    closes the body when it ends, or when it is itself collected; streams pass unchanged.
    """

    def wrapped(environ, start_response):
        body = app(environ, start_response)

        def chunks():
            try:
                yield from body
            finally:
                if hasattr(body, "close"):
                    body.close()

        return chunks()

    return wrapped


def serve_in_thread(app: Any):
    """Serve a WSGI app in this process on 127.0.0.1:<free port> (Werkzeug, threaded, a
    daemon thread); return the server (its `server_port`; `shutdown()` it when done)."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, _closed_when_done(app), threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@contextmanager
def serve_demo(
    demo_url: str,
    live_dash: Callable,
    instance_dir: Path,
    *,
    refresh_s: int = 2,
    prepare: Callable[[Engine], None] | None = None,
) -> Iterator[Served]:
    """Serve a copy of the demo (plus `prepare`) with one account per role via live_dash.

    `demo_url` is a fresh copy of a demo database (the demo_url or decided_url fixture,
    made once per session and copied): loading the demo here again cost every test.
    """
    # Imported here: the gunicorn runner above needs none of the app.
    from app import create_app
    from dashboard.services import EXTENSION_KEY
    from data_access.db import make_engine
    from data_access.settings import Settings
    from tests.web import add_accounts

    engine = make_engine(demo_url)
    if prepare is not None:
        prepare(engine)
    add_accounts(engine)
    settings = Settings(
        database_url=demo_url,
        secret_key="test",
        refresh_interval_s=refresh_s,
        refresh_floor_s=1,
        instance_dir=str(instance_dir),
    )
    server = create_app(settings)
    try:
        yield Served(live_dash(server), engine)
    finally:
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()


# Servers a test starts bind ports from a block of their own below the kernel's ephemeral
# range (32768 up), so no outgoing connection takes one in the meantime, and each pytest-xdist
# worker picks from another block, so two workers never pick the same free port.
PORT_BLOCK = 1000
FIRST_PORT = 20000


def free_port() -> int:
    """Return a loopback port that nothing listens on, from this test worker's block."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    start = FIRST_PORT + (worker % 10) * PORT_BLOCK
    for port in random.sample(range(start, start + PORT_BLOCK), PORT_BLOCK):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free loopback port in {start}-{start + PORT_BLOCK - 1}")


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
    # gunicorn.conf.py's least (one per CPU, at least two); one for a test of the master alone.
    workers: int = 2
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server and wait until it answers GET /login."""
        self.spawn()
        self.wait_until_up()

    def wait_until_up(self) -> None:
        """Wait until the spawned server answers GET /login."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/login", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def spawn(self) -> None:
        """Start the server without asking it anything (its workers may still be booting)."""
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "INSTANCE_DIR": str(self.instance_dir),
            "SECRET_KEY": "kiosk-browser-test",
            "KIOSK_POLL_MS": "300",
            "KIPP_BUILD": self.build,
        }
        env.pop("CACHE_REDIS_URL", None)  # only a test that asks for Redis (in env) gets it
        env.update(self.env)
        # The Procfile's command, bound to a free loopback port.
        with open(self.log, "ab") if self.log else nullcontext(subprocess.DEVNULL) as stream:
            self.process = subprocess.Popen(
                [
                    GUNICORN,
                    APP_SPEC,
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                ],
                cwd=ROOT,
                env=env,
                stdout=stream,
                stderr=stream,
                start_new_session=True,
            )

    def stop(self, graceful: bool = False) -> None:
        """Stop the server: at once, as a power cut does (SIGKILL to the master and its
        workers), or as a deployment does (SIGTERM: each worker finishes what it serves).

        A graceful stop took about a second here (SIGQUIT too), a kill 0.03 s; the suite
        starts and stops gunicorn some 140 times, and only the tests of stopping need SIGTERM.
        """
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM if graceful else signal.SIGKILL)
            self.process.wait(timeout=20)
        self.process = None
