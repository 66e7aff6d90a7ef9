"""the stages' own counter: catalogue_version.stages, moved by every write to stages

The watch numbers' third (data_access.editions.WATCH_NUMBERS) says when what a page reads
of an edition's definition may have changed: the editions list, and what participation
reads of an edition (its id, deadline, zone and presentation stage). Until now it was
catalogue_version.editions alone (0022), which a stage added or changed does not move, so
every page read the edition's presentation stage again at every data version (a score
saved). With this counter beside it, `editions + stages` moves with every write to either
table, and the edition's definition is read again only then.

A column of its own, not a move of `editions`: that one is the public catalogue's mark
(its ETag and its editions' parts), which a stage does not change.

Statement-level triggers as 0022's; named `stages_catalogue_version`, so on PostgreSQL it
fires after 0001's `stages_bump_version` ("b" < "c"): the `data_version` row is locked
first, as by every writer of judged data (0022 says why that order matters).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "bump_stages_counter"
BUMP = "UPDATE catalogue_version SET stages = stages + 1 WHERE id = 1"
EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.add_column(
        "catalogue_version",
        sa.Column("stages", sa.BigInteger(), nullable=False, server_default=sa.text("0")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER stages_catalogue_version AFTER INSERT OR UPDATE OR DELETE "
            f"ON stages FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )
        return
    for event in EVENTS:
        op.execute(
            f"CREATE TRIGGER stages_{event.lower()}_catalogue_version AFTER {event} "
            f"ON stages BEGIN {BUMP}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stages_catalogue_version ON stages")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    else:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS stages_{event.lower()}_catalogue_version")
    # Not alembic's batch mode on SQLite: it would copy the table, drop it and rename the
    # copy, which SQLite refuses while 0022's triggers name it. Both databases drop a
    # column in place (SQLite since 3.35).
    op.execute("ALTER TABLE catalogue_version DROP COLUMN stages")
