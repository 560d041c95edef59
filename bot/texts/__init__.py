"""Every sentence a user reads, in Indonesian, in one place a native speaker can review.

One module per feature; this one holds what all features share. Messages are Telegram HTML:
every value that comes from a user or from a file is passed through :func:`esc`. Nothing in
this package imports ``telegram``.
"""

from __future__ import annotations

from html import escape

from bot.permissions import Refusal


def esc(text: str) -> str:
    """Escape text for Telegram's HTML parse mode."""
    return escape(text, quote=False)


CANCEL = "✖️ Batal"
DRAFT_STALE = (
    "Tombol ini sudah tidak berlaku (sudah diputuskan, atau lebih dari sehari). "
    "Ulangi dari awal bila masih perlu."
)


def full_stop(after: str) -> str:
    """The full stop closing a sentence that ends in ``after`` (a name): none when the name
    already ends in one, as "Rizky Ramadhan, S.T." does, so no "S.T.." appears."""
    return "" if after.rstrip().endswith(".") else "."


# --- Command menu (setMyCommands) and /bantuan -------------------------------------------

COMMAND_DESCRIPTIONS: dict[str, str] = {
    "start": "Mulai, atau daftar dengan tautan undangan",
    "bantuan": "Daftar perintah yang bisa Anda pakai",
    "nilai": "Nilai budaya kerja dan perilakunya",
    "checkin": "Check-in harian: sudahkah nilai hari ini saya terapkan?",
    "riwayat": "Runtun, 30 hari kerja terakhir, dan kekuatan tiap nilai",
    "profil": "Data dan peran saya",
    "dataku": "Unduh semua data saya yang disimpan bot",
    "hapusdata": "Hapus tulisan dan jawaban saya",
    "atur": "Atur jam dan zona waktu pengingat, jeda saat cuti",
    "namakbk": "Beri nama KBK unit Anda",
    "unit": "Unit dan siapa yang belum bergabung",
    "undangan": "Tautan undangan sekali pakai dan siapa yang belum memakainya",
    "libur": "Kalender kerja: libur nasional, cuti bersama, dan hari Pemda",
    "laporan": "Ringkasan KBK: minggu, bulan, semester",
    "lapor": "Laporkan masalah di tempat kerja (boleh anonim)",
    "laporanku": "Status laporan masalah saya",
    "masalah": "Masalah yang dilaporkan di unit Anda",
    "evaluasi": "Evaluasi diri budaya kerja berkala (skala 1-5)",
    "apresiasi": "Apresiasi rekan satu unit atas nilai yang ia tunjukkan",
    "rencana": "Rencana aksi KBK tahun ini: kegiatan, status, dan bukti",
    "kegiatan": "Sosialisasi, internalisasi, dan diskusi KBK: umumkan dan hadiri",
    "ikrar": "Deklarasi nilai dan komitmen budaya kerja tahun ini",
    "inovasi": "Usulkan inovasi budaya kerja kepada KBK",
    "sk": "SK pembentukan KBK, susunannya, dan lampirannya (.docx)",
}

REFUSALS = {
    Refusal.NOT_REGISTERED: (
        "Perintah ini hanya untuk pegawai yang sudah terdaftar. Ketik /start untuk mendaftar."
    ),
    Refusal.NOT_LEADER: (
        "Perintah ini hanya untuk pengurus KBK (Penanggung jawab, Ketua, Sekretaris, Fasilitator)."
    ),
    Refusal.NOT_HEAD: "Perintah ini hanya untuk Penanggung jawab dan Ketua KBK.",
    Refusal.NOT_PEMDA: (
        "Perintah ini hanya untuk Admin Pemda, Sekretaris Daerah, dan Tim Pengembangan "
        "Budaya Kerja."
    ),
    Refusal.NOT_PEMDA_ADMIN: "Perintah ini hanya untuk Admin Pemda (Bagian Organisasi).",
    Refusal.NOT_UNIT_VIEWER: "Perintah ini hanya untuk pengurus KBK dan Admin Pemda.",
    Refusal.NOT_PROBLEM_DESK: (
        "Perintah ini hanya untuk Agen Perubahan, pengurus KBK, dan Admin Pemda. Untuk "
        "melaporkan masalah, ketik /lapor."
    ),
    Refusal.PRIVATE_ONLY: (
        "Perintah ini menampilkan data pribadi, jadi hanya bisa dipakai di chat pribadi "
        "dengan bot."
    ),
}


def help_text(commands: list[str]) -> str:
    lines = ["<b>Perintah yang bisa Anda pakai</b>", ""]
    lines += [f"/{name} — {esc(COMMAND_DESCRIPTIONS[name])}" for name in commands]
    lines += [
        "",
        "Cari nilai atau perilaku dengan kata kunci, misalnya "
        "<code>/nilai akuntabel</code> atau <code>/nilai kerja sama</code>.",
    ]
    if "profil" not in commands:
        lines += [
            "",
            "Perintah lain terbuka setelah Anda terdaftar: buka tautan undangan dari KBK "
            "unit Anda, atau kirim NIP Anda di sini.",
        ]
    return "\n".join(lines)


# --- Wrong input, stale buttons, errors ---------------------------------------------------

UNKNOWN_COMMAND = "Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat perintah yang ada."
UNEXPECTED_MESSAGE = (
    "Maaf, saya belum bisa memproses pesan seperti ini. Ketik /bantuan untuk melihat "
    "perintah yang bisa Anda pakai."
)
STALE_BUTTON = "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."
INTERNAL_ERROR = (
    "Maaf, terjadi kesalahan di sisi bot. Data Anda aman; silakan coba lagi sebentar lagi."
)
TELEGRAM_WAS_AWAY = (
    "Maaf, tadi Telegram tidak bisa dihubungi sehingga balasan saya untuk Anda tidak "
    "terkirim. Silakan ulangi perintah atau ketuk tombolnya lagi."
)
