"""Personal data under UU 27/2022 (Pelindungan Data Pribadi): the /dataku export.

Pure: the rows the database holds about a person (:class:`PersonalData`) and the content
pack in, one JSON-ready document out. Content ids (values, behaviours, budaya-malu items)
are given with their text so the person can read the file without the bot.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.content.models import ContentPack, ValueSet
from bot.storage.personal_data import PersonalData, Row
from bot.storage.timestamps import to_iso

FORMAT_VERSION = 1


def _labels(value_set: ValueSet, content: ContentPack) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value in value_set.values:
        labels[value.id] = value.name
        for behaviour in value.behaviours:
            labels[behaviour.id] = f"{value.name}: {behaviour.text}"
    for item in content.budaya_malu.items:
        labels[item.id] = item.text
    return labels


def _checkin(row: Row, labels: dict[str, str]) -> dict[str, Any]:
    def named(item_id: str | None) -> dict[str, str] | None:
        if item_id is None:
            return None
        return {"id": item_id, "teks": labels.get(item_id, item_id)}

    return {
        "tanggal": row["day"],
        "nilai": named(row["value_id"]),
        "perilaku_hari_ini": named(row["behaviour_id"]),
        "jawaban": row["answer"],
        "perilaku_dipraktikkan": [named(b) for b in row["practised"]],
        "budaya_malu_diisi": bool(row.get("malu_answered")) or bool(row["malu"]),
        "budaya_malu_terlewat": [named(m) for m in row["malu"]],
        "catatan": row["note"],
        "catatan_tentang_perilaku": named(row["note_behaviour_id"]),
        "dibuat": row["created_at"],
        "diubah": row["updated_at"],
    }


def export_document(
    data: PersonalData, value_set: ValueSet, content: ContentPack, now: datetime
) -> dict[str, Any]:
    """The /dataku file's content: everything held about the person, labelled."""
    labels = _labels(value_set, content)
    return {
        "keterangan": (
            "Semua data tentang Anda yang disimpan Budaya Kerja Bot, sesuai hak akses data "
            "pribadi dalam UU No. 27 Tahun 2022. Catatan dan jawaban budaya malu dapat "
            "dihapus dengan /hapusdata."
        ),
        "versi_format": FORMAT_VERSION,
        "dibuat_pada": to_iso(now),
        "pegawai": data.person,
        "akun_telegram": data.telegram_account,
        "pengaturan": data.settings,
        "masa_jeda": data.pauses,
        "check_in": [_checkin(row, labels) for row in data.checkins],
        "undangan": data.invites,
        "permintaan_bergabung": data.join_requests,
        "log_keamanan": data.audit_log,
        "laporan_masalah": data.problems_reported,
        "apresiasi_diterima": data.appreciations_received,
        "data_lain": data.other,
    }


def export_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
