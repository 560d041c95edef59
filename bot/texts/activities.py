"""Texts of /kegiatan (announced activities and attendance), /ikrar (the yearly declaration
of values and commitment) and /inovasi (innovation proposals the KBK reviews)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.activities.entry import EntryError, Fault, Field
from bot.activities.models import (
    MAX_PROPOSAL,
    MAX_TAKEAWAY,
    Activity,
    ActivityKind,
    Innovation,
    InnovationStatus,
)
from bot.content.models import ValueSet
from bot.forms import template
from bot.texts import esc

if TYPE_CHECKING:
    from bot.reports.activities import ActivitySection
from bot.texts.dates import long_date, short_date
from bot.texts.reports import TOO_FEW

KIND_LABELS = {
    ActivityKind.SOSIALISASI: "Sosialisasi",
    ActivityKind.INTERNALISASI: "Internalisasi",
    ActivityKind.DISKUSI: "Diskusi kelompok",
    ActivityKind.DEKLARASI: "Deklarasi nilai dan komitmen",
}
ANNOUNCE = {kind: f"📣 {label}" for kind, label in KIND_LABELS.items()}
ATTEND = "✅ Saya hadir"
PLEDGE = "🤝 Saya berikrar"
TAKEAWAY = "✍️ Tulis kesan (opsional)"
CANCEL = "✖️ Batal"
CANCELLED = "Dibatalkan."
FIELD_LABELS = {Field.TITLE: "Judul", Field.WHEN: "Waktu", Field.PLACE: "Tempat"}
TEMPLATE = template(f.value for f in Field)
LEADERS_ONLY = "Hanya pengurus KBK yang dapat mengumumkan kegiatan."
NOT_YOURS = "Kegiatan ini bukan kegiatan KBK unit Anda."
TEXT_ONLY = "Kirim dalam bentuk teks, ya; saya masih menunggu pesan Anda."


def when(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{long_date(local.date())} pukul {local:%H.%M}"


ATTENDANCE_IN_REPORTS = (
    "Rekap kehadiran ada di /laporan setelah hari kegiatan selesai, bila cukup banyak "
    "pegawai di baliknya."
)


def activity_list(
    unit_name: str, activities: Sequence[Activity], zone: ZoneInfo, *, can_announce: bool
) -> str:
    lines = [f"<b>Kegiatan KBK {esc(unit_name)}</b>", ""]
    if not activities:
        lines.append("Belum ada kegiatan yang diumumkan tahun ini.")
    for activity in activities:
        lines.append(
            f"• {KIND_LABELS[activity.kind]}: <b>{esc(activity.title)}</b>, "
            f"{when(activity.starts_at, zone)}"
        )
    if activities:
        # A count that moves with each tap would tell who just tapped; the reports show
        # attendance once the activity's day is over, behind the privacy threshold.
        lines += ["", ATTENDANCE_IN_REPORTS]
    if can_announce:
        lines += ["", "Umumkan kegiatan baru dengan tombol di bawah."]
    return "\n".join(lines)


def ask_activity(kind: ActivityKind) -> str:
    return (
        f"<b>Umumkan {KIND_LABELS[kind].lower()}</b>\n\n"
        "Salin pesan di bawah, isi setiap baris, lalu kirim kembali. Waktu ditulis "
        "<code>DD-MM-YYYY JJ.MM</code>, misalnya <code>10-12-2026 09.00</code>. Pengumuman "
        "dikirim kepada semua pegawai unit yang terdaftar di bot."
    )


def entry_faults(error: EntryError) -> str:
    lines = ["Pengumuman belum bisa dikirim:"]
    for name, fault in error.faults:
        label = FIELD_LABELS[name]
        match fault:
            case Fault.MISSING:
                lines.append(f"• baris <b>{label}:</b> belum diisi")
            case Fault.TOO_LONG:
                lines.append(f"• {label} terlalu panjang")
            case Fault.BAD_TIME:
                lines.append(f"• {label} tidak terbaca; tulis misalnya <i>10-12-2026 09.00</i>")
            case Fault.PAST:
                lines.append(f"• {label} sudah lewat")
    lines.append("\nPerbaiki lalu kirim lagi; saya masih menunggu pesan Anda.")
    return "\n".join(lines)


def announcement(activity: Activity, unit_name: str, zone: ZoneInfo) -> str:
    action = (
        "Tekan tombol di bawah untuk menyatakan ikrar Anda."
        if activity.kind is ActivityKind.DEKLARASI
        else "Tekan tombol di bawah bila Anda hadir."
    )
    return (
        f"📣 <b>{KIND_LABELS[activity.kind]} KBK {esc(unit_name)}</b>\n\n"
        f"<b>{esc(activity.title)}</b>\nWaktu: {when(activity.starts_at, zone)}\n"
        f"Tempat: {esc(activity.place)}\n\n{action}"
    )


def announced(activity: Activity, sent: int) -> str:
    return (
        f"✅ {KIND_LABELS[activity.kind]} <b>{esc(activity.title)}</b> diumumkan kepada "
        f"{sent} pegawai."
    )


def attended_note(activity: Activity) -> str:
    if activity.kind is ActivityKind.DEKLARASI:
        return "\n\n<i>🤝 Ikrar dan kehadiran Anda tercatat.</i>"
    return "\n\n<i>✅ Kehadiran Anda tercatat.</i>"


def ask_takeaway(activity: Activity) -> str:
    return (
        f"✍️ Tulis satu kalimat yang Anda bawa pulang dari <b>{esc(activity.title)}</b> "
        f"(paling banyak {MAX_TAKEAWAY} karakter)."
    )


TAKEAWAY_SAVED = "Terima kasih, kesan Anda tercatat. 🙏"


def too_long(length: int, limit: int) -> str:
    return (
        f"Terlalu panjang ({length} karakter; paling banyak {limit}). Persingkat lalu kirim lagi."
    )


# --- /ikrar -----------------------------------------------------------------------------------


def pledge_text(value_set: ValueSet, year: int) -> str:
    names = ", ".join(v.name for v in value_set.values)
    return (
        f"🤝 <b>Deklarasi nilai dan komitmen {year}</b>\n\n"
        f"Dengan ini saya menyatakan komitmen untuk menerapkan nilai-nilai budaya kerja "
        f"<b>{esc(value_set.name)}</b> ({esc(names)}) dalam setiap pelaksanaan tugas saya "
        "sehari-hari."
    )


def pledged(day: date) -> str:
    return f"\n\n<i>🤝 Ikrar Anda tercatat pada {short_date(day)}.</i>"


# --- /inovasi ---------------------------------------------------------------------------------

ASK_PROPOSAL = (
    "💡 <b>Usulan inovasi budaya kerja</b>\n\n"
    "Tulis usulan Anda dalam satu pesan: apa yang diusulkan, masalah apa yang dijawab, dan "
    f"bagaimana menjalankannya (paling banyak {MAX_PROPOSAL} karakter). KBK unit Anda akan "
    "menelaahnya."
)
REVIEW = {
    InnovationStatus.DITERIMA: "👍 Terima",
    InnovationStatus.DIKEMBANGKAN: "🌱 Perlu dikembangkan",
    InnovationStatus.DITOLAK: "✖️ Tolak",
}
STATUS_LABELS = {
    InnovationStatus.DIAJUKAN: "diajukan",
    InnovationStatus.DITERIMA: "diterima",
    InnovationStatus.DIKEMBANGKAN: "perlu dikembangkan",
    InnovationStatus.DITOLAK: "ditolak",
}
NOT_REVIEWER = "Hanya Penanggung jawab, Ketua, dan Sekretaris KBK unit ini yang menelaah usulan."


def proposal_sent(reviewers: int) -> str:
    if reviewers:
        return "✅ Usulan Anda tercatat dan diteruskan kepada pengurus KBK untuk ditelaah."
    return (
        "✅ Usulan Anda tercatat. Pengurus KBK unit Anda belum terdaftar di bot; usulan "
        "menunggu mereka."
    )


def proposal_card(innovation: Innovation, proposer: str, unit_name: str) -> str:
    return (
        f"💡 <b>Usulan inovasi dari {esc(proposer)}</b> ({esc(unit_name)})\n\n"
        f"<blockquote>{esc(innovation.text)}</blockquote>\n"
        "Telaah usulan ini dengan tombol di bawah (KBK mendorong inovasi budaya kerja)."
    )


def reviewed_note(innovation: Innovation, reviewer: str) -> str:
    return f"\n\n<i>{STATUS_LABELS[innovation.status].capitalize()} oleh {esc(reviewer)}</i>"


def review_to_proposer(innovation: Innovation, reviewer: str) -> str:
    return (
        f"💡 Usulan inovasi Anda <b>{STATUS_LABELS[innovation.status]}</b> oleh "
        f"{esc(reviewer)}.\n\n<blockquote>{esc(innovation.text[:300])}</blockquote>"
    )


def already_reviewed(innovation: Innovation) -> str:
    return f"Usulan ini sudah {STATUS_LABELS[innovation.status]}."


# --- In the reports ---------------------------------------------------------------------------


NO_ACTIVITY = "Tidak ada kegiatan KBK pada periode ini."
RUNNING_NOTE = (
    "<i>⏳ Hanya kegiatan pada hari yang sudah selesai; kehadiran dihitung dari konfirmasi "
    "sampai akhir hari kegiatan.</i>"
)


def _attendance(section: ActivitySection) -> str:
    if not section.held:
        return "-"
    total, shown, withheld = section.attendance
    if not shown:
        return TOO_FEW
    text = f"{total} kehadiran pada {shown} kegiatan"
    if withheld:
        text += f"; {withheld} kegiatan lain ✱ {TOO_FEW}"
    return text


def _pledges(section: ActivitySection) -> str:
    year = section.pledge_year
    if section.pledged_until is None:
        return f"{year}: dihitung per bulan, belum ada bulan yang selesai"
    label = f"{year} (sampai {short_date(section.pledged_until)})"
    pledged = section.pledged
    if not pledged.shown:
        return f"{label}: {TOO_FEW}"
    return f"{label}: {pledged.value} dari {section.registered} pegawai terdaftar"


def report_lines(section: ActivitySection) -> list[str]:
    """The figures of the activities, as plain lines (also for the printable report)."""
    held = ", ".join(
        f"{KIND_LABELS[kind].lower()} {count}" for kind, count in section.by_kind.items() if count
    )
    ideas = section.innovations
    total_ideas = sum(ideas.values())
    return [
        f"Kegiatan: {len(section.held)}" + (f" ({held})" if held else ""),
        f"Kehadiran: {_attendance(section)}",
        f"Ikrar nilai dan komitmen {_pledges(section)}",
        f"Usulan inovasi: {total_ideas}"
        + (
            f" ({ideas[InnovationStatus.DITERIMA]} diterima, "
            f"{ideas[InnovationStatus.DIKEMBANGKAN]} dikembangkan, "
            f"{ideas[InnovationStatus.DIAJUKAN]} menunggu telaah)"
            if total_ideas
            else ""
        ),
    ]


def report_section(section: ActivitySection) -> list[str]:
    """Activities, attendance, pledges and innovation in /laporan."""
    title = "<b>Kegiatan KBK</b>" + (" (berjalan)" if section.running else "")
    note = [RUNNING_NOTE] if section.running else []
    return ["\n".join([title, *report_lines(section), *note])]
