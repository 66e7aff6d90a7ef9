"""Schema migrations: upgrade any database to the newest Alembic revision."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from data_access.settings import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config() -> Config:
    """Return an Alembic config pointing at the project's migrations folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the database behind the engine to the given revision."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """Return the database's Alembic revision, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
