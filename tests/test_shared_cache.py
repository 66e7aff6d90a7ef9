"""A burst of ticks computes each page aggregate once: per process, or in all with Redis."""

from __future__ import annotations

import hashlib
import logging
import os
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests

from app import create_app
from dashboard import data, ids, page_data, shared_cache
from dashboard.services import EXTENSION_KEY
from dashboard.shared_cache import LayeredRedisCache, counted, spent_seconds
from data_access import queries
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from data_access.simulate import complete_sheet, open_sheets
from tests.serving import Gunicorn
from tests.web import PASSWORD, ROLE_USER, csrf_from, demo_with_accounts, progress_tick

THREADS = 8
# One "computed" line of the report function: its arguments (edition, version, clock bucket).
REPORT_LINE = re.compile(
    r"computed _progress \(EditionRef\(code='(?P<code>[^']*)', id=\d+\), (?P<version>\d+), "
    r"(?P<bucket>\d+)\) "
    r"in [\d.]+ ms \(pid (?P<pid>\d+)\)"
)


@pytest.fixture
def slow_reports(monkeypatch):
    """Make the edition report take 0.3 s longer, so that a burst surely overlaps it."""
    calls = []
    real = page_data.edition_tallies

    def slow(*args, **kwargs):
        calls.append(args[1])
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(page_data, "edition_tallies", slow)
    return calls


@pytest.fixture
def redis_keys(redis_url):
    """Delete, after the test, every Redis key of the databases it registers (by URL)."""
    urls: list[str] = []
    yield urls.append
    client = redis.Redis.from_url(redis_url)
    try:
        for url in urls:
            for key in client.scan_iter(match=f"{_prefix(url)}*"):
                client.delete(key)
    finally:
        client.close()


def _prefix(database_url: str) -> str:
    # The key prefix data.init_app gives a database on Redis.
    return f"kipp-live:{hashlib.sha256(database_url.encode()).hexdigest()[:12]}:"


def _version(app) -> int:
    with app.test_request_context("/"):
        return data.data_version()


def _demo(version: int) -> data.EditionRef:
    """Return the demo edition as a request resolves it (inside a request context)."""
    return data.edition_named(DEMO_CODE)


def _dispose(*apps) -> None:
    for app in apps:
        app.extensions[EXTENSION_KEY].dispose()
        with app.app_context():
            data.cache.clear()


def _together(apps: list, version: int) -> list:
    """Ask every app in `apps` for the report at once, from one thread each."""
    barrier = threading.Barrier(len(apps))

    def ask(app):
        with app.test_request_context("/"):
            barrier.wait()
            return page_data.report(_demo(version), version)

    with ThreadPoolExecutor(len(apps)) as pool:
        return list(pool.map(ask, apps))


def test_threads_compute_a_cold_key_once_in_process(demo_url, slow_reports):
    """Eight threads missing the in-process cache together compute the report once."""
    app = create_app(Settings(database_url=demo_url, secret_key="t"))
    try:
        version = _version(app)
        before = shared_cache.computations["_progress"]
        results = _together([app] * THREADS, version)
        assert len(slow_reports) == 1
        assert shared_cache.computations["_progress"] == before + 1
        assert all(r == results[0] for r in results)
    finally:
        _dispose(app)


