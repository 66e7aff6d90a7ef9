"""photo captions and file details: a photo's caption, uploader, size in pixels and
thumbnail; a proposal PDF's page count (the committee's /berkas page)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHOTO_COLUMNS = ("caption", "uploaded_by", "width", "height", "thumbnail")


def upgrade() -> None:
    # Nullable all: photos and documents stored before keep working as they are (no
    # thumbnail is drawn here; the page draws one when asked). Still no data-version
    # trigger: a photo or a document is not judged data.
    with op.batch_alter_table("innovation_photos") as batch:
        batch.add_column(sa.Column("caption", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("uploaded_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("width", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("height", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("thumbnail", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("innovation_documents") as batch:
        batch.add_column(sa.Column("page_count", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("innovation_documents") as batch:
        batch.drop_column("page_count")
    with op.batch_alter_table("innovation_photos") as batch:
        for name in reversed(PHOTO_COLUMNS):
            batch.drop_column(name)
