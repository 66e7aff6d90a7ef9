"""edition minutes and images: the berita acara's number, date, place, signatories; kop, logos

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0017"
# Relinked after 0016 when the branches are merged.
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not judged data: no data-version trigger watches them. The documents read them fresh;
    # a logo's change moves the ceremony's revision instead, so the screens redraw.
    op.create_table(
        "edition_minutes",
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=80), nullable=False),
        sa.Column("chair_code", sa.String(length=64), nullable=False),
        sa.Column("known_title", sa.String(length=120), nullable=False),
        sa.Column("known_name", sa.String(length=120), nullable=False),
        sa.Column("known_nip", sa.String(length=18), nullable=False),
        sa.Column("committee_title", sa.String(length=120), nullable=False),
        sa.Column("committee_name", sa.String(length=120), nullable=False),
        sa.Column("committee_nip", sa.String(length=18), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("edition_id"),
    )
    op.create_table(
        "edition_images",
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "kind IN ('kop', 'regency_logo', 'competition_logo')",
            name="edition_image_kind_known",
        ),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("edition_id", "kind"),
    )


def downgrade() -> None:
    op.drop_table("edition_images")
    op.drop_table("edition_minutes")
