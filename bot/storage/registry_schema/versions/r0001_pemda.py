"""The Pemda registry: one row per Pemda served by the deployment.

Revision ID: r0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pemda",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("bot_token", sa.Text(), nullable=False),
        sa.Column("bot_username", sa.Text(), nullable=True),
        sa.Column("settings", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("webhook_secret", sa.Text(), nullable=True),
        sa.Column("active", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        sa.UniqueConstraint("bot_token", name="pemda_bot_token"),
        sa.CheckConstraint("active IN (0, 1)", name="pemda_active"),
    )


def downgrade() -> None:
    op.drop_table("pemda")
