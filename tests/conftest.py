"""Shared fixtures: migrated SQLite and PostgreSQL databases, Chromium, a live app server."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from data_access.db import make_engine, normalize_url
from data_access.demo import load_demo
from data_access.migrate import upgrade
from tests.serving import free_port, serve_in_thread
from tests.web import accounts_and_screen, client_as, copy_database, demo_with_accounts, settle

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# ---------------------------------------------------------------- CI: a skip is a failure
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI, turn every skip into a failure: a browser or database test must run there."""
    outcome = yield
    report = outcome.get_result()
    # For fixtures that report more when their test failed (item.rep_call).
    setattr(item, f"rep_{report.when}", report)
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"


# ---------------------------------------------------------------- long modules first
def _long(item: pytest.Item) -> bool:
    """A test that holds a worker for seconds: a browser, a server of its own, a bench run."""
    path = item.path
    return (
        item.get_closest_marker("browser") is not None
        or path.parent.name == "reliability"
        or path.name.startswith(("test_bench", "test_push", "test_shared_cache"))
    )


def pytest_collection_modifyitems(config, items):
    """Hand the long modules out first, the many short tests last.

    pytest-xdist gives each worker its next test as it finishes one: with the long ones at
    the end (the alphabet put tests/test_xss_browser.py there), one worker ran them alone
    while the other stood idle, some 40 s of every run. A module stays in one piece (its
    fixtures are made once per worker either way); the order inside is kept.
    """
    long_modules = {item.path for item in items if _long(item)}
    items.sort(key=lambda item: item.path not in long_modules)


# ---------------------------------------------------------------- cheap password hashes
@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes():
    """Hash the tests' passwords with argon2id at its lowest cost, in this process only.

    The production cost (about 0.12 s a hash here) buys nothing in a test and was paid for
    every account every fixture adds. Verifying reads the cost from the stored hash, so a
    server started by a test still checks these passwords (and rehashes them at full cost
    on login, as it would any weak old hash). The tests of the cost itself use their own
    hasher.
    """
    from argon2 import PasswordHasher

    from data_access import users

    production = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    users._hasher = production


# ---------------------------------------------------------------- compressed static files
@pytest.fixture(scope="session", autouse=True)
def static_cache_dir(tmp_path_factory, worker_id) -> Iterator[Path]:
    """One folder of compressed static files for every server this test run starts.

    Servers started from the environment (gunicorn, the benches) keep the static files
    compressed in STATIC_CACHE_DIR: with one folder for the run, the first server's
    workers compress them (some 5 s at brotli's best) and every later one reads them.
    Entries are named by their content, so no test depends on another having run. Under
    pytest-xdist the folder sits beside the workers' own (one run's), not in any other run.
    """
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if worker_id != "master" else base) / "static-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STATIC_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def backup_dir(tmp_path_factory) -> Iterator[Path]:
    """The automatic backups of commands run from the environment (the CLI, gunicorn).

    An import, an approval or a reset backs the database up first (data_access/backups):
    beside a SQLite file, but for a PostgreSQL database into INSTANCE_DIR, the checkout's
    own instance/ folder, which a test run must leave alone. Apps a test builds with its
    own Settings keep theirs in their own instance folder.
    """
    folder = tmp_path_factory.mktemp("backups")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACKUP_DIR", str(folder))
        yield folder


