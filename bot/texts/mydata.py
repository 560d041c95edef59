"""Texts of /dataku and /hapusdata (UU 27/2022 on personal data protection)."""

from __future__ import annotations

from datetime import date

from bot.checkin.models import PersonalCounts
from bot.privacy import ERASED_PROPOSAL, ERASED_REPORT, ExportSummary, WritingCounts
from bot.texts import esc
from bot.texts.dates import long_date, short_date


def _day(iso: str) -> str:
    return short_date(date.fromisoformat(iso))


def export_summary(summary: ExportSummary, day: date) -> str:
    """The readable gist of /dataku; the files follow."""
    lines = [
        f"<b>Data Anda di Budaya Kerja Bot</b> (per {long_date(day)})",
        "",
        f"👤 {esc(summary.name)} — {esc(summary.unit)}",
    ]
    if summary.checkins and summary.first_day and summary.last_day:
        lines.append(
            f"✅ Check-in: {summary.checkins} hari ({_day(summary.first_day)} - "
            f"{_day(summary.last_day)}), {summary.notes} dengan catatan, "
            f"{summary.malu_days} dengan jawaban budaya malu"
        )
    else:
        lines.append("✅ Check-in: belum ada")
    lines += [
        f"⏸️ Masa jeda: {summary.pauses}",
        f"📋 Laporan masalah yang Anda kirim: {summary.problems}",
        f"🌟 Apresiasi yang Anda terima: {summary.appreciations}",
        f"🗓️ Kegiatan KBK yang Anda hadiri: {summary.activities} "
        f"({summary.takeaways} dengan kesan); usulan inovasi: {summary.innovations}; "
        f"bukti rencana aksi yang Anda kirim: {summary.evidence}",
        f"🔐 Catatan keamanan (pendaftaran, penolakan perintah): {summary.security_events}",
        f"🗂️ Data lain (pengiriman pesan, evaluasi, apresiasi yang Anda beri...): "
        f"{summary.other_rows} baris",
        "",
        "Rinciannya ada di dua berkas berikut: <b>JSON</b> (semua data, waktu dalam zona "
        "waktu Anda) dan <b>CSV</b> (check-in per hari, bisa dibuka di Excel). Berkas ini "
        "berisi data pribadi: simpan baik-baik dan jangan diteruskan. Apa yang Anda tulis "
        "(catatan, jawaban budaya malu, dan lainnya) bisa dihapus dengan /hapusdata.",
    ]
    return "\n".join(lines)


def export_caption(day: date) -> str:
    return f"Semua data Anda yang disimpan bot ini, per {long_date(day)} (JSON)."


def checkins_caption(day: date) -> str:
    return f"Check-in Anda per hari, per {long_date(day)} (CSV untuk Excel)."


def export_filename(day: date, extension: str = "json") -> str:
    return f"dataku-{day.strftime('%Y%m%d')}.{extension}"


ERASE_NOTHING = (
    "Tidak ada catatan, jawaban budaya malu, atau tulisan lain yang tersimpan atas nama Anda, "
    "jadi tidak ada yang perlu dihapus."
)
ERASE_YES = "🗑️ Ya, hapus"
ERASE_ALL = "🗑️ Hapus semua yang tercantum"
ERASE_NO = "Batal"
ERASE_CANCELLED = "Dibatalkan. Tidak ada data yang dihapus."


KEPT_RECORDS = (
    "Yang tetap disimpan: bukti rencana aksi yang Anda kirim (catatan resmi pelaksanaan "
    "program KBK) dan catatan tindakan pengurus."
)


def _writings_lines(writings: WritingCounts) -> list[str]:
    lines = []
    if writings.problem_texts:
        lines.append(
            f"• {writings.problem_texts} uraian dan pesan laporan masalah Anda (laporannya tetap "
            f"tercatat, teksnya diganti “{ERASED_REPORT}”)"
        )
    if writings.appreciations:
        lines.append(
            f"• {writings.appreciations} kalimat apresiasi yang Anda tulis (apresiasinya tetap "
            "terhitung untuk Role Model)"
        )
    if writings.evaluation_answers:
        lines.append(f"• {writings.evaluation_answers} jawaban evaluasi Anda")
    if writings.takeaways:
        lines.append(
            f"• {writings.takeaways} kesan kegiatan yang Anda tulis (kehadiran Anda tetap "
            "terhitung)"
        )
    if writings.innovations:
        lines.append(
            f"• teks {writings.innovations} usulan inovasi Anda (usulannya dan keputusan KBK "
            f"tetap tercatat, teksnya diganti “{ERASED_PROPOSAL}”)"
        )
    if writings.telegram_name:
        lines.append("• nama dan username Telegram Anda yang tercatat di bot")
    return lines


def erase_question(counts: PersonalCounts, writings: WritingCounts) -> str:
    lines = ["<b>Hapus data pribadi Anda?</b>", ""]
    if not counts.empty:
        lines += [
            f"<b>{ERASE_YES}</b>: {counts.notes} catatan dan jawaban budaya malu dari "
            f"{counts.malu_days} hari.",
            "Yang tetap disimpan: jawaban Sudah/Sebagian/Belum dan perilaku yang Anda "
            "tandai, sebagai angka rekap KBK.",
            "",
        ]
    if not writings.empty:
        lines += [
            f"<b>{ERASE_ALL}</b>: itu semua, ditambah:",
            *_writings_lines(writings),
            KEPT_RECORDS,
            "",
        ]
    lines.append(
        "Ini hak Anda menurut UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. "
        "Penghapusan tidak bisa dibatalkan."
    )
    return "\n".join(lines)


def erased(counts: PersonalCounts, writings: WritingCounts | None = None) -> str:
    text = (
        f"Selesai. {counts.notes} catatan dan jawaban budaya malu dari {counts.malu_days} "
        "hari sudah dihapus. Jawaban Sudah/Sebagian/Belum tetap ada untuk rekap."
    )
    if writings is not None and not writings.empty:
        text += "\n\nJuga dihapus:\n" + "\n".join(_writings_lines(writings))
    return text
