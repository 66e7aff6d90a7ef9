"""Page data is computed once per data version and shared: per process, or across apps via Redis."""

from __future__ import annotations

import pickle
import shutil

import pytest
from sqlalchemy import event, text

from app import create_app
from dashboard import data, page_data
from dashboard.services import EXTENSION_KEY
from data_access import reports
from data_access.db import make_engine
from data_access.demo import DEMO_CODE, load_demo
from data_access.settings import Settings
from data_access.simulate import complete_sheet, open_sheets


@pytest.fixture
def demo_url(sqlite_url) -> str:
    """A SQLite database holding the demo edition."""
    engine = make_engine(sqlite_url)
    load_demo(engine)
    engine.dispose()
    return sqlite_url


@pytest.fixture
def count_reports(monkeypatch):
    """Count how often the edition report is really computed (our function, not a service)."""
    calls = []
    real = reports.edition_tallies

    def counted(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(page_data, "edition_tallies", counted)
    return calls


def _report_in(app, version):
    with app.test_request_context("/"):
        return page_data.report(data.edition_named(DEMO_CODE), version)


def _version(app):
    with app.test_request_context("/"):
        return data.data_version()


def _dispose(*apps):
    for app in apps:
        app.extensions[EXTENSION_KEY].dispose()
        with app.app_context():
            data.cache.clear()


def test_one_computation_per_data_version_in_process(demo_url, count_reports):
    """Repeated ticks at one version compute once; a new score makes one more computation."""
    app = create_app(Settings(database_url=demo_url, secret_key="t"))
    try:
        version = _version(app)
        first = _report_in(app, version)
        assert _report_in(app, version) == first
        assert len(count_reports) == 1
        engine = make_engine(demo_url)
        complete_sheet(
            engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], __import__("random").Random(1)
        )
        engine.dispose()
        newer = _version(app)
        assert newer > version
        assert _report_in(app, newer).progress != first.progress
        assert len(count_reports) == 2
    finally:
        _dispose(app)


def test_two_apps_sharing_redis_compute_once(demo_url, redis_url, count_reports):
    """Two app processes' worth of caches on one Redis compute a data version once in all."""
    settings = Settings(database_url=demo_url, secret_key="t", cache_redis_url=redis_url)
    first, second = create_app(settings), create_app(settings)
    try:
        version = _version(first)
        a = _report_in(first, version)
        b = _report_in(second, version)
        assert a == b
        assert len(count_reports) == 1
    finally:
        _dispose(first, second)


def test_redis_keys_are_per_database(demo_url, redis_url, count_reports, tmp_path):
    """Two databases on one Redis never read each other's figures, even at equal versions."""
    other_url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    shutil.copyfile(demo_url.removeprefix("sqlite:///"), other_url.removeprefix("sqlite:///"))
    one = create_app(Settings(database_url=demo_url, secret_key="t", cache_redis_url=redis_url))
    two = create_app(Settings(database_url=other_url, secret_key="t", cache_redis_url=redis_url))
    try:
        version = _version(one)
        assert _version(two) == version
        _report_in(one, version)
        _report_in(two, version)
        assert len(count_reports) == 2
    finally:
        _dispose(one, two)


def test_cached_values_are_plain_data(demo_url):
    """What the cache holds pickles (Redis stores pickles) and holds no ORM objects."""
    app = create_app(Settings(database_url=demo_url, secret_key="t"))
    try:
        report = _report_in(app, _version(app))
        assert pickle.loads(pickle.dumps(report)) == report  # noqa: S301 - the round trip is the test
        assert type(report.edition).__module__ == "data_access.queries"
    finally:
        _dispose(app)


def test_the_editions_list_is_read_again_only_when_an_edition_changes(demo_db_url, monkeypatch):
    """A score saved moves the data version but not the editions' counter: the pages keep
    the editions list they read; a renamed edition moves the counter and is shown at once."""
    reads = []
    real = data.queries.list_edition_keys

    def counted(conn):
        reads.append(1)
        return real(conn)

    monkeypatch.setattr(data.queries, "list_edition_keys", counted)
    app = create_app(Settings(database_url=demo_db_url, secret_key="t", version_cache_ms=0))
    engine = make_engine(demo_db_url)
    try:
        with app.test_request_context("/"):
            first = data.watch_version(DEMO_CODE)
        complete_sheet(
            engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], __import__("random").Random(1)
        )
        with app.test_request_context("/"):
            scored = data.watch_version(DEMO_CODE)
        assert scored.version > first.version and scored.edition == first.edition
        assert len(reads) == 1
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE editions SET name = 'KIPP Kudus (diganti)' WHERE code = :code"),
                {"code": DEMO_CODE},
            )
        with app.test_request_context("/"):
            renamed = data.watch_version(DEMO_CODE)
            assert data.current_editions()[0].name == "KIPP Kudus (diganti)"
        assert renamed.edition is not None and renamed.edition.name == "KIPP Kudus (diganti)"
        assert len(reads) == 2
    finally:
        engine.dispose()
        _dispose(app)


def test_the_live_sessions_are_read_outside_a_transaction(demo_db_url):
    """Every worker reads the live sessions once a second (the ticks' and stored answers'
    session check): one statement, one round trip, no BEGIN and ROLLBACK around it."""
    from dashboard.poll import read_sessions

    app = create_app(Settings(database_url=demo_db_url, secret_key="t"))
    engine = app.extensions[EXTENSION_KEY].engine
    seen: list[tuple[str, bool]] = []

    def note(conn, _cursor, statement, _parameters, _context, _many) -> None:
        driver = conn.connection.driver_connection
        if conn.dialect.name == "sqlite":
            autocommit = driver.isolation_level is None and not driver.in_transaction
        else:
            autocommit = driver.autocommit
        seen.append((statement.split()[0], autocommit))

    event.listen(engine, "before_cursor_execute", note)
    try:
        with app.app_context():
            assert read_sessions() == {}  # the demo has accounts, no one signed in
        assert seen == [("SELECT", True)]
    finally:
        event.remove(engine, "before_cursor_execute", note)
        _dispose(app)
