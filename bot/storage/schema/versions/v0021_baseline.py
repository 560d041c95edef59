"""The schema as the hand-written migrations 0001-0021 left it, for both engines.

A new database (SQLite or PostgreSQL) starts here; an SQLite database made by the old
migration runner is brought to version 21 by it and then stamped with this revision
(bot/storage/legacy.py), so both arrive at the same schema. Differences by engine:

- integers are BIGINT on PostgreSQL (Telegram's ids do not fit in 32 bits) and INTEGER on
  SQLite (where only ``INTEGER PRIMARY KEY`` is the rowid);
- a unit's name is unique without regard to case: ``COLLATE NOCASE`` on SQLite, a unique
  index on ``lower(name)`` on PostgreSQL;
- the triggers that keep ``unit_memberships`` are written once per engine;
- problem_escalations and problem_solutions refer to each other: PostgreSQL gets the second
  foreign key once both tables exist.

Revision ID: 0021
Revises:
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
NOCASE_TEXT = sa.Text().with_variant(sa.Text(collation="NOCASE"), "sqlite")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _unit_name_unique() -> list[sa.UniqueConstraint]:
    return [sa.UniqueConstraint("name")] if _sqlite() else []


def _chosen_solution_fk() -> list[sa.ForeignKeyConstraint]:
    if _sqlite():
        return [sa.ForeignKeyConstraint(["chosen_solution_id"], ["problem_solutions.id"])]
    return []


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", NOCASE_TEXT, nullable=False),
        sa.Column("kbk_name", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("work_days", sa.Text(), server_default=sa.text("'12345'"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        *_unit_name_unique(),
    )
    op.create_table(
        "people",
        sa.Column("id", ID, nullable=False),
        sa.Column("nip", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Text(), nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("agen_perubahan", ID, server_default=sa.text("0"), nullable=False),
        sa.Column("role_model", ID, server_default=sa.text("0"), nullable=False),
        sa.Column("active", ID, server_default=sa.text("1"), nullable=False),
        sa.Column("telegram_user_id", ID, nullable=True),
        sa.Column("registered_at", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("deactivated_at", sa.Text(), nullable=True),
        sa.Column("pemda_role", sa.Text(), nullable=True),
        sa.Column("kbk_role", sa.Text(), server_default=sa.text("'pegawai'"), nullable=False),
        sa.CheckConstraint("active IN (0, 1)"),
        sa.CheckConstraint(
            "kbk_role IN ('penanggung_jawab', 'ketua', 'sekretaris', 'anggota', 'fasilitator', 'pegawai')"
        ),
        sa.CheckConstraint("agen_perubahan IN (0, 1)"),
        sa.CheckConstraint("role_model IN (0, 1)"),
        sa.CheckConstraint("pemda_role IN ('admin', 'sekda', 'inspektorat', 'tim', 'bupati')"),
        sa.CheckConstraint("length(nip) = 18"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("telegram_user_id"),
        sa.UniqueConstraint("nip"),
    )
    op.create_index("people_unit", "people", ["unit_id", "active"], unique=False)
    op.create_table(
        "action_plan_items",
        sa.Column("id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("year", ID, nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("owner_id", ID, nullable=True),
        sa.Column("month", ID, nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'direncanakan'"), nullable=False),
        sa.Column("status_since", sa.Text(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("reminded_at", sa.Text(), nullable=True),
        sa.CheckConstraint("month BETWEEN 1 AND 12"),
        sa.CheckConstraint("status IN ('direncanakan', 'berjalan', 'selesai', 'batal')"),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "action_plan_items_unit", "action_plan_items", ["unit_id", "year", "month"], unique=False
    )
    op.create_table(
        "action_plan_evidence",
        sa.Column("id", ID, nullable=False),
        sa.Column("item_id", ID, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("added_at", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('photo', 'document', 'text')"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["action_plan_items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("action_plan_evidence_item", "action_plan_evidence", ["item_id"], unique=False)
    op.create_table(
        "activities",
        sa.Column("id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("announced_by", ID, nullable=False),
        sa.Column("announced_at", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('sosialisasi', 'internalisasi', 'diskusi', 'deklarasi')"),
        sa.ForeignKeyConstraint(["announced_by"], ["people.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("activities_unit", "activities", ["unit_id", "starts_at"], unique=False)
    op.create_table(
        "activity_attendance",
        sa.Column("activity_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("takeaway", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("activity_id", "person_id"),
    )
    op.create_table(
        "appreciation_drafts",
        sa.Column("person_id", ID, nullable=False),
        sa.Column("colleague_id", ID, nullable=False),
        sa.Column("value_id", sa.Text(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["colleague_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "appreciations",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("colleague_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("value_id", sa.Text(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("anonymous", ID, nullable=False),
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("delivered", ID, server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("delivered IN (0, 1)"),
        sa.CheckConstraint("person_id <> colleague_id"),
        sa.CheckConstraint("anonymous IN (0, 1)"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["colleague_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "appreciations_person_day", "appreciations", ["person_id", "day"], unique=False
    )
    op.create_index(
        "appreciations_unit_day",
        "appreciations",
        ["unit_id", "day", "value_id", "colleague_id"],
        unique=False,
    )
    op.create_table(
        "audit_log",
        sa.Column("id", ID, nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("telegram_user_id", ID, nullable=True),
        sa.Column("person_id", ID, nullable=True),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("audit_log_at", "audit_log", ["at"], unique=False)
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('libur', 'kerja')"),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "checkins",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("value_id", sa.Text(), nullable=False),
        sa.Column("behaviour_id", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("note_behaviour_id", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("malu_answered", ID, server_default=sa.text("0"), nullable=False),
        sa.Column("note_status", sa.Text(), server_default=sa.text("'none'"), nullable=False),
        sa.Column("note_suggestion_id", sa.Text(), nullable=True),
        sa.CheckConstraint("malu_answered IN (0, 1)"),
        sa.CheckConstraint("answer IN ('sudah', 'sebagian', 'belum')"),
        sa.CheckConstraint("note_status IN ('none', 'suggested', 'done')"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "day"),
    )
    op.create_index("checkins_day", "checkins", ["day", "person_id"], unique=False)
    op.create_index(
        "checkins_person_day_answer",
        "checkins",
        ["person_id", "day", "value_id", "answer"],
        unique=False,
    )
    op.create_table(
        "checkin_behaviours",
        sa.Column("checkin_id", ID, nullable=False),
        sa.Column("behaviour_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["checkin_id"], ["checkins.id"]),
        sa.PrimaryKeyConstraint("checkin_id", "behaviour_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "checkin_malu",
        sa.Column("checkin_id", ID, nullable=False),
        sa.Column("malu_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["checkin_id"], ["checkins.id"]),
        sa.PrimaryKeyConstraint("checkin_id", "malu_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "deliveries",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("local_date", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("deadline", sa.Text(), nullable=False),
        sa.Column("attempts", ID, server_default=sa.text("0"), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'expired', 'unknown')"
        ),
        sa.CheckConstraint("kind IN ('morning', 'afternoon')"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "local_date", "kind"),
    )
    op.create_index("deliveries_day", "deliveries", ["local_date", "kind", "status"], unique=False)
    op.create_index(
        "deliveries_open",
        "deliveries",
        ["status"],
        unique=False,
        sqlite_where=sa.text("status IN ('pending', 'sending')"),
        postgresql_where=sa.text("status IN ('pending', 'sending')"),
    )
    op.create_table(
        "drafts",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "evaluations",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("window_key", sa.Text(), nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("leading", ID, nullable=False),
        sa.Column("started_at", sa.Text(), nullable=False),
        sa.Column("finished_at", sa.Text(), nullable=True),
        sa.CheckConstraint('"leading" IN (0, 1)'),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "window_key"),
    )
    op.create_index(
        "evaluations_unit_window",
        "evaluations",
        ["unit_id", "window_key", "finished_at"],
        unique=False,
    )
    op.create_table(
        "evaluation_answers",
        sa.Column("evaluation_id", ID, nullable=False),
        sa.Column("criterion_id", sa.Text(), nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("score", ID, nullable=False),
        sa.Column("answered_at", sa.Text(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["evaluation_id"], ["evaluations.id"]),
        sa.PrimaryKeyConstraint("evaluation_id", "criterion_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "evaluation_reminders",
        sa.Column("window_key", sa.Text(), nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("sent_at", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.CheckConstraint("outcome IN ('sent', 'unreachable')"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("window_key", "person_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "innovations",
        sa.Column("id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'diajukan'"), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("reviewed_by", ID, nullable=True),
        sa.Column("reviewed_at", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('diajukan', 'diterima', 'dikembangkan', 'ditolak')"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["reviewed_by"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("innovations_unit", "innovations", ["unit_id", "created_at"], unique=False)
    op.create_table(
        "invites",
        sa.Column("code_hash", sa.Text(), nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Text(), nullable=False),
        sa.Column("used_at", sa.Text(), nullable=True),
        sa.Column("used_by", ID, nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    op.create_index("invites_person", "invites", ["person_id"], unique=False)
    op.create_table(
        "join_requests",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("telegram_user_id", ID, nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.Column("decided_by", ID, nullable=True),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected', 'superseded')"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("join_requests_person", "join_requests", ["person_id", "status"], unique=False)
    op.create_table(
        "kbk_decrees",
        sa.Column("id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Text(), nullable=False),
        sa.Column("file_kind", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Text(), nullable=False),
        sa.Column("recorded_by", ID, nullable=False),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.CheckConstraint("file_kind IN ('photo', 'document')"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["recorded_by"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("kbk_decrees_unit", "kbk_decrees", ["unit_id", "id"], unique=False)
    op.create_table(
        "owner_lease",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("pid", ID, nullable=False),
        sa.Column("since", sa.Text(), nullable=False),
        sa.Column("renewed_at", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "pauses",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("start_day", sa.Text(), nullable=False),
        sa.Column("end_day", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("pauses_person", "pauses", ["person_id", "start_day"], unique=False)
    op.create_table(
        "pending_inputs",
        sa.Column("telegram_user_id", ID, nullable=False),
        sa.Column("feature", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("ref_id", ID, nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("telegram_user_id"),
    )
    op.create_table(
        "person_settings",
        sa.Column("person_id", ID, nullable=False),
        sa.Column("morning_time", sa.Text(), nullable=True),
        sa.Column("afternoon_time", sa.Text(), nullable=True),
        sa.Column("timezone", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "pledges",
        sa.Column("person_id", ID, nullable=False),
        sa.Column("year", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("person_id", "year"),
    )
    op.create_table(
        "problem_drafts",
        sa.Column("person_id", ID, nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("attachment_kind", sa.Text(), nullable=True),
        sa.Column("attachment_file_id", sa.Text(), nullable=True),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.CheckConstraint("attachment_kind IN ('photo', 'document')"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "problems",
        sa.Column("id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("reporter_id", ID, nullable=False),
        sa.Column("anonymous", ID, nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attachment_kind", sa.Text(), nullable=True),
        sa.Column("attachment_file_id", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), server_default=sa.text("'baru'"), nullable=False),
        sa.Column("handler_id", ID, nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("status_since", sa.Text(), nullable=False),
        sa.Column("reminded_at", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), server_default=sa.text("'lainnya'"), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("desk", sa.Text(), server_default=sa.text("'unit'"), nullable=False),
        sa.CheckConstraint(
            "status IN ('baru', 'ditangani', 'dieskalasi', 'ditindaklanjuti', 'selesai', 'ditolak')"
        ),
        sa.CheckConstraint("anonymous IN (0, 1)"),
        sa.CheckConstraint("desk IN ('unit', 'pemda')"),
        sa.CheckConstraint(
            "category IN ('pelayanan', 'sarana', 'prosedur', 'sdm', 'perilaku', 'integritas', 'lainnya')"
        ),
        sa.CheckConstraint("attachment_kind IN ('photo', 'document')"),
        sa.ForeignKeyConstraint(["reporter_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["handler_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "problems_code",
        "problems",
        ["code"],
        unique=True,
        sqlite_where=sa.text("code IS NOT NULL"),
        postgresql_where=sa.text("code IS NOT NULL"),
    )
    op.create_index("problems_reporter", "problems", ["reporter_id", "id"], unique=False)
    op.create_index("problems_status", "problems", ["status"], unique=False)
    op.create_index("problems_unit", "problems", ["unit_id", "status"], unique=False)
    op.create_table(
        "problem_escalations",
        sa.Column("id", ID, nullable=False),
        sa.Column("problem_id", ID, nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("escalated_by", ID, nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("level_since", sa.Text(), nullable=False),
        sa.Column("reminded_at", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.Text(), nullable=True),
        sa.Column("answered_by", ID, nullable=True),
        sa.Column("chosen_solution_id", ID, nullable=True),
        sa.Column("direction", sa.Text(), nullable=True),
        sa.Column("forward_note", sa.Text(), nullable=True),
        sa.Column("forwarded_by", ID, nullable=True),
        sa.CheckConstraint("route IN ('langsung', 'berjenjang', 'otomatis')"),
        sa.CheckConstraint("level IN ('ketua', 'kepala', 'pemda')"),
        sa.ForeignKeyConstraint(["problem_id"], ["problems.id"]),
        sa.ForeignKeyConstraint(["escalated_by"], ["people.id"]),
        sa.ForeignKeyConstraint(["forwarded_by"], ["people.id"]),
        sa.ForeignKeyConstraint(["answered_by"], ["people.id"]),
        *_chosen_solution_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "problem_escalations_open",
        "problem_escalations",
        ["problem_id"],
        unique=True,
        sqlite_where=sa.text("answered_at IS NULL"),
        postgresql_where=sa.text("answered_at IS NULL"),
    )
    op.create_index(
        "problem_escalations_problem", "problem_escalations", ["problem_id"], unique=False
    )
    op.create_table(
        "problem_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("problem_id", ID, nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("from_status", sa.Text(), nullable=True),
        sa.Column("to_status", sa.Text(), nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.Column("actor_role", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.CheckConstraint("actor_role IN ('pelapor', 'penangan', 'pimpinan', 'sistem')"),
        sa.ForeignKeyConstraint(["problem_id"], ["problems.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("problem_events_problem", "problem_events", ["problem_id", "id"], unique=False)
    op.create_table(
        "problem_messages",
        sa.Column("id", ID, nullable=False),
        sa.Column("problem_id", ID, nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("from_reporter", ID, nullable=False),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("text", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("attachment_kind", sa.Text(), nullable=True),
        sa.Column("attachment_file_id", sa.Text(), nullable=True),
        sa.CheckConstraint("from_reporter IN (0, 1)"),
        sa.CheckConstraint("attachment_kind IN ('photo', 'document')"),
        sa.ForeignKeyConstraint(["author_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["problem_id"], ["problems.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "problem_messages_problem", "problem_messages", ["problem_id", "id"], unique=False
    )
    op.create_table(
        "problem_outbox",
        sa.Column("id", ID, nullable=False),
        sa.Column("problem_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("keyboard", sa.Text(), nullable=True),
        sa.Column("attachment_kind", sa.Text(), nullable=True),
        sa.Column("attachment_file_id", sa.Text(), nullable=True),
        sa.Column("due_at", sa.Text(), nullable=False),
        sa.Column("attempts", ID, server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.CheckConstraint("attachment_kind IN ('photo', 'document')"),
        sa.ForeignKeyConstraint(["problem_id"], ["problems.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("problem_outbox_due", "problem_outbox", ["due_at", "id"], unique=False)
    op.create_table(
        "problem_solutions",
        sa.Column("id", ID, nullable=False),
        sa.Column("problem_id", ID, nullable=False),
        sa.Column("escalation_id", ID, nullable=True),
        sa.Column("position", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"]),
        sa.ForeignKeyConstraint(["escalation_id"], ["problem_escalations.id"]),
        sa.ForeignKeyConstraint(["problem_id"], ["problems.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "problem_solutions_problem",
        "problem_solutions",
        ["problem_id", "escalation_id"],
        unique=False,
    )
    if not _sqlite():
        op.create_foreign_key(
            "problem_escalations_chosen_solution",
            "problem_escalations",
            "problem_solutions",
            ["chosen_solution_id"],
            ["id"],
        )
    op.create_table(
        "report_log",
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("period_key", sa.Text(), nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("sent_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("kind", "period_key", "person_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "semester_reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("unit_id", ID, nullable=True),
        sa.Column("period_key", sa.Text(), nullable=False),
        sa.Column("preparer_id", ID, nullable=False),
        sa.Column("preparer_as", sa.Text(), nullable=False),
        sa.Column("obstacles", sa.Text(), nullable=True),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("drafted_at", sa.Text(), nullable=False),
        sa.Column("approved_by", ID, nullable=True),
        sa.Column("approved_at", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.Text(), nullable=True),
        sa.CheckConstraint("(scope = 'unit') = (unit_id IS NOT NULL)"),
        sa.CheckConstraint("preparer_as IN ('kepala', 'ketua', 'tim', 'admin')"),
        sa.CheckConstraint("scope IN ('unit', 'pemda')"),
        sa.ForeignKeyConstraint(["preparer_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["approved_by"], ["people.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "telegram_users",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("username", sa.Text(), nullable=True),
        sa.Column("language_code", sa.Text(), nullable=True),
        sa.Column("first_seen_at", sa.Text(), nullable=False),
        sa.Column("last_seen_at", sa.Text(), nullable=False),
        sa.Column("unreachable_since", sa.Text(), nullable=True),
        sa.Column("unreachable_reason", sa.Text(), nullable=True),
        sa.Column("menu", sa.Text(), nullable=True),
        sa.Column("name_erased", ID, server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("name_erased IN (0, 1)"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index(
        "telegram_users_unreachable",
        "telegram_users",
        ["unreachable_since"],
        unique=False,
        sqlite_where=sa.text("unreachable_since IS NOT NULL"),
        postgresql_where=sa.text("unreachable_since IS NOT NULL"),
    )
    op.create_table(
        "unit_memberships",
        sa.Column("person_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("since", sa.Text(), nullable=False),
        sa.Column("until", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("person_id", "since"),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "unit_memberships_unit", "unit_memberships", ["unit_id", "since"], unique=False
    )

    if not _sqlite():
        op.create_index("units_name", "units", [sa.text("lower(name)")], unique=True)
    op.create_index(
        "semester_reports_one",
        "semester_reports",
        ["scope", sa.text("COALESCE(unit_id, 0)"), "period_key"],
        unique=True,
    )
    for statement in MEMBERSHIP_TRIGGERS["sqlite" if _sqlite() else "postgresql"]:
        op.execute(statement)


def downgrade() -> None:
    """Back to an empty database (every table of the bot, with its data: restore a backup to
    go back to an older release with the data)."""
    bind = op.get_bind()
    metadata = sa.MetaData()
    metadata.reflect(bind)
    with warnings.catch_warnings():  # the two tables' cycle: handled below
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        ordered = list(reversed(metadata.sorted_tables))
    names = [t.name for t in ordered if t.name != "alembic_version"]
    if _sqlite():
        for name in names:
            op.drop_table(name)
        return
    for name in names:  # problem_escalations and problem_solutions refer to each other
        op.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    for function in ("people_membership_insert", "people_membership_update"):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")


# A new person's membership starts at the beginning; a move or a departure closes the open
# membership (from the day after the change's UTC date), a move or a return opens a new one,
# and a second change on the same day replaces the first one's pending membership.
MEMBERSHIP_TRIGGERS = {
    "sqlite": [
        """CREATE TRIGGER people_membership_insert AFTER INSERT ON people WHEN NEW.active = 1