def test_threads_on_two_apps_sharing_redis_compute_once(
    demo_url, redis_url, redis_keys, slow_reports
):
    """Eight threads over two apps on one Redis (two processes' caches) compute it once."""
    redis_keys(demo_url)
    settings = Settings(database_url=demo_url, secret_key="t", cache_redis_url=redis_url)
    first, second = create_app(settings), create_app(settings)
    try:
        version = _version(first)
        results = _together([first, second] * (THREADS // 2), version)
        assert len(slow_reports) == 1
        assert all(r == results[0] for r in results)
    finally:
        _dispose(first, second)


def _lock_name(app, version: int) -> str:
    bucket = page_data._clock_bucket(page_data.utcnow())
    with app.test_request_context("/"):
        edition = _demo(version)
        key = shared_cache.cache_key(page_data._progress.uncached, (edition, version, bucket), {})
        return shared_cache.lock_name(data.cache.cache, key)


def test_a_crashed_lock_holder_delays_only_until_its_lock_expires(
    demo_url, redis_url, redis_keys, slow_reports
):
    """A lock whose holder died (never released) expires; the next caller then computes."""
    redis_keys(demo_url)
    app = create_app(Settings(database_url=demo_url, secret_key="t", cache_redis_url=redis_url))
    client = redis.Redis.from_url(redis_url)
    try:
        version = _version(app)
        if data.CLOCK_BUCKET_S - time.time() % data.CLOCK_BUCKET_S < 3:
            time.sleep(3)  # the lock below and the call must name one clock bucket
        assert client.lock(_lock_name(app, version), timeout=0.6).acquire(blocking=False)
        started = time.monotonic()
        with app.test_request_context("/"):
            page_data.report(_demo(version), version)
        assert 0.5 < time.monotonic() - started < 5
        assert len(slow_reports) == 1
    finally:
        client.close()
        _dispose(app)


def test_a_lock_held_too_long_is_waited_for_only_up_to_the_bound(
    demo_url, redis_url, redis_keys, slow_reports, monkeypatch, caplog
):
    """Past WAIT_S a caller computes anyway, with a warning, rather than fail or hang."""
    redis_keys(demo_url)
    monkeypatch.setattr(shared_cache, "WAIT_S", 0.5)
    monkeypatch.setattr(shared_cache, "_last_warning", [0.0])
    app = create_app(Settings(database_url=demo_url, secret_key="t", cache_redis_url=redis_url))
    client = redis.Redis.from_url(redis_url)
    try:
        version = _version(app)
        if data.CLOCK_BUCKET_S - time.time() % data.CLOCK_BUCKET_S < 3:
            time.sleep(3)
        lock = client.lock(_lock_name(app, version), timeout=30)
        assert lock.acquire(blocking=False)
        with (
            caplog.at_level(logging.WARNING, logger="dashboard.shared_cache"),
            app.test_request_context("/"),
        ):
            page_data.report(_demo(version), version)
        assert len(slow_reports) == 1
        assert "computing here" in caplog.text
        lock.release()
    finally:
        client.close()
        _dispose(app)


def test_redis_down_computes_and_warns(demo_url, monkeypatch, caplog):
    """With Redis not answering, pages still get their data (computed), and a warning is logged."""
    monkeypatch.setattr(shared_cache, "_last_warning", [0.0])
    down = Settings(database_url=demo_url, secret_key="t", cache_redis_url="redis://127.0.0.1:1/0")
    app, plain = create_app(down), create_app(Settings(database_url=demo_url, secret_key="t"))
    try:
        version = _version(plain)
        with (
            caplog.at_level(logging.WARNING, logger="dashboard.shared_cache"),
            app.test_request_context("/"),
        ):
            got = page_data.report(_demo(version), version)
        with plain.test_request_context("/"):
            assert got == page_data.report(_demo(version), version)
        assert "failed" in caplog.text
    finally:
        app.extensions[EXTENSION_KEY].dispose()
        _dispose(plain)


def test_each_computation_logs_one_line(demo_url, caplog):
    """A computation logs one INFO line on kipp.compute with its function, arguments and pid."""
    app = create_app(Settings(database_url=demo_url, secret_key="t"))
    try:
        version = _version(app)
        with app.test_request_context("/"):
            demo = _demo(version)  # resolved first: the editions' list logs its own line
        with (
            caplog.at_level(logging.INFO, logger="kipp.compute"),
            app.test_request_context("/"),
        ):
            page_data.report(demo, version)
            page_data.report(demo, version)
        lines = [r.getMessage() for r in caplog.records if r.name == "kipp.compute"]
        # The tallies, the standing (ranking), the jurors' tallies and the progress drawn
        # from them: one line each.
        assert len(lines) == 4
        for name in ("tallies", "standing"):
            [line] = [line for line in lines if line.startswith(f"computed {name} (")]
            assert f", {version}) in " in line and f"pid {os.getpid()}" in line
        [line] = [line for line in lines if REPORT_LINE.search(line)]
        found = REPORT_LINE.search(line)
        assert found and found["code"] == DEMO_CODE and int(found["version"]) == version
    finally:
        _dispose(app)


def test_a_computed_none_is_cached_too(demo_url):
    """A None result (an unknown edition) is remembered, not taken for a miss each time."""
    app = create_app(Settings(database_url=demo_url, secret_key="t"))
    try:
        version = _version(app)
        before = shared_cache.computations["overview"]
        with app.test_request_context("/"):
            unknown = data.EditionRef("no-such-edition", 0, "Tidak ada")
            assert page_data.overview(unknown, version) is None
            assert page_data.overview(unknown, version) is None
        assert shared_cache.computations["overview"] == before + 1
    finally:
        _dispose(app)


# ---------------------------------------------------------------- two real servers
def _login(base: str) -> dict[str, str]:
    """Log in as the viewer account; return the session cookies."""
    with requests.Session() as browser:
        token = csrf_from(browser.get(f"{base}/login", timeout=10).text)
        form = {"username": ROLE_USER["viewer"], "password": PASSWORD, "csrf": token}
        response = browser.post(f"{base}/login", data=form, allow_redirects=False, timeout=10)
        assert response.status_code == 302
        return browser.cookies.get_dict()


def _burst(bases: list[str], cookies: dict[str, str], per_server: int) -> None:
    """Post the progress page's refresh tick per_server times to every server, all at once."""
    barrier = threading.Barrier(len(bases) * per_server)

    def tick(base: str) -> None:
        barrier.wait()
        response = requests.post(
            f"{base}/_dash-update-component", json=progress_tick(None), cookies=cookies, timeout=30
        )
        assert response.status_code == 200
        assert ids.PROGRESS_CONTENT in response.json()["response"]

    with ThreadPoolExecutor(len(bases) * per_server) as pool:
        list(pool.map(tick, bases * per_server))


def _report_lines(logs: list[Path], version: int) -> list[re.Match]:
    found = (REPORT_LINE.search(line) for log in logs for line in log.read_text().splitlines())
    return [m for m in found if m and m["code"] == DEMO_CODE and int(m["version"]) == version]


def _stored_in_redis(redis_url: str, database_url: str) -> bool:
    client = redis.Redis.from_url(redis_url)
    try:
        return any(client.scan_iter(match=f"{_prefix(database_url)}*_progress*"))
    finally:
        client.close()


def _new_version(engine, rng: random.Random) -> int:
    """Complete one more sheet (a juror saving scores); return the new data version."""
    complete_sheet(engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], rng)
    with transaction(engine) as session:
        return queries.data_version(session)


@pytest.mark.parametrize("shared", ["redis", "in-process"])
def test_two_servers_compute_the_report_once_per_data_version(
    shared, demo_template, tmp_path, redis_url, redis_keys
):
    """Two gunicorn servers (2 workers x 4 threads each) on one database, hit at once.

    With one Redis the report of a data version is computed once in all; with the
    in-process cache at most once per worker.
    """
    url, _kiosk = demo_with_accounts(demo_template, tmp_path)
    # Every request reads the version (no per-worker memo): each burst is at the new one.
    env = {"VERSION_CACHE_MS": "0"}
    if shared == "redis":
        redis_keys(url)
        env["CACHE_REDIS_URL"] = redis_url
    servers = [Gunicorn(url, tmp_path, env=env, log=tmp_path / f"server-{n}.log") for n in (1, 2)]
    engine = make_engine(url)
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(Gunicorn.start, servers))
        cookies = _login(servers[0].url)
        rng = random.Random(7)
        for _ in range(2):
            version = _new_version(engine, rng)
            if data.CLOCK_BUCKET_S - time.time() % data.CLOCK_BUCKET_S < 3:
                time.sleep(3)  # one burst, one clock bucket
            _burst([s.url for s in servers], cookies, per_server=THREADS)
            lines = _report_lines([s.log for s in servers], version)
            # No part fell back to its error notice (a waiter must never get a None).
            assert not any("could not be built" in s.log.read_text() for s in servers)
            shown = [m[0] for m in lines]
            if shared == "redis":
                assert len(lines) == 1, shown
                assert _stored_in_redis(redis_url, url)
            else:  # 2 servers x 2 workers, each on its own
                pids = [m["pid"] for m in lines]
                assert 1 <= len(lines) <= 4 and len(set(pids)) == len(pids), shown
    finally:
        for server in servers:
            server.stop()
        engine.dispose()


