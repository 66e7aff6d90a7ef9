"""sheets filled in the app (draft or submitted), their comments, and the score history

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-12 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SCORING.md: a sheet filled in the app counts only once submitted, so a change of state
# moves what the ranking and progress show: sheet_states bumps data_version like the
# judged tables of 0001 (a save that changes only the note bumps it too: cheap, and every
# save is then visible to the pollers). The history is append-only: triggers refuse
# UPDATE and DELETE (and TRUNCATE on PostgreSQL) whoever asks.
BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"
APPEND_ONLY = "score_history is append-only"
SHEET_KEY = ("stage_id", "juror_id", "innovation_id")


def upgrade() -> None:
    op.create_table(
        "sheet_states",
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(length=80), nullable=True),
        sa.Column("reopened_at", UTCDateTime(), nullable=True),
        sa.Column("reopened_by", sa.String(length=80), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("state IN ('draft', 'submitted')", name="sheet_state_known"),
        sa.CheckConstraint("revision >= 1", name="sheet_revision_positive"),
        sa.ForeignKeyConstraint(["stage_id"], ["stages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["juror_id"], ["jurors.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["innovation_id"], ["innovations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*SHEET_KEY),
    )
    op.create_index("ix_sheet_states_juror", "sheet_states", ["juror_id", "stage_id"])
    op.create_table(
        "sheet_comments",
        sa.Column("stage_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("juror_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("innovation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("criterion_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            list(SHEET_KEY),
            [f"sheet_states.{k}" for k in SHEET_KEY],
            name="fk_sheet_comment_sheet",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id", "stage_id"],
            ["criteria.id", "criteria.stage_id"],
            name="fk_sheet_comment_criterion",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*SHEET_KEY, "criterion_id"),
    )
    op.create_table(
        "score_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=True),
        sa.Column("stage_code", sa.String(length=20), nullable=False),
        sa.Column("juror_code", sa.String(length=64), nullable=False),
        sa.Column("innovation_code", sa.String(length=64), nullable=False),
        sa.Column("criterion_code", sa.String(length=64), nullable=True),
        sa.Column("event", sa.String(length=12), nullable=False),
        sa.Column("old_centi", sa.Integer(), nullable=True),
        sa.Column("new_centi", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("event IN ('score', 'submit', 'reopen')", name="history_event_known"),
        sa.CheckConstraint("source IN ('web', 'import', 'cli')", name="history_source_known"),
        sa.CheckConstraint(
            "event <> 'score' OR (criterion_id IS NOT NULL AND criterion_code IS NOT NULL "
            "AND (old_centi IS NOT NULL OR new_centi IS NOT NULL))",
            name="history_score_names_criterion",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_score_history_sheet", "score_history", ["stage_id", "juror_id", "innovation_id", "id"]
    )
    op.create_index("ix_score_history_edition", "score_history", ["edition_id", "id"])
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
    else:
        _create_sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS sheet_states_bump_version ON sheet_states")
        for trigger in ("score_history_append_only", "score_history_no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON score_history")
        op.execute("DROP FUNCTION IF EXISTS score_history_refuse()")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS sheet_states_{event}_bump_version")
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS score_history_no_{event}")
    op.drop_index("ix_score_history_edition", table_name="score_history")
    op.drop_index("ix_score_history_sheet", table_name="score_history")
    op.drop_table("score_history")
    op.drop_table("sheet_comments")
    op.drop_index("ix_sheet_states_juror", table_name="sheet_states")
    op.drop_table("sheet_states")


def _create_postgresql_triggers() -> None:
    # bump_data_version() is 0001's: statement level, like the judged tables.
    op.execute(
        "CREATE TRIGGER sheet_states_bump_version AFTER INSERT OR UPDATE OR DELETE "
        "ON sheet_states FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
    )
    op.execute(
        "CREATE FUNCTION score_history_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'restrict_violation'; END $$"
    )
    op.execute(
        "CREATE TRIGGER score_history_append_only BEFORE UPDATE OR DELETE ON score_history "
        "FOR EACH ROW EXECUTE FUNCTION score_history_refuse()"
    )
    op.execute(
        "CREATE TRIGGER score_history_no_truncate BEFORE TRUNCATE ON score_history "
        "FOR EACH STATEMENT EXECUTE FUNCTION score_history_refuse()"
    )


def _create_sqlite_triggers() -> None:
    for event in ("INSERT", "UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER sheet_states_{event.lower()}_bump_version AFTER {event} "
            f"ON sheet_states BEGIN {BUMP}; END"
        )
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER score_history_no_{event.lower()} BEFORE {event} ON score_history "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )
