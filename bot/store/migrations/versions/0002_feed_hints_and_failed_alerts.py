"""Feed polling hints, alerts given up on, room alert settings that may each stay unset."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("poll_every", sa.Integer(), nullable=True))
    op.add_column("outbox", sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("room_settings") as batch:
        batch.alter_column("alert_mode", existing_type=sa.String(20), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM room_settings WHERE alert_mode IS NULL")
    with op.batch_alter_table("room_settings") as batch:
        batch.alter_column("alert_mode", existing_type=sa.String(20), nullable=False)
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("failed_at")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("poll_every")