def test_computing_ahead_is_joined_by_the_later_call(demo_url, slow_reports):
    """compute_ahead starts the report; the request asking for it next takes that result."""
    app = create_app(Settings(database_url=demo_url, secret_key="t"))
    try:
        version = _version(app)
        with app.test_request_context("/"):
            started = time.perf_counter()
            shared_cache.compute_ahead(page_data._progress, _demo(version), version, 1)
            assert time.perf_counter() - started < 0.2  # it returned at once
            time.sleep(0.1)  # the computation is under way (0.3 s long)
            result = page_data._progress(_demo(version), version, 1)
        assert len(slow_reports) == 1  # computed once: the later call joined it
        assert [stage.stage for stage in result.stages] == ["proposal", "presentation"]
    finally:
        _dispose(app)


def test_a_failure_computing_ahead_is_logged_and_the_later_call_computes(
    demo_url, monkeypatch, caplog
):
    app = create_app(Settings(database_url=demo_url, secret_key="t"))
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("database away")

    monkeypatch.setattr(page_data, "edition_tallies", broken)
    try:
        version = _version(app)
        with app.test_request_context("/"), caplog.at_level(logging.ERROR):
            shared_cache.compute_ahead(page_data._progress, _demo(version), version, 2)
            deadline = time.monotonic() + 5
            while not caplog.records and time.monotonic() < deadline:
                time.sleep(0.05)
            assert any("computing _progress ahead failed" in r.getMessage() for r in caplog.records)
            with pytest.raises(RuntimeError):
                page_data._progress(_demo(version), version, 2)
        assert len(calls) == 2  # the failure was not cached: the later call tried again
    finally:
        _dispose(app)


