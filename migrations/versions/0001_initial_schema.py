"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 18:55:28.078579
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('editions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('submission_start', sa.Date(), nullable=True),
    sa.Column('submission_end', sa.Date(), nullable=True),
    sa.Column('admin_check_start', sa.Date(), nullable=True),
    sa.Column('admin_check_end', sa.Date(), nullable=True),
    sa.Column('proposal_start', sa.Date(), nullable=True),
    sa.Column('proposal_end', sa.Date(), nullable=True),
    sa.Column('presentation_start', sa.Date(), nullable=True),
    sa.Column('presentation_end', sa.Date(), nullable=True),
    sa.Column('report_date', sa.Date(), nullable=True),
    sa.Column('ceremony_date', sa.Date(), nullable=True),
    sa.Column('weight_proposal', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('weight_presentation', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('finalist_count', sa.Integer(), nullable=False),
    sa.Column('normalization', sa.Boolean(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('finalist_count >= 0', name='finalist_count_nonnegative'),
    sa.CheckConstraint('weight_proposal >= 0 AND weight_presentation >= 0 AND weight_proposal + weight_presentation > 0', name='stage_weights_valid'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('confidence', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('innovations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('innovator', sa.String(length=300), nullable=False),
    sa.Column('category', sa.String(length=120), nullable=False),
    sa.Column('submitted_at', UTCDateTime(), nullable=True),
    sa.Column('admin_status', sa.String(length=20), nullable=False),
    sa.CheckConstraint("admin_status IN ('menunggu', 'lolos', 'tidak_lolos')", name='admin_status_known'),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('edition_id', 'code', name='uq_innovation_edition_code')
    )
    with op.batch_alter_table('innovations', schema=None) as batch_op:
        batch_op.create_index('ix_innovations_unit', ['unit_id'], unique=False)

    op.create_table('jurors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('jury_group', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('edition_id', 'code', name='uq_juror_edition_code')
    )
    op.create_table('stages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("code IN ('proposal', 'presentation')", name='stage_code_known'),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('edition_id', 'code', name='uq_stage_edition_code')
    )
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['juror_id'], ['jurors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['stages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stage_id', 'juror_id', 'innovation_id', name='uq_assignment')
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index('ix_assignments_innovation', ['innovation_id'], unique=False)

    op.create_table('criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weight_centi', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('weight_centi >= 0', name='criterion_weight_nonnegative'),
    sa.ForeignKeyConstraint(['stage_id'], ['stages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('id', 'stage_id', name='uq_criterion_id_stage'),
    sa.UniqueConstraint('stage_id', 'code', name='uq_criterion_stage_code')
    )
    op.create_table('scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('innovation_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score_centi', sa.Integer(), nullable=False),
    sa.Column('scored_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('score_centi BETWEEN 0 AND 10000', name='score_in_range'),
    sa.ForeignKeyConstraint(['criterion_id', 'stage_id'], ['criteria.id', 'criteria.stage_id'], name='fk_score_criterion_stage', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['innovation_id'], ['innovations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['juror_id'], ['jurors.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['stages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('juror_id', 'innovation_id', 'criterion_id', name='uq_score_sheet_cell')
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index('ix_scores_innovation', ['innovation_id'], unique=False)
        batch_op.create_index('ix_scores_sheet', ['stage_id', 'juror_id', 'innovation_id', 'criterion_id', 'score_centi', 'scored_at'], unique=False)

    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
    _create_version_triggers()


def downgrade() -> None:
    _drop_version_triggers()
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index('ix_scores_sheet')
        batch_op.drop_index('ix_scores_innovation')

    op.drop_table('scores')
    op.drop_table('criteria')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignments_innovation')

    op.drop_table('assignments')
    op.drop_table('stages')
    op.drop_table('jurors')
    with op.batch_alter_table('innovations', schema=None) as batch_op:
        batch_op.drop_index('ix_innovations_unit')

    op.drop_table('innovations')
    op.drop_table('units')
    op.drop_table('editions')
    op.drop_table('data_version')


# The dashboard polls data_version.version; the database bumps it on every write to
# judged data, whoever writes (import, CLI, a direct SQL fix), so no writer can forget.
WATCHED_TABLES = (
    "editions", "units", "stages", "criteria", "innovations", "jurors", "assignments", "scores",
)
BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"


def _create_version_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in WATCHED_TABLES:
            # Statement level: a bulk import bumps once per statement, not once per row.
            op.execute(
                f"CREATE TRIGGER {table}_bump_version AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
            )
        return
    for table in WATCHED_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_bump_version AFTER {event} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def _drop_version_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_data_version()")
        return
    for table in WATCHED_TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_bump_version")