# ---------------------------------------------------------------- PostgreSQL
def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.skip("PostgreSQL server not installed (apt-get install postgresql)")
    return found[-1]


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PgCluster:
    """A throwaway PostgreSQL cluster on a free loopback port, stoppable and restartable."""

    def __init__(self) -> None:
        self.base = tempfile.mkdtemp(prefix="pgtest-")
        os.chmod(self.base, 0o755)  # noqa: S103 - the postgres user has to get into the dir
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self.data, self.port = os.path.join(self.base, "data"), free_port()
        self._run(
            [
                _pg_bin("initdb"),
                "-D",
                self.data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        subprocess.run(_as_postgres(cmd), check=True, capture_output=True, cwd=self.base)

    def start(self) -> None:
        self._run(
            [
                _pg_bin("pg_ctl"),
                "-D",
                self.data,
                "-l",
                f"{self.base}/server.log",
                "-w",
                "-t",
                "30",
                "-o",
                f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off",
                "start",
            ]
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop"]),
            capture_output=True,
            cwd=self.base,
        )

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def pg_cluster():
    """A private PostgreSQL cluster for one test that stops and starts it (fault tests)."""
    cluster = PgCluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def pg_server_url():
    """The URL of a PostgreSQL server: $TEST_POSTGRES_URL, or a throwaway cluster."""
    if os.environ.get("TEST_POSTGRES_URL"):
        url = normalize_url(os.environ["TEST_POSTGRES_URL"])
        try:
            psycopg.connect(_libpq(url), connect_timeout=5).close()
        except psycopg.OperationalError as exc:
            pytest.fail(f"TEST_POSTGRES_URL is set but PostgreSQL does not answer: {exc}")
        yield url
        return
    cluster = PgCluster()
    cluster.start()
    try:
        yield cluster.url
    finally:
        cluster.remove()


def _libpq(url: str) -> str:
    """Return a SQLAlchemy URL as a libpq connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _admin(server_url: str, sql: str) -> None:
    with psycopg.connect(_libpq(server_url), autocommit=True) as conn:
        conn.execute(sql)


class PgSpares:
    """Copies of the templates made ahead in a background thread, dropped in others.

    CREATE DATABASE ... TEMPLATE takes about 0.1-0.4 s of the server's time, paid by every
    test on PostgreSQL: the copies a test will take are made while the tests before it
    run, AHEAD of them per template, so that a run of short tests does not wait for each.

    DROP DATABASE costs more: it waits for a checkpoint, which this server (fsync on,
    other databases busy) takes 0.6-1.3 s to finish. Waiting for drops one after another
    (8 took 3.8 s) held up the next copy, and so the next test; drops that wait together
    share their checkpoint (8 at once took 0.13 s). So a used copy is dropped behind the
    test by a pool of DROPPERS threads, never before the next copy is made.
    """

    AHEAD = 2
    DROPPERS = 8

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.ahead: dict[str, deque[Future[str]]] = {}
        self.making = ThreadPoolExecutor(1, thread_name_prefix="pg-spares")
        self.dropping = ThreadPoolExecutor(self.DROPPERS, thread_name_prefix="pg-drops")

    def _create(self, template: str) -> str:
        name = f"kipp_t_{uuid.uuid4().hex[:10]}"
        _admin(self.server_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def _drop(self, name: str) -> None:
        _admin(self.server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def take(self, template: str) -> str:
        """Return a fresh copy of the template, and start making the next ones."""
        ready = self.ahead.setdefault(template, deque())
        name = ready.popleft().result() if ready else self._create(template)
        while len(ready) < self.AHEAD:
            ready.append(self.making.submit(self._create, template))
        return name

    def give_back(self, name: str) -> None:
        """Drop a used copy (or a template no longer needed), behind the test."""
        self.dropping.submit(self._drop, name)

    def forget(self, template: str) -> None:
        """Before a template goes: drop its copies ahead once they are made."""
        for ready in self.ahead.pop(template, ()):
            self.give_back(ready.result())

    def close(self) -> None:
        """Drop every copy still ahead, and wait for every drop."""
        for template in list(self.ahead):
            self.forget(template)
        self.making.shutdown(wait=True)
        self.dropping.shutdown(wait=True)


@pytest.fixture(scope="session")
def pg_spares(pg_server_url):
    """The session's PgSpares (its threads end, and every drop is waited for, last)."""
    spares = PgSpares(pg_server_url)
    yield spares
    spares.close()


@pytest.fixture(scope="session")
def pg_template(pg_server_url, pg_spares):
    """A PostgreSQL database migrated to head, copied for each test as a template."""
    name = f"kipp_tpl_{uuid.uuid4().hex[:8]}"
    _admin(pg_server_url, f'CREATE DATABASE "{name}"')
    engine = make_engine(make_url(pg_server_url).set(database=name).render_as_string(False))
    upgrade(engine)
    engine.dispose()
    yield name
    pg_spares.forget(name)
    pg_spares.give_back(name)  # dropped with the others, before the session ends


def _pg_copy(server_url: str, template: str, spares: PgSpares) -> Iterator[str]:
    """Yield the URL of a new database copied from a template; drop it afterwards."""
    name = spares.take(template)
    yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    spares.give_back(name)


@pytest.fixture
def pg_url(pg_server_url, pg_template, pg_spares):
    """The URL of a fresh, migrated PostgreSQL database for one test."""
    yield from _pg_copy(pg_server_url, pg_template, pg_spares)


@pytest.fixture(scope="session")
def pg_demo_template(pg_server_url, pg_template, pg_spares):
    """A PostgreSQL database with the demo edition loaded once (awards not decided yet)."""
    name = f"kipp_demo_{uuid.uuid4().hex[:8]}"
    _admin(pg_server_url, f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    engine = make_engine(make_url(pg_server_url).set(database=name).render_as_string(False))
    load_demo(engine)
    engine.dispose()
    yield name
    pg_spares.forget(name)
    pg_spares.give_back(name)  # dropped with the others, before the session ends


@pytest.fixture
def pg_demo_url(pg_server_url, pg_demo_template, pg_spares):
    """A fresh copy of the demo database on PostgreSQL for one test."""
    yield from _pg_copy(pg_server_url, pg_demo_template, pg_spares)


def _decide(url: str) -> None:
    """Score every sheet of the demo edition, as `python -m data_access simulate` does."""
    from data_access.demo import DEMO_CODE
    from data_access.simulate import simulate

    engine = make_engine(url)
    simulate(engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    engine.dispose()


@pytest.fixture(scope="session")
def pg_decided_template(pg_server_url, pg_demo_template, pg_spares):
    """A PostgreSQL database with the demo edition fully scored (awards decided), made once."""
    name = f"kipp_decided_{uuid.uuid4().hex[:8]}"
    _admin(pg_server_url, f'CREATE DATABASE "{name}" TEMPLATE "{pg_demo_template}"')
    _decide(make_url(pg_server_url).set(database=name).render_as_string(False))
    yield name
    pg_spares.forget(name)
    pg_spares.give_back(name)


@pytest.fixture
def pg_decided_url(pg_server_url, pg_decided_template, pg_spares):
    """A fresh copy of the decided demo on PostgreSQL for one test."""
    yield from _pg_copy(pg_server_url, pg_decided_template, pg_spares)


# ---------------------------------------------------------------- Redis
@pytest.fixture(scope="session")
def redis_url():
    """A Redis URL: $TEST_REDIS_URL, the server on loopback, or a throwaway redis-server."""
    import redis

    candidates = [os.environ.get("TEST_REDIS_URL", ""), "redis://127.0.0.1:6379/15"]
    for url in filter(None, candidates):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            continue
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no Redis server reachable and redis-server not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(50):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.RedisError:
                threading.Event().wait(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


# ---------------------------------------------------------------- SQLite
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    settle(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    """The URL of a fresh, migrated SQLite file for one test."""
    return copy_database(sqlite_template, tmp_path)


# ---------------------------------------------------------------- both back ends
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """A fresh migrated database URL: each test using it runs on SQLite and on PostgreSQL.

    For tests whose point is SQL or the back end (queries, locking, migrations, the import
    writing rows); tests of pages, text and commands take sqlite_url or demo_url.
    """
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def engine(db_url):
    """An engine on a fresh migrated database (SQLite and PostgreSQL)."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url):
    """An engine on a fresh migrated SQLite database, for a test whose point is not SQL."""
    eng = make_engine(sqlite_url)
    yield eng
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_db_url(request) -> str:
    """A fresh copy of the demo database, on SQLite and on PostgreSQL (both made once)."""
    return request.getfixturevalue("demo_url" if request.param == "sqlite" else "pg_demo_url")


# ---------------------------------------------------------------- browser (Playwright)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--screen-info={0,0 1920x1080}",
    "--window-size=1920,1080",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (browser downloads do not work here) with offline flags."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Give every page a 1920x1080 viewport and screen."""
    return {
        **browser_context_args,
        "viewport": {"width": 1920, "height": 1080},
        "screen": {"width": 1920, "height": 1080},
    }


def _is_local(url: str) -> bool:
    return url.startswith(("data:", "blob:", "about:")) or urlsplit(url).hostname == "127.0.0.1"


@pytest.fixture
def offline_page(page):
    """A page that records every request not sent to 127.0.0.1 (the browser fails them).

    CHROMIUM_ARGS' --host-resolver-rules already fail every host but 127.0.0.1, names and
    addresses alike (localhost, [::1], 8.8.8.8: net::ERR_NAME_NOT_RESOLVED), so nothing
    leaves. No page.route() on top: a route turns the browser's cache off, and every page
    load then fetched, decompressed and compiled each script again, and sent each request
    through this process to be matched (some 0.3 s of CPU a page load).
    """
    foreign: list[str] = []
    page.on("request", lambda req: None if _is_local(req.url) else foreign.append(req.url))
    yield page
    assert foreign == [], f"requests to hosts other than 127.0.0.1: {foreign}"


@pytest.fixture
def live_dash(static_cache_dir):
    """live_dash(server) serves a create_app server on 127.0.0.1:<free port>; returns its URL.

    Its static files come compressed from the run's folder, as a gunicorn worker's do:
    a page's first load in a test process then reads them, instead of compressing them
    all at brotli's best under the test's timeouts (some 5 s of CPU in each process).
    """

    from dashboard.compression import COMPRESSION_KEY
    from dashboard.static_store import DiskStore

    servers = []

    def start(server):
        compression = server.extensions.get(COMPRESSION_KEY)
        if compression is not None and compression.cache.store is None:
            compression.cache.store = DiskStore(static_cache_dir)
        httpd = serve_in_thread(server)
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_port}"

    yield start
    for httpd in servers:
        httpd.shutdown()


@pytest.fixture
def artifacts_dir() -> Path:
    """A folder for screenshots and other test artefacts (git-ignored)."""
    path = Path(__file__).resolve().parent.parent / "test-results"
    path.mkdir(exist_ok=True)
    return path


# ---------------------------------------------------------------- the demo as a file
@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A migrated SQLite file with the demo edition (awards not decided yet)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    load_demo(engine)
    engine.dispose()
    settle(f"sqlite:///{path}")
    return path


@pytest.fixture
def demo_url(demo_template, tmp_path) -> str:
    """A fresh copy of the demo database for one test."""
    return copy_database(demo_template, tmp_path)


@pytest.fixture(scope="session")
def decided_template(demo_template, tmp_path_factory) -> Path:
    """The demo edition with every sheet scored (awards decided, not approved): simulated once."""
    folder = tmp_path_factory.mktemp("decided")
    url = copy_database(demo_template, folder)
    _decide(url)
    settle(url)
    return folder / "kipp.sqlite3"


@pytest.fixture
def decided_url(decided_template, tmp_path) -> str:
    """A fresh copy of the decided demo for one test."""
    return copy_database(decided_template, tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def decided_db_url(request) -> str:
    """A fresh copy of the decided demo, on SQLite and on PostgreSQL (both simulated once)."""
    return request.getfixturevalue("decided_url" if request.param == "sqlite" else "pg_decided_url")


# ---------------------------------------------------------------- the app (Flask tutorial style)
@dataclass(frozen=True)
class SiteTemplate:
    """The demo database with one account per role (tests/web.py) and a ceremony screen."""

    path: Path
    kiosk_path: str  # the screen's /kiosk?token=... address


@pytest.fixture(scope="session")
def site_template(demo_template, tmp_path_factory) -> SiteTemplate:
    """The demo with ACCOUNTS and the screen "TV Pendopo", made once and copied per app."""
    folder = tmp_path_factory.mktemp("site")
    url, kiosk_path = demo_with_accounts(demo_template, folder)
    settle(url)  # all in the file copied
    return SiteTemplate(folder / "kipp.sqlite3", kiosk_path)


def _serve(site_template: SiteTemplate, folder: Path, **settings):
    from app import create_app
    from dashboard.services import EXTENSION_KEY
    from data_access.settings import Settings

    url = copy_database(site_template.path, folder)
    app = create_app(Settings(database_url=url, instance_dir=str(folder), **settings))
    yield app
    app.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def app(site_template, tmp_path):
    """The app on a fresh copy of site_template, for a test that may change its data."""
    yield from _serve(site_template, tmp_path, secret_key="test")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_app(request, tmp_path):
    """The app on the demo with ACCOUNTS, on SQLite (as `app`) and on PostgreSQL.

    For the pages and endpoints whose point is a write (a juror's save, a reopen): the
    same requests, both back ends. Its clients come from any_login.
    """
    from app import create_app
    from dashboard.services import EXTENSION_KEY
    from data_access.settings import Settings

    if request.param == "sqlite":
        yield request.getfixturevalue("app")
        return
    url = request.getfixturevalue("pg_demo_url")
    request.node.kiosk_path = accounts_and_screen(url)
    app = create_app(Settings(database_url=url, instance_dir=str(tmp_path), secret_key="test"))
    yield app
    app.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def any_login(request, any_app, site_template):
    """login(role) for any_app (SQLite or PostgreSQL)."""
    return _logins(any_app, getattr(request.node, "kiosk_path", site_template.kiosk_path))


@pytest.fixture(scope="module")
def shared_app(site_template, tmp_path_factory):
    """One app on one copy of site_template for a module's tests that change no data."""
    yield from _serve(site_template, tmp_path_factory.mktemp("shared-app"), secret_key="test")


@pytest.fixture
def client(app):
    """A test client of `app`, logged in as nobody."""
    return app.test_client()


def _logins(app, kiosk_path: str) -> Callable[[str | None], FlaskClient]:
    from dashboard.auth import KIOSK

    clients: dict[str | None, FlaskClient] = {}

    def as_role(role: str | None) -> FlaskClient:
        """Return the app's client for a role, logged in on first use (None: anonymous)."""
        if role not in clients:
            if role == KIOSK:  # a ceremony screen: a browser that opened its token's address
                clients[role] = app.test_client()
                assert clients[role].get(kiosk_path).status_code == 200
            else:
                clients[role] = client_as(app, role)
        return clients[role]

    return as_role


@pytest.fixture
def login(app, site_template):
    """login(role) -> a client of `app` logged in with that role's account (or as the screen)."""
    return _logins(app, site_template.kiosk_path)


@pytest.fixture(scope="module")
def shared_login(shared_app, site_template):
    """login(role) for `shared_app`: one client per role, shared by a module's tests."""
    return _logins(shared_app, site_template.kiosk_path)