BEGIN
    INSERT INTO unit_memberships (person_id, unit_id, since)
    VALUES (NEW.id, NEW.unit_id, '0001-01-01');
END""",
        """CREATE TRIGGER people_membership_update AFTER UPDATE OF unit_id, active ON people
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.active IS NOT NEW.active
BEGIN
    DELETE FROM unit_memberships
    WHERE person_id = NEW.id AND since >= date(NEW.updated_at, '+1 day');
    UPDATE unit_memberships SET until = date(NEW.updated_at, '+1 day')
    WHERE person_id = NEW.id AND (until IS NULL OR until > date(NEW.updated_at, '+1 day'));
    INSERT INTO unit_memberships (person_id, unit_id, since)
    SELECT NEW.id, NEW.unit_id, date(NEW.updated_at, '+1 day') WHERE NEW.active = 1;
END""",
    ],
    "postgresql": [
        """CREATE FUNCTION people_membership_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unit_memberships (person_id, unit_id, since)
    VALUES (NEW.id, NEW.unit_id, '0001-01-01');
    RETURN NULL;
END $$""",
        """CREATE TRIGGER people_membership_insert AFTER INSERT ON people
FOR EACH ROW WHEN (NEW.active = 1) EXECUTE FUNCTION people_membership_insert()""",
        """CREATE FUNCTION people_membership_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next_day text := to_char(CAST(substr(NEW.updated_at, 1, 10) AS date) + 1, 'YYYY-MM-DD');
BEGIN
    DELETE FROM unit_memberships WHERE person_id = NEW.id AND since >= next_day;
    UPDATE unit_memberships SET until = next_day
    WHERE person_id = NEW.id AND (until IS NULL OR until > next_day);
    IF NEW.active = 1 THEN
        INSERT INTO unit_memberships (person_id, unit_id, since)
        VALUES (NEW.id, NEW.unit_id, next_day);
    END IF;
    RETURN NULL;
END $$""",
        """CREATE TRIGGER people_membership_update AFTER UPDATE OF unit_id, active ON people
FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.active IS DISTINCT FROM
NEW.active) EXECUTE FUNCTION people_membership_update()""",
    ],
}
