"""`make serve`: nginx in front of gunicorn on one port, the topology for a LAN or the internet.

    python -m deploy.serve            # listens on 0.0.0.0:8080 (HOST, PORT to change)

nginx (Debian's package, run without root-owned paths) reads each request whole and
hands it to gunicorn over a private unix socket; gunicorn runs gunicorn.conf.py's
settings with PROXY_COUNT=1, so the login limit and the origin check see the real
client. The generated nginx.conf, its logs, pid and temp files live in
INSTANCE_DIR/nginx (instance/nginx by default). Ctrl-C or SIGTERM stops both; when
either stops on its own, the other is stopped too and the exit status says so.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard.imports_routes import FORM_OVERHEAD_BYTES
from data_access.i18n import t
from data_access.settings import PROJECT_ROOT, Settings

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
DEFAULT_PORT = 8080
# Debian installs nginx in /usr/sbin, which an ordinary user's PATH often lacks.
NGINX_PLACES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
# A unix socket's path must fit in 108 bytes (sun_path); a deep instance folder may not.
SOCKET_PATH_MAX = 100
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15

NO_NGINX = (
    "nginx tidak ditemukan. Pasang dengan: sudo apt-get install -y nginx "
    "(atau make system-deps), atau beri jalurnya di NGINX=/path/ke/nginx.\n"
    "nginx was not found. Install it with: sudo apt-get install -y nginx "
    "(or make system-deps), or give its path in NGINX=/path/to/nginx."
)


class ServeError(Exception):
    """The topology could not start; the message is for the engineer at the console."""


def find_nginx(env: dict[str, str]) -> str:
    """Return the nginx binary to run (NGINX, PATH, then Debian's places), or raise."""
    named = env.get("NGINX", "").strip()
    if named:
        if os.access(named, os.X_OK):
            return named
        raise ServeError(f"NGINX={named}: bukan program / not an executable.\n{NO_NGINX}")
    found = shutil.which("nginx", path=env.get("PATH"))
    if found:
        return found
    for place in NGINX_PLACES:
        if os.access(place, os.X_OK):
            return place
    raise ServeError(NO_NGINX)


def fill(template: str, values: dict[str, str]) -> str:
    """Put the values into the @NAME@ fields of the template; every field must be filled."""
    text = template
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        raise ServeError(f"nginx.conf.template: unfilled fields {left}")
    return text


def listen_address(host: str, port: int) -> str:
    """Return nginx's `listen` value for a host and port (IPv6 in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _error_pages(folder: Path) -> None:
    """Write the bilingual pages nginx shows for its own 413 and 502/503/504."""
    pages = {
        "413.html": ("error.too_large.title", "error.too_large.body"),
        "502.html": ("error.server.title", "error.server.body"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, body) in pages.items():
        parts = "".join(
            f'<h1 lang="{lang}">{html.escape(t(title, lang))}</h1>'
            f'<p lang="{lang}">{html.escape(t(body, lang))}</p>'
            for lang in ("id", "en")
        )
        page = (
            '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            f"<title>{html.escape(t(title, 'id'))}</title></head><body>{parts}</body></html>\n"
        )
        (folder / name).write_text(page, encoding="utf-8")


def prepare(settings: Settings, *, host: str, port: int, prefix: Path) -> tuple[Path, str]:
    """Write nginx.conf and its folders under prefix; return the config and gunicorn's bind."""
    for sub in ("logs", "temp", "html/_kipp-proxy"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    socket_path = prefix / "gunicorn.sock"
    if len(str(socket_path)) > SOCKET_PATH_MAX:
        socket_path = Path(tempfile.mkdtemp(prefix="kipp-serve-")) / "gunicorn.sock"
    if socket_path.exists():
        socket_path.unlink()  # left by a server that was killed
    _error_pages(prefix / "html" / "_kipp-proxy")
    # As root, nginx would hand its workers to "nobody", who may not enter the instance
    # folder: they keep the launching user. Run `make serve` as a service account.
    user_line = "user root root;" if os.geteuid() == 0 else "# workers run as the launching user"
    values = {
        "USER_LINE": user_line,
        "PREFIX": str(prefix),
        "LISTEN": listen_address(host, port),
        "UPSTREAM": f"unix:{socket_path}",
        "IMPORT_BODY_MAX": str(settings.import_max_bytes + FORM_OVERHEAD_BYTES),
        "CALLBACK_BODY_MAX": str(settings.callback_max_bytes),
    }
    config = prefix / "nginx.conf"
    config.write_text(fill(TEMPLATE.read_text(encoding="utf-8"), values), encoding="utf-8")
    return config, f"unix:{socket_path}"


def _wait_for_socket(path: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"gunicorn stopped while starting (exit {process.returncode})")
        try:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(path)
                return
        except OSError:
            time.sleep(0.1)
    raise ServeError("gunicorn did not start listening in time")


def _stop(*stopping: tuple[subprocess.Popen | None, int]) -> None:
    """Signal every process at once, then wait for each (killed after STOP_TIMEOUT_S)."""
    running = [p for p, _sig in stopping if p is not None and p.poll() is None]
    for process, sig in stopping:
        if process in running:
            process.send_signal(sig)  # type: ignore[union-attr]
    for process in running:
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(host: str, port: int, env: dict[str, str]) -> int:
    """Start gunicorn and nginx, wait until one stops or a signal comes, stop both."""
    settings = Settings.from_env(env)
    nginx = find_nginx(env)
    prefix = Path(settings.instance_dir) / "nginx"
    config, bind = prepare(settings, host=host, port=port, prefix=prefix)
    app_env = dict(env)
    # One proxy (nginx) in front, unless the operator counts more (e.g. a TLS terminator).
    app_env["PROXY_COUNT"] = env.get("PROXY_COUNT", "").strip() or "1"
    app_env.pop("PORT", None)  # the public port is nginx's; gunicorn is bound below
    gunicorn_cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    gunicorn_cmd += ["--bind", bind, "app:create_app()"]
    nginx_cmd = [nginx, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "logs/error.log")]
    nginx_cmd += ["-g", "daemon off;"]

    stopping: list[int] = []

    def on_signal(signum, _frame) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    gunicorn = proxy = None
    try:
        gunicorn = subprocess.Popen(gunicorn_cmd, cwd=PROJECT_ROOT, env=app_env)
        _wait_for_socket(bind.removeprefix("unix:"), gunicorn, time.monotonic() + START_TIMEOUT_S)
        checked = subprocess.run([*nginx_cmd[:-2], "-t", "-q"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise ServeError(f"nginx refused its configuration {config}:\n{checked.stderr}")
        proxy = subprocess.Popen(nginx_cmd, cwd=prefix)
        print(
            f"KIPP Live: http://{listen_address(host, port)} (nginx -> gunicorn at {bind}); "
            f"logs in {prefix / 'logs'}. Ctrl-C stops both.",
            flush=True,
        )
        while not stopping:
            for name, process in (("gunicorn", gunicorn), ("nginx", proxy)):
                if process.poll() is not None:
                    print(f"{name} stopped (exit {process.returncode}); stopping.", flush=True)
                    return 1
            time.sleep(0.2)
        return 0
    finally:
        # nginx first (no new requests), then gunicorn finishes what it has (SIGTERM), both
        # at once: nginx's graceful stop waits for every open answer, and the tabs' news
        # streams end only when gunicorn closes them (dashboard/push.py).
        _stop((proxy, signal.SIGQUIT), (gunicorn, signal.SIGTERM))


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve; a clear message instead of a traceback on failure."""
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__)
    # All interfaces by design: `make serve` is the LAN/internet topology, nginx listens there.
    parser.add_argument("--host", default=os.environ.get("HOST", "").strip() or "0.0.0.0")  # noqa: S104
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "").strip() or DEFAULT_PORT)
    )
    args = parser.parse_args(argv)
    try:
        return serve(args.host, args.port, dict(os.environ))
    except ServeError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
