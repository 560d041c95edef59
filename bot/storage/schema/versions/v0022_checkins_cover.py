"""PostgreSQL: the check-ins' covering index also carries the check-in's id.

The summaries join a KBK's check-ins of a period to the behaviours and budaya-malu slips
ticked in them (``checkin_behaviours.checkin_id``). SQLite's index on (person_id, day,
value_id, answer) holds the rowid, which is the id, so those reads never leave the index;
PostgreSQL's held no id and fetched every check-in's row from the table (a page each: a
Pemda's check-ins arrive day by day, so one person's lie spread over the table). With
``INCLUDE (id)`` both engines answer from the index alone. SQLite is left as it is.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.drop_index("checkins_person_day_answer", table_name="checkins")
    op.create_index(
        "checkins_person_day_answer",
        "checkins",
        ["person_id", "day", "value_id", "answer"],
        postgresql_include=["id"],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.drop_index("checkins_person_day_answer", table_name="checkins")
    op.create_index(
        "checkins_person_day_answer", "checkins", ["person_id", "day", "value_id", "answer"]
    )
