"""Personal data under UU 27/2022 (Pelindungan Data Pribadi): the /dataku export.

Pure: the rows the database holds about a person (:class:`PersonalData`) and the content
pack in, one JSON-ready document out. Content ids (values, behaviours, budaya-malu items)
are given with their text so the person can read the file without the bot; every key is
Indonesian (the database's column names are translated, :data:`KEYS`) and every moment is
in the person's own time zone. The check-ins also go out as a CSV a spreadsheet opens.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.content.models import ContentPack, ValueSet

FORMAT_VERSION = 2

ERASED_REPORT = "dihapus atas permintaan pelapor"
"""What an erased problem description or thread message reads afterwards."""

ERASED_PROPOSAL = "dihapus atas permintaan pengusul"
"""What an erased innovation proposal reads afterwards (the proposal and its decision stay)."""


@dataclass(frozen=True)
class WritingCounts:
    """What the person wrote that /hapusdata can erase besides their notes."""

    problem_texts: int
    """Problem descriptions and thread messages the person wrote as reporter."""
    appreciations: int
    """Appreciation sentences they wrote."""
    evaluation_answers: int
    takeaways: int
    """One-line takeaways given when confirming attendance of an activity."""
    innovations: int
    """Innovation proposals whose text is still theirs."""
    telegram_name: bool
    """Their Telegram name and username, as the bot recorded them."""

    @property
    def empty(self) -> bool:
        counts = (
            self.problem_texts,
            self.appreciations,
            self.evaluation_answers,
            self.takeaways,
            self.innovations,
        )
        return not any(counts) and not self.telegram_name


Row = dict[str, Any]


@dataclass(frozen=True)
class PersonalData:
    person: Row | None
    telegram_account: Row | None
    settings: Row | None
    pauses: list[Row]
    checkins: list[Row]
    """Each with ``practised`` (behaviour ids) and ``malu`` (budaya-malu item ids)."""
    invites: list[Row]
    join_requests: list[Row]
    audit_log: list[Row]
    problems_reported: list[Row] = field(default_factory=list)
    """Problems the person reported (anonymous ones too: they are the reporter), each with
    ``messages``, what the person wrote in its thread."""
    appreciations_received: list[Row] = field(default_factory=list)
    """With the giver's name only when the appreciation was not anonymous."""
    other: dict[str, list[Row]] = field(default_factory=dict)
    """Other tables' rows about the person, by table name."""


KEYS: dict[str, str] = {
    # people, units
    "name": "nama", "position": "jabatan", "unit_id": "id_unit", "unit_name": "unit",
    "kbk_role": "peran_kbk", "pemda_role": "peran_pemda", "active": "aktif",
    "registered_at": "terdaftar_pada", "deactivated_at": "dinonaktifkan_pada",
    # Telegram accounts
    "user_id": "id_telegram", "telegram_user_id": "id_telegram", "first_name": "nama_depan",
    "last_name": "nama_belakang", "username": "nama_pengguna", "language_code": "bahasa",
    "first_seen_at": "pertama_terlihat", "last_seen_at": "terakhir_terlihat",
    "unreachable_since": "tidak_terjangkau_sejak", "unreachable_reason": "alasan_tidak_terjangkau",
    "menu": "menu_perintah",
    # common columns
    "person_id": "id_pegawai", "created_at": "dibuat_pada", "updated_at": "diubah_pada",
    "at": "waktu", "status": "status", "detail": "rincian", "reason": "alasan", "kind": "jenis",
    "day": "tanggal", "sent_at": "dikirim_pada", "outcome": "hasil",
    # settings, pauses
    "morning_time": "jam_pagi", "afternoon_time": "jam_sore", "timezone": "zona_waktu",
    "start_day": "mulai", "end_day": "sampai",
    # invites, join requests, audit
    "expires_at": "berlaku_sampai", "used_at": "dipakai_pada", "used_by": "dipakai_oleh",
    "decided_at": "diputuskan_pada", "decided_by": "diputuskan_oleh", "event": "peristiwa",
    # problems and their threads
    "category": "kategori", "description": "uraian", "anonymous": "anonim",
    "attachment_kind": "jenis_lampiran", "attachment_file_id": "id_berkas_lampiran",
    "messages": "pesan", "text": "teks", "status_since": "status_sejak",
    "reminded_at": "diingatkan_pada", "handler_id": "id_penangan", "reporter_id": "id_pelapor",
    # appreciations
    "value_id": "nilai", "sentence": "kalimat", "giver_name": "pemberi",
    "colleague_id": "id_rekan", "delivered": "tersampaikan",
    # deliveries, reports, evaluations, drafts
    "local_date": "tanggal_lokal", "deadline": "tenggat", "attempts": "percobaan",
    "period_key": "periode", "window_key": "periode_evaluasi", "leading": "pengurus",
    "started_at": "dimulai_pada", "finished_at": "selesai_pada", "criterion_id": "kriteria",
    "score": "skor", "answered_at": "dijawab_pada", "evaluation_id": "id_evaluasi",
    "behaviour_id": "perilaku", "feature": "fitur", "ref_id": "id_rujukan",
    "action": "tindakan", "payload": "isi", "note": "catatan", "answer": "jawaban",
    # activities, innovation proposals, rencana aksi evidence
    "activity_id": "id_kegiatan", "takeaway": "kesan", "year": "tahun",
    "reviewed_by": "ditinjau_oleh", "reviewed_at": "ditinjau_pada",
    "item_id": "id_rencana_aksi", "file_id": "id_berkas", "added_at": "ditambahkan_pada",
}  # fmt: skip
"""Database column -> the key the person reads; a column not listed keeps its own name."""

