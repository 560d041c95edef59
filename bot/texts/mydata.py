"""Texts of /dataku and /hapusdata (UU 27/2022 on personal data protection)."""

from __future__ import annotations

from datetime import date

from bot.storage.checkins import PersonalCounts
from bot.texts.dates import long_date


def export_caption(day: date) -> str:
    return (
        f"Semua data Anda yang disimpan bot ini, per {long_date(day)} (format JSON). "
        "Berkas ini berisi data pribadi: simpan baik-baik dan jangan diteruskan."
    )


def export_filename(day: date) -> str:
    return f"dataku-{day.strftime('%Y%m%d')}.json"


ERASE_NOTHING = (
    "Tidak ada catatan atau jawaban budaya malu yang tersimpan atas nama Anda, jadi tidak "
    "ada yang perlu dihapus."
)
ERASE_YES = "🗑️ Ya, hapus"
ERASE_NO = "Batal"
ERASE_CANCELLED = "Dibatalkan. Tidak ada data yang dihapus."


def erase_question(counts: PersonalCounts) -> str:
    return "\n".join(
        [
            "<b>Hapus data pribadi check-in Anda?</b>",
            "",
            f"Yang dihapus: {counts.notes} catatan dan jawaban budaya malu dari "
            f"{counts.malu_days} hari.",
            "Yang tetap disimpan: jawaban Sudah/Sebagian/Belum dan perilaku yang Anda "
            "tandai, sebagai angka rekap KBK.",
            "",
            "Ini hak Anda menurut UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. "
            "Penghapusan tidak bisa dibatalkan.",
        ]
    )


def erased(counts: PersonalCounts) -> str:
    return (
        f"Selesai. {counts.notes} catatan dan jawaban budaya malu dari {counts.malu_days} "
        "hari sudah dihapus. Jawaban Sudah/Sebagian/Belum tetap ada untuk rekap."
    )
