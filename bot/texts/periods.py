"""Why a typed /laporan period was refused (the sentence after "Periode tidak dikenali")."""

from __future__ import annotations


def date_format(text: str) -> str:
    return (
        f"tanggal “{text}” harus ditulis tanggal-bulan-tahun (DD-MM-YYYY), misalnya"
        " 02-11-2026 untuk 2 November 2026"
    )


def not_in_calendar(text: str) -> str:
    return f"tanggal “{text}” tidak ada di kalender"


END_BEFORE_START = "tanggal akhir lebih awal dari tanggal mulai"


def too_long(max_days: int) -> str:
    return f"rentang paling panjang {max_days} hari"


NOT_WHOLE = (
    "rentang harus minggu utuh (Senin sampai Minggu) atau bulan utuh (tanggal 1"
    " sampai akhir bulan), agar angkanya tidak bisa dikurangkan dari laporan lain"
)
NOT_OVER = (
    "rentang itu belum selesai; untuk periode yang sedang berjalan tulis"
    " /laporan minggu ini atau /laporan bulan ini"
)
UNKNOWN = (
    "tulis minggu, bulan, semester (yang terakhir selesai), minggu ini, bulan ini,"
    " atau dua tanggal DD-MM-YYYY"
)
