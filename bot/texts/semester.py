"""Texts of the head's semester report and of the Pemda's summary: the draft in the chat,
the narrative prompts, the approval, the delivery, and the words of its documents."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.content.models import Citation, LegalBasis
from bot.org.models import Person
from bot.reports.period import Period
from bot.semester.models import MAX_NARRATIVE, PreparedAs, SemesterReport
from bot.texts import esc
from bot.texts.dates import long_date, percent, short_date

OBSTACLES = "📝 Kendala"
FOLLOW_UP = "📝 Tindak lanjut"
PREVIEW = "📊 Pratinjau (Excel)"
APPROVE = "✅ Setujui laporan"
CANCEL = "✖️ Batal"
CANCELLED = "Dibatalkan."
NOT_YOURS = "Laporan ini disiapkan dan disetujui oleh pejabat yang ditunjuk, bukan Anda."
ALREADY_APPROVED = "Laporan ini sudah disetujui."
NOT_FILLED = "<i>belum diisi</i>"
PREPARED_LABELS = {
    PreparedAs.KEPALA: "Penanggung jawab KBK",
    PreparedAs.KETUA: "Ketua KBK",
    PreparedAs.TIM: "Tim Pengembangan Budaya Kerja",
    PreparedAs.ADMIN: "Bagian Organisasi",
}


def semester_name(period: Period) -> str:
    half = "I" if period.start.month == 1 else "II"
    return f"Semester {half} Tahun {period.start.year}"


def _basis_line(basis: LegalBasis, citation: Citation) -> str:
    to = f"; kepada {esc(citation.to)}" if citation.to else ""
    return f"<i>{esc(basis.cite(citation))}: {esc(citation.duty)}{to}.</i>"


def draft_card(
    report: SemesterReport,
    title: str,
    period: Period,
    figures: list[str],
    basis: LegalBasis,
    citation: Citation,
) -> str:
    lines = [
        f"📝 <b>Draf laporan {semester_name(period)} — {esc(title)}</b>",
        _basis_line(basis, citation),
        "",
        "<b>Angka sementara</b> (dihitung ulang untuk semester penuh saat dikirim):",
        *figures,
        "",
        f"<b>Kendala</b>: {esc(report.obstacles) if report.obstacles else NOT_FILLED}",
        f"<b>Tindak lanjut</b>: {esc(report.follow_up) if report.follow_up else NOT_FILLED}",
        "",
    ]
    if report.preparer_as is PreparedAs.KETUA:
        lines.append(
            f"<i>{esc(basis.head)} belum terdaftar di bot, jadi Anda sebagai Ketua KBK "
            f"menyiapkan laporan ini; penerimanya melihat bahwa laporan belum disetujui "
            f"{esc(basis.head)}.</i>"
        )
    if report.approved:
        lines.append("✅ Laporan sudah disetujui dan dikirim setelah semester berakhir.")
    else:
        lines.append(
            "Tulis kendala dan tindak lanjut dengan tombol di bawah, lalu setujui. Setelah "
            f"semester berakhir ({long_date(period.end)}), laporan lengkap (Excel dan dokumen "
            "cetak) dikirim kepada penerimanya."
        )
    return "\n".join(lines)


def ask_narrative(obstacles: bool) -> str:
    what = "kendala pelaksanaan" if obstacles else "tindak lanjut yang direncanakan"
    return (
        f"📝 Tulis {what} semester ini dalam satu pesan (paling banyak {MAX_NARRATIVE} "
        "karakter). Tulisan baru menggantikan yang lama."
    )


NARRATIVE_SAVED = "✅ Tersimpan di draf laporan. Buka draf di atas untuk menyetujuinya."
TEXT_ONLY = "Kirim dalam bentuk teks, ya; saya masih menunggu pesan Anda."


def too_long(length: int) -> str:
    return f"Terlalu panjang ({length} karakter; paling banyak {MAX_NARRATIVE}). Persingkat."


def approved(period: Period, when_sent: date) -> str:
    return (
        f"✅ Laporan {semester_name(period)} disetujui. Laporan dikirim kepada penerimanya "
        f"pada {long_date(when_sent)}, setelah semester berakhir."
    )


def approval_line(report: SemesterReport, approver: Person | None, basis: LegalBasis,
                  zone: ZoneInfo) -> str:  # fmt: skip
    """Who approved the report and when, or that the head did not."""
    if report.approved_at is None or approver is None:
        return "Belum disetujui."
    day = short_date(report.approved_at.astimezone(zone).date())
    who = f"{approver.name} ({PREPARED_LABELS[report.preparer_as]})"
    if report.preparer_as is PreparedAs.KETUA:
        return f"Disiapkan oleh {who} pada {day}; belum disetujui {basis.head}."
    return f"Disetujui oleh {who} pada {day}."


def delivery_caption(
    title: str, period: Period, report: SemesterReport, approver: Person | None,
    basis: LegalBasis, citation: Citation, zone: ZoneInfo,
) -> str:  # fmt: skip
    return "\n".join(
        [
            f"<b>Laporan {semester_name(period)} — {esc(title)}</b>",
            _basis_line(basis, citation),
            esc(approval_line(report, approver, basis, zone)),
            "Berkas Excel dan dokumen cetak (.docx) terlampir.",
        ]
    )


# --- The documents ------------------------------------------------------------------------------

PROBLEMS_SHEET = "Masalah dan Solusi"
PROBLEMS_HEADER = ("Nomor", "Kategori", "Status", "Jenis tanggapan", "Solusi / arahan",
                   "Oleh")  # fmt: skip
CHOSEN = "usulan solusi dipilih"
DIRECTION = "arahan tertulis"
NARRATIVE_SHEET = "Narasi dan Persetujuan"


def narrative_rows(
    report: SemesterReport, approver: Person | None, basis: LegalBasis, zone: ZoneInfo
) -> list[tuple[str, str]]:
    return [
        ("Kendala", report.obstacles or "-"),
        ("Tindak lanjut", report.follow_up or "-"),
        ("Persetujuan", approval_line(report, approver, basis, zone)),
    ]


def document_title(title: str, period: Period) -> list[str]:
    return [
        "LAPORAN PELAKSANAAN PENGEMBANGAN BUDAYA KERJA",
        title.upper(),
        semester_name(period).upper(),
    ]


def unit_figures(participation: str, plan: str | None, activities: int | None,
                 problems: int) -> list[str]:  # fmt: skip
    lines = [f"• Partisipasi check-in: {participation}"]
    if plan is not None:
        lines.append(f"• Rencana aksi: {plan}")
    if activities is not None:
        lines.append(f"• Kegiatan KBK: {activities}")
    lines.append(f"• Masalah yang dieskalasi dan dijawab: {problems}")
    return lines


def rate(value: float | None, withheld: bool) -> str:
    if withheld:
        return "terlalu sedikit data"
    return "-" if value is None else percent(value)


SECTIONS = (
    "I. Capaian penerapan nilai",
    "II. Rencana aksi",
    "III. Kegiatan KBK",
    "IV. Permasalahan, solusi, dan arahan pimpinan",
    "V. Hasil evaluasi",
    "VI. Kendala",
    "VII. Tindak lanjut",
)


def pemda_unit_status(report: SemesterReport | None) -> str:
    if report is None or not report.approved:
        return "belum ada laporan yang disetujui"
    if report.preparer_as is PreparedAs.KETUA:
        return "disiapkan Ketua KBK, belum disetujui Kepala"
    return "disetujui Kepala"


def stamp(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{long_date(local.date())} {local:%H.%M}"


def evaluation_note(windows: int) -> str:
    if not windows:
        return "Belum ada periode evaluasi diri pada semester ini."
    return (
        f"{windows} periode evaluasi diri; rata-rata skor per kriteria pada lembar "
        "'Evaluasi' berkas Excel."
    )
