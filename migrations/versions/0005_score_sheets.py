"""score sheets: per-sheet totals that triggers keep in step with scores

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# score_sheets holds, per (stage, juror, innovation), what the totals statement used to
# group out of a million score rows on every refresh: criteria scored, Σ weight × score and
# the last scored_at. Triggers on scores and criteria keep it exact whoever writes (import,
# CLI, simulator, a direct SQL fix), so no writer can forget it. It is derived data with no
# foreign keys: a cascade that deletes scores deletes their sheet rows through the triggers,
# and a foreign key here would fail half way through such a cascade.
#
# Deletes and updates recompute each touched sheet from its remaining scores: a deleted
# score may have been the sheet's latest, which no running total can take back. On SQLite
# an insert adds its row to the sheet (an upsert); on PostgreSQL inserts recompute too (see
# below why). A changed weight recomputes ws of every sheet scoring that criterion.
# Nothing bypasses the triggers as long as nobody TRUNCATEs scores (PostgreSQL) or writes
# them with INSERT OR REPLACE (SQLite, where REPLACE deletes without firing delete triggers
# unless recursive_triggers is on): the code does neither.
COLUMNS = "stage_id, juror_id, innovation_id, n, ws, last"
KEY = ("stage_id", "juror_id", "innovation_id")


def _grouped(source: str, where: str) -> str:
    """Return the SELECT that sums the score rows of `source` (aliased s) into sheets."""
    return (
        "SELECT s.stage_id, s.juror_id, s.innovation_id, COUNT(*), "
        "CAST(SUM(CAST(c.weight_centi AS BIGINT) * s.score_centi) AS BIGINT), MAX(s.scored_at) "
        f"FROM {source} s JOIN criteria c ON c.id = s.criterion_id WHERE {where} "
        "GROUP BY s.stage_id, s.juror_id, s.innovation_id"
    )


def upgrade() -> None:
    op.create_table(
        "score_sheets",
        sa.Column("stage_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("juror_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("innovation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("ws", sa.BigInteger(), nullable=False),
        sa.Column("last", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY),
        sqlite_with_rowid=False,
    )
    op.execute(f"INSERT INTO score_sheets ({COLUMNS}) {_grouped('scores', '1 = 1')}")
    # Each panel (stage, innovation) whole, in order: spread and severity read it sorted.
    op.create_index(
        "ix_score_sheets_panel",
        "score_sheets",
        ["stage_id", "innovation_id", "juror_id", "n", "ws", "last"],
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
    else:
        _create_sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for trigger, table, _event, _referencing, _body in POSTGRESQL_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {trigger}()")
    else:
        for trigger, _sql in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table("score_sheets")


# ---------------------------------------------------------------- PostgreSQL
# Statement level with transition tables: a bulk insert of a million rows recomputes its
# sheets in one set-based statement, not in a million row triggers. PostgreSQL allows
# transition tables only on single-event triggers without a column list, hence one trigger
# per event. Every trigger recomputes the sheets it touched from scores rather than adding
# deltas: INSERT ... ON CONFLICT DO UPDATE fires the UPDATE trigger before the INSERT one,
# both after the rows are written, so a delta would count the inserted rows twice.
#
# A recompute reads scores; a concurrent writer of the same sheet that has not committed
# yet would be missed, and its own recompute would then overwrite or collide with ours.
# Today the data_version bump (0001, statement level, named so that it fires before these)
# already makes writers of judged data take turns: each holds the data_version row lock
# from its first write to its commit. So that the sheets do not silently depend on that,
# each trigger also takes a transaction-level advisory lock per stage it touches (in stage
# order, after the data_version lock, so it adds no deadlock): writers of a stage's scores
# take turns until commit, like every writer on SQLite, and readers never wait. Under READ
# COMMITTED each statement after the lock sees what the previous holder committed.
LOCK_CLASS = 5005  # first key of pg_advisory_xact_lock(LOCK_CLASS, stage_id)


def _pg_lock(stages: str) -> str:
    """Return the statement that takes the advisory locks of the stages `stages` selects."""
    return (
        f"PERFORM pg_advisory_xact_lock({LOCK_CLASS}, x.stage_id) "
        f"FROM (SELECT DISTINCT stage_id FROM ({stages}) y ORDER BY stage_id) x; "
    )


def _pg_recompute(keys: str, *, may_empty: bool = True) -> str:
    """Return the statements that recompute the sheets whose keys `keys` selects."""
    grouped = _grouped("scores", f"(s.stage_id, s.juror_id, s.innovation_id) IN ({keys})")
    lock = _pg_lock(keys)
    if not may_empty:  # inserted rows: every touched sheet still has scores
        return (
            f"{lock}INSERT INTO score_sheets ({COLUMNS}) {grouped} "
            "ON CONFLICT (stage_id, juror_id, innovation_id) DO UPDATE SET "
            "n = EXCLUDED.n, ws = EXCLUDED.ws, last = EXCLUDED.last;"
        )
    match = " AND ".join(f"t.{k} = k.{k}" for k in KEY)
    return (
        f"{lock}DELETE FROM score_sheets t USING ({keys}) k WHERE {match}; "
        f"INSERT INTO score_sheets ({COLUMNS}) {grouped};"
    )


_PG_OLD_KEYS = "SELECT stage_id, juror_id, innovation_id FROM old_rows"
_PG_NEW_KEYS = "SELECT stage_id, juror_id, innovation_id FROM new_rows"
POSTGRESQL_TRIGGERS = (
    (
        "scores_insert_sheets",
        "scores",
        "INSERT",
        "NEW TABLE AS new_rows",
        _pg_recompute(f"{_PG_NEW_KEYS} GROUP BY 1, 2, 3", may_empty=False),
    ),
    (
        "scores_update_sheets",
        "scores",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _pg_recompute(f"{_PG_OLD_KEYS} UNION {_PG_NEW_KEYS}"),
    ),
    (
        "scores_delete_sheets",
        "scores",
        "DELETE",
        "OLD TABLE AS old_rows",
        _pg_recompute(f"{_PG_OLD_KEYS} GROUP BY 1, 2, 3"),
    ),
    (
        "criteria_weight_sheets",
        "criteria",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        # Only sheets that score a criterion whose weight changed.
        _pg_recompute(
            "SELECT DISTINCT sc.stage_id, sc.juror_id, sc.innovation_id FROM scores sc "
            "JOIN new_rows nr ON nr.id = sc.criterion_id JOIN old_rows o ON o.id = nr.id "
            "WHERE o.weight_centi IS DISTINCT FROM nr.weight_centi"
        ),
    ),
)


def _create_postgresql_triggers() -> None:
    for trigger, table, event, referencing, body in POSTGRESQL_TRIGGERS:
        op.execute(
            f"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body} RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {trigger}()"
        )


# ---------------------------------------------------------------- SQLite
# SQLite has row triggers only. They fire for rows deleted by ON DELETE CASCADE too.
def _sqlite_recompute(row: str) -> str:
    """Return the statements that recompute the sheet of the OLD or NEW row."""
    where = " AND ".join(f"{k} = {row}.{k}" for k in KEY)
    match = " AND ".join(f"s.{k} = {row}.{k}" for k in KEY)
    return (
        f"DELETE FROM score_sheets WHERE {where}; "
        f"INSERT INTO score_sheets ({COLUMNS}) {_grouped('scores', match)};"
    )


_SQLITE_NEW_KEY_MOVED = " OR ".join(f"NEW.{k} IS NOT OLD.{k}" for k in KEY)
SQLITE_TRIGGERS = (
    (
        "scores_insert_sheets",
        "AFTER INSERT ON scores FOR EACH ROW BEGIN "
        f"INSERT INTO score_sheets ({COLUMNS}) "
        "SELECT NEW.stage_id, NEW.juror_id, NEW.innovation_id, 1, "
        "CAST(c.weight_centi AS BIGINT) * NEW.score_centi, NEW.scored_at "
        "FROM criteria c WHERE c.id = NEW.criterion_id "
        "ON CONFLICT (stage_id, juror_id, innovation_id) DO UPDATE SET "
        "n = n + 1, ws = ws + excluded.ws, last = MAX(last, excluded.last); END",
    ),
    (
        "scores_update_sheets",
        f"AFTER UPDATE ON scores FOR EACH ROW BEGIN {_sqlite_recompute('OLD')} END",
    ),
    (
        # A score moved to another sheet: recompute the sheet it joined as well.
        "scores_update_moved_sheets",
        f"AFTER UPDATE ON scores FOR EACH ROW WHEN {_SQLITE_NEW_KEY_MOVED} "
        f"BEGIN {_sqlite_recompute('NEW')} END",
    ),
    (
        "scores_delete_sheets",
        f"AFTER DELETE ON scores FOR EACH ROW BEGIN {_sqlite_recompute('OLD')} END",
    ),
    (
        "criteria_weight_sheets",
        "AFTER UPDATE OF weight_centi ON criteria FOR EACH ROW "
        "WHEN NEW.weight_centi IS NOT OLD.weight_centi BEGIN "
        "UPDATE score_sheets SET ws = (SELECT CAST(SUM(CAST(c.weight_centi AS BIGINT) "
        "* s.score_centi) AS BIGINT) FROM scores s JOIN criteria c ON c.id = s.criterion_id "
        "WHERE s.stage_id = score_sheets.stage_id AND s.juror_id = score_sheets.juror_id "
        "AND s.innovation_id = score_sheets.innovation_id) "
        "WHERE (stage_id, juror_id, innovation_id) IN (SELECT stage_id, juror_id, "
        "innovation_id FROM scores WHERE criterion_id = NEW.id); END",
    ),
)


def _create_sqlite_triggers() -> None:
    for trigger, sql in SQLITE_TRIGGERS:
        op.execute(f"CREATE TRIGGER {trigger} {sql}")