def test_waiting_threads_count_one_span_of_busy_time():
    """The pace's cost (spent_seconds): eight threads inside counted() for the same 0.2 s,
    one of them nested, count 0.2 s, not 1.6 s; a second span after it adds its own."""
    before = spent_seconds()
    start = threading.Barrier(8)

    def busy(nested: bool) -> None:
        start.wait()
        with counted():
            if nested:
                with counted():
                    time.sleep(0.2)
            else:
                time.sleep(0.2)

    threads = [threading.Thread(target=busy, args=(n == 0,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first = spent_seconds() - before
    assert 0.19 <= first < 0.4, first
    with counted():
        time.sleep(0.1)
        assert spent_seconds() - before >= first + 0.09  # a span under way counts already
    assert 0.29 <= spent_seconds() - before < 0.5


def test_redis_values_are_kept_in_the_process_after_the_first_read(redis_url):
    """LayeredRedisCache: a value read from Redis once is served from the process after
    (no second unpickling of a national standing); clear() and delete() drop the copies;
    only the newest LOCAL_VALUES stay."""
    backend = LayeredRedisCache(
        host=redis.Redis.from_url(redis_url), key_prefix=f"layered-test-{os.getpid()}:"
    )
    other = LayeredRedisCache(
        host=redis.Redis.from_url(redis_url), key_prefix=f"layered-test-{os.getpid()}:"
    )
    try:
        backend.set("standing(7)", {"rows": list(range(1000))})
        assert other.get("standing(7)") == {"rows": list(range(1000))}  # another process
        found = other.get("standing(7)")
        assert found is other.get("standing(7)")  # the same object: no Redis read again
        redis.Redis.from_url(redis_url).delete(f"layered-test-{os.getpid()}:standing(7)")
        assert other.get("standing(7)") == {"rows": list(range(1000))}  # kept in the process
        assert backend.get("standing(7)") is not None  # its writer kept it too
        other.clear()
        assert other.get("standing(7)") is None
        backend.delete("standing(7)")
        assert backend.get("standing(7)") is None
        for n in range(LayeredRedisCache.LOCAL_VALUES + 5):
            backend.set(f"k{n}", n)
        assert len(backend._local) == LayeredRedisCache.LOCAL_VALUES
        assert "k0" not in backend._local and f"k{n}" in backend._local
    finally:
        backend.clear()
