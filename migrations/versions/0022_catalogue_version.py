"""the catalogue's own version: a one-row counter that moves with what the public record
reads from the judged tables (editions, units, innovations) and not with a score saved

Before this, the catalogue's version folded in `data_version`, which every write to the
judged tables moves: every juror's save (of any edition, the one in judging included,
which is not public) made every worker reload the whole public record. The record reads
only editions, units and innovations among those tables (the awards come through the
ceremony's row, the rest from the photos, documents and publications, which
`catalogue_version` reads itself), so these three alone move this counter, each in a
column of its own: the catalogue learns which of them changed and reloads only that.

Statement-level triggers, like 0001's (a bulk import bumps once per statement), on
INSERT, UPDATE and DELETE of the three tables.

Lock order. Every statement on those tables also bumps `data_version` (0001's
`<table>_bump_version` triggers), so such a transaction takes two row locks: the
`data_version` row and this one.
- PostgreSQL fires the triggers of one event and timing in alphabetical order of their
  names: `<table>_bump_version` < `<table>_catalogue_version` ("b" < "c"), so the
  `data_version` row is always locked first, and held to the commit. Every transaction
  that locks this row holds `data_version`'s already, so no two writers can wait for each
  other in the opposite order: they queue on `data_version`, as writers of judged data
  already do (0005). Nothing else writes this row (readers take no row lock).
- SQLite fires the triggers of one event newest first (checked on SQLite 3.40: a trigger
  created later fires earlier), so there this counter moves before `data_version`; the
  order does not matter there: a writing statement has already taken the database's one
  write lock (RESERVED) before any trigger runs, and holds it to the commit, so there is
  no second lock to take in any order.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 18:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables the public record reads among the judged ones; each moves its own column.
TABLES = ("editions", "units", "innovations")
FUNCTION = "bump_catalogue_version"


BUMP = {
    "editions": "UPDATE catalogue_version SET editions = editions + 1 WHERE id = 1",
    "units": "UPDATE catalogue_version SET units = units + 1 WHERE id = 1",
    "innovations": "UPDATE catalogue_version SET innovations = innovations + 1 WHERE id = 1",
}


def upgrade() -> None:
    op.create_table(
        "catalogue_version",
        sa.Column("id", sa.Integer(), nullable=False),
        *(sa.Column(table, sa.BigInteger(), nullable=False) for table in TABLES),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        "INSERT INTO catalogue_version (id, editions, units, innovations) VALUES (1, 0, 0, 0)"
    )
    if op.get_bind().dialect.name == "postgresql":
        # One function for the three tables: TG_TABLE_NAME says whose column moves.
        cases = " ".join(f"WHEN '{table}' THEN {BUMP[table]};" for table in TABLES)
        op.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN CASE TG_TABLE_NAME {cases} END CASE; RETURN NULL; END $$"
        )
        for table in TABLES:
            # Named after 0001's <table>_bump_version: fires after it (see the note above).
            op.execute(
                f"CREATE TRIGGER {table}_catalogue_version AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        return
    for table in TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_catalogue_version AFTER {event} "
                f"ON {table} BEGIN {BUMP[table]}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_version ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    else:
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_catalogue_version")
    op.drop_table("catalogue_version")
