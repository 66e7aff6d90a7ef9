"""Page data is computed once per data version and shared: per process, or across apps via Redis."""

from __future__ import annotations

import pickle
import random
import shutil

import pytest
from sqlalchemy import event, text

from app import create_app
from dashboard import data, page_data
from dashboard.services import EXTENSION_KEY
from data_access import reports
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, load_demo
from data_access.editions import watch_numbers
from data_access.models import Stage
from data_access.settings import Settings
from data_access.simulate import complete_sheet, open_sheets
from tests.seed import add_edition


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


def test_the_editions_mark_moves_with_every_write_to_stages_and_not_with_a_score(demo_db_url):
    """The watch numbers' third (editions + stages counters, migrations 0022 and 0023)."""
    engine = make_engine(demo_db_url)

    def mark() -> int:
        with engine.connect() as conn:
            return watch_numbers(conn).editions

    try:
        marks = [mark()]
        complete_sheet(engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], random.Random(2))
        assert mark() == marks[-1]  # a score saved: the data version moves, this does not
        with transaction(engine) as session:
            edition = add_edition(session, "t-stages")
            edition_id = edition.id
            stage_id = next(s.id for s in edition.stages if s.code == "presentation")
        marks.append(mark())
        table = Stage.__table__
        for statement in (  # a stage's write alone, each kind of statement
            table.update().where(table.c.id == stage_id).values(name="Presentasi"),
            table.delete().where(table.c.id == stage_id),
            table.insert().values(
                edition_id=edition_id, code="presentation", name="Presentasi", position=1
            ),
        ):
            with engine.begin() as conn:
                conn.execute(statement)
            marks.append(mark())
        assert marks == sorted(set(marks)), marks  # moved at every write, never back
    finally:
        engine.dispose()


def test_participation_reads_the_edition_again_only_when_an_edition_or_stage_changes(
    demo_db_url, monkeypatch
):
    """What participation reads of an edition (deadline, zone, presentation stage) is read
    once per editions' mark: a score saved recomputes the counts, not the edition's row."""
    reads = []
    real = page_data.page_queries.participation_edition

    def counted(conn, code):
        reads.append(code)
        return real(conn, code)

    monkeypatch.setattr(page_data.page_queries, "participation_edition", counted)
    app = create_app(Settings(database_url=demo_db_url, secret_key="t", version_cache_ms=0))
    engine = make_engine(demo_db_url)

    def shown():
        with app.test_request_context("/"):
            seen = data.watch_version(DEMO_CODE)
            return seen.version, page_data.participation(seen.edition, seen.version)

    try:
        first_version, first = shown()
        complete_sheet(engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], random.Random(3))
        scored_version, scored = shown()
        assert scored_version > first_version and len(reads) == 1
        assert scored.required == first.required and scored.rows  # drawn at the new version
        with engine.begin() as conn:  # the presentation stage renamed: a write to stages
            conn.execute(
                text("UPDATE stages SET name = 'Presentasi Final' WHERE code = 'presentation'")
            )
        shown()
        assert len(reads) == 2
        with engine.begin() as conn:  # the deadline moved: a write to editions
            conn.execute(
                text("UPDATE editions SET submission_end = NULL WHERE code = :code"),
                {"code": DEMO_CODE},
            )
        _version, moved = shown()
        assert len(reads) == 3 and moved.submission_end is None
        assert first.submission_end is not None
    finally:
        engine.dispose()
        _dispose(app)
