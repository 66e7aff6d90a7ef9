"""The migrations build exactly the schema the models describe, and 0003 goes down and up again."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from data_access.db import make_engine, transaction
from data_access.migrate import alembic_config, current_revision, upgrade
from data_access.models import Base, Ceremony, KioskScreen
from tests.seed import add_edition

CEREMONY_TABLES = {"kiosk_screens", "ceremonies", "innovation_photos"}


def _is_sqlite_data_version_integer(diff) -> bool:
    """The one difference accepted on purpose, on SQLite only.

    0002 widens data_version.version to BIGINT on PostgreSQL only, because SQLite's INTEGER
    already holds 64 bits (a column declared BIGINT there is stored the same way), so on
    SQLite the reflected INTEGER differs from the model's BigInteger in name only.
    """
    if not (isinstance(diff, list) and len(diff) == 1):
        return False
    kind, _schema, table, column, *_rest = diff[0]
    return (kind, table, column) == ("modify_type", "data_version", "version")


def schema_differences(engine) -> list:
    """Return what alembic finds between the database and the models, less accepted ones."""
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    if engine.dialect.name == "sqlite":
        diffs = [d for d in diffs if not _is_sqlite_data_version_integer(d)]
    return diffs


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def downgrade(engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@pytest.fixture
def empty_sqlite(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield eng
    eng.dispose()


def test_migrated_schema_matches_the_models(engine):
    upgrade(engine)  # the fixture's database was built by upgrade(); again is a no-op
    assert current_revision(engine) == head()
    assert schema_differences(engine) == []
    assert set(inspect(engine).get_table_names()) >= CEREMONY_TABLES


def test_a_new_sqlite_file_matches_the_models(empty_sqlite):
    upgrade(empty_sqlite)
    assert schema_differences(empty_sqlite) == []


def test_the_accepted_difference_is_only_that_one(empty_sqlite):
    """The filter above must not hide a real difference, e.g. a missing column."""
    upgrade(empty_sqlite)
    with empty_sqlite.begin() as conn:
        conn.execute(text("ALTER TABLE ceremonies DROP COLUMN snapshot_version"))
    diffs = schema_differences(empty_sqlite)
    assert len(diffs) == 1
    assert diffs[0][0] == "add_column" and diffs[0][3].name == "snapshot_version"


def test_downgrade_to_0002_and_upgrade_again(engine):
    with transaction(engine) as session:
        edition = add_edition(session, "keep-2022")
        session.add(KioskScreen(name="Layar", token_hash="0" * 64, shown=""))
        session.add(Ceremony(edition_id=edition.id, step="splash", revision=3, settings="{}"))

    downgrade(engine, "0002")
    assert current_revision(engine) == "0002"
    tables = set(inspect(engine).get_table_names())
    assert not CEREMONY_TABLES & tables
    assert {"users", "editions", "data_version"} <= tables

    upgrade(engine)
    assert current_revision(engine) == head()
    assert schema_differences(engine) == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT code FROM editions")).scalars().all() == ["keep-2022"]
        assert conn.execute(text("SELECT COUNT(*) FROM kiosk_screens")).scalar_one() == 0
        assert conn.execute(text("SELECT COUNT(*) FROM ceremonies")).scalar_one() == 0