TABLES: dict[str, str] = {
    "deliveries": "pengiriman_pesan_harian",
    "report_log": "laporan_terkirim",
    "problem_drafts": "draf_laporan_masalah",
    "pending_inputs": "menunggu_ketikan",
    "evaluations": "evaluasi_diri",
    "evaluation_answers": "jawaban_evaluasi",
    "evaluation_reminders": "pengingat_evaluasi",
    "appreciations": "apresiasi_diberikan",
    "appreciation_drafts": "draf_apresiasi",
    "drafts": "draf_perubahan",
    "problem_messages": "pesan_laporan_masalah",
    "activity_attendance": "kehadiran_kegiatan",
    "pledges": "ikrar",
    "innovations": "usulan_inovasi",
    "action_plan_evidence": "bukti_rencana_aksi",
}
"""Other tables with rows about the person (``data_lain``), named in Indonesian."""

CSV_COLUMNS = (
    "tanggal",
    "nilai",
    "perilaku_hari_ini",
    "jawaban",
    "perilaku_dipraktikkan",
    "budaya_malu_terlewat",
    "catatan",
)


@dataclass(frozen=True)
class ExportSummary:
    """What /dataku says in its message before the files: the gist, readable on a phone."""

    name: str
    unit: str
    checkins: int
    first_day: str | None
    last_day: str | None
    notes: int
    malu_days: int
    pauses: int
    problems: int
    appreciations: int
    security_events: int
    other_rows: int
    activities: int
    """Activities attended."""
    takeaways: int
    innovations: int
    evidence: int
    """Rencana aksi evidence sent (kept: the KBK's record)."""


def summarise(document: dict[str, Any]) -> ExportSummary:
    """The gist of an export document (as :func:`export_document` made it)."""
    person = document["pegawai"] or {}
    checkins = document["check_in"]
    days = [c["tanggal"] for c in checkins]
    other = document["data_lain"]
    attended = other.get(TABLES["activity_attendance"], [])
    return ExportSummary(
        name=str(person.get("nama", "")),
        unit=str(person.get("unit", "")),
        checkins=len(checkins),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        notes=sum(1 for c in checkins if c["catatan"]),
        malu_days=sum(1 for c in checkins if c["budaya_malu_diisi"]),
        pauses=len(document["masa_jeda"]),
        problems=len(document["laporan_masalah"]),
        appreciations=len(document["apresiasi_diterima"]),
        security_events=len(document["log_keamanan"]),
        other_rows=sum(len(rows) for rows in other.values()),
        activities=len(attended),
        takeaways=sum(1 for row in attended if row.get(KEYS["takeaway"])),
        innovations=len(other.get(TABLES["innovations"], [])),
        evidence=len(other.get(TABLES["action_plan_evidence"], [])),
    )


def _local(value: Any, tz: ZoneInfo) -> Any:
    """An ISO moment with a UTC offset, as the same moment in ``tz``; anything else as is."""
    if not isinstance(value, str) or "T" not in value:
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    return moment.astimezone(tz).isoformat(timespec="seconds")


def _readable(value: Any, tz: ZoneInfo) -> Any:
    """Keys in Indonesian and moments in ``tz``, through dicts and lists."""
    if isinstance(value, dict):
        return {KEYS.get(key, key): _readable(item, tz) for key, item in value.items()}
    if isinstance(value, list):
        return [_readable(item, tz) for item in value]
    return _local(value, tz)


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
    data: PersonalData, value_set: ValueSet, content: ContentPack, now: datetime, tz: ZoneInfo
) -> dict[str, Any]:
    """The /dataku file's content: everything held about the person, labelled, with
    Indonesian keys and the moments in ``tz`` (the person's time zone)."""
    labels = _labels(value_set, content)
    document = {
        "keterangan": (
            "Semua data tentang Anda yang disimpan Budaya Kerja Bot, sesuai hak akses data "
            "pribadi dalam UU No. 27 Tahun 2022. Catatan dan jawaban budaya malu dapat "
            "dihapus dengan /hapusdata."
        ),
        "versi_format": FORMAT_VERSION,
        "dibuat_pada": now.astimezone(UTC).isoformat(timespec="seconds"),
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
        "data_lain": {TABLES.get(name, name): rows for name, rows in data.other.items()},
    }
    readable: dict[str, Any] = _readable(document, tz)
    return readable


def export_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _texts(items: list[dict[str, str] | None] | dict[str, str] | None) -> str:
    if items is None:
        return ""
    if isinstance(items, dict):
        return items["teks"]
    return " | ".join(item["teks"] for item in items if item)


def checkins_csv(document: dict[str, Any]) -> bytes:
    """The check-ins of an export document, one row a day (semicolons and a BOM, as
    Indonesian Excel opens them)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for checkin in document["check_in"]:
        writer.writerow(
            [
                checkin["tanggal"],
                _texts(checkin["nilai"]),
                _texts(checkin["perilaku_hari_ini"]),
                checkin["jawaban"] or "",
                _texts(checkin["perilaku_dipraktikkan"]),
                _texts(checkin["budaya_malu_terlewat"]),
                checkin["catatan"] or "",
            ]
        )
    return out.getvalue().encode("utf-8-sig")
