"""Texts of /rencana: the KBK's rencana aksi, its items, evidence and reminders."""

from __future__ import annotations

from collections.abc import Sequence

from bot.action_plan.entry import MONTHS, EntryError, Fault, Field
from bot.action_plan.models import MAX_EVIDENCE_TEXT, MAX_FIELD, ItemStatus, PlanItem
from bot.action_plan.progress import Progress
from bot.content.models import LegalBasis
from bot.forms import template
from bot.texts import esc
from bot.texts.dates import percent

STATUS_LABELS = {
    ItemStatus.DIRENCANAKAN: "🗓️ Direncanakan",
    ItemStatus.BERJALAN: "▶️ Berjalan",
    ItemStatus.SELESAI: "✅ Selesai",
    ItemStatus.BATAL: "✖️ Batal",
}
FIELD_LABELS = {
    Field.ACTIVITY: "Kegiatan",
    Field.TARGET: "Target",
    Field.OWNER: "Pelaksana",
    Field.MONTH: "Bulan",
    Field.INDICATOR: "Indikator",
}

ADD = "🆕 Tambah kegiatan"
EVIDENCE = "📎 Kirim bukti"
CANCEL = "✖️ Batal"
SET_STATUS = {
    ItemStatus.BERJALAN: "▶️ Mulai berjalan",
    ItemStatus.SELESAI: "✅ Tandai selesai",
    ItemStatus.BATAL: "🚫 Batalkan kegiatan",
}
NOT_ALLOWED = "Anda tidak berwenang mengubah kegiatan ini."
UNKNOWN = "Kegiatan ini tidak ditemukan."
CANCELLED = "Dibatalkan."


def month_name(month: int) -> str:
    return MONTHS[month - 1].capitalize()


def _intro(basis: LegalBasis) -> str:
    cited = basis.duties.rencana_aksi
    return f"<i>{esc(cited.duty)} ({esc(basis.cite(cited))}).</i>"


def item_label(item: PlanItem) -> str:
    return f"{month_name(item.month)[:3]} · {item.activity[:40]}"


def plan_list(
    unit_name: str,
    year: int,
    items: Sequence[PlanItem],
    progress: Progress,
    basis: LegalBasis,
    *,
    can_add: bool,
) -> str:
    lines = [f"<b>Rencana aksi KBK {esc(unit_name)} {year}</b>", _intro(basis), ""]
    if not items:
        lines.append("Belum ada kegiatan.")
        if can_add:
            lines.append("Tambahkan kegiatan pertama dengan tombol di bawah.")
        return "\n".join(lines)
    lines.append(progress_line(progress))
    lines.append("")
    for number, item in enumerate(items, start=1):
        owner = esc(item.owner_name) if item.owner_name else "-"
        bukti = f" · 📎 {item.evidence}" if item.evidence else ""
        lines.append(
            f"{number}. <b>{esc(item.activity)}</b> ({month_name(item.month)}) · "
            f"{STATUS_LABELS[item.status]}{bukti}\n    Pelaksana: {owner}"
        )
    lines += ["", "Buka kegiatan dengan tombolnya untuk memperbarui status atau mengirim bukti."]
    return "\n".join(lines)


def progress_line(progress: Progress) -> str:
    counts = progress.by_status
    share = progress.done_share
    done = f" ({percent(share)} dari yang tidak batal)" if share is not None else ""
    late = f" · ⚠️ {progress.overdue} lewat bulannya" if progress.overdue else ""
    return (
        f"{progress.total} kegiatan: {counts[ItemStatus.SELESAI]} selesai{done}, "
        f"{counts[ItemStatus.BERJALAN]} berjalan, {counts[ItemStatus.DIRENCANAKAN]} "
        f"direncanakan, {counts[ItemStatus.BATAL]} batal{late} · "
        f"{progress.with_evidence} dengan bukti"
    )


def item_card(item: PlanItem) -> str:
    owner = esc(item.owner_name) if item.owner_name else "-"
    return "\n".join(
        [
            f"📌 <b>{esc(item.activity)}</b>",
            f"Target: {esc(item.target)}",
            f"Pelaksana: {owner}",
            f"Bulan: {month_name(item.month)} {item.year}",
            f"Indikator: {esc(item.indicator)}",
            f"Status: {STATUS_LABELS[item.status]}",
            f"Bukti: {item.evidence}",
        ]
    )


def ask_item(year: int) -> str:
    return (
        f"<b>Tambah kegiatan rencana aksi {year}</b>\n\n"
        "Salin pesan di bawah, isi setiap baris, lalu kirim kembali dalam satu pesan. "
        "Pelaksana adalah nama pegawai unit Anda; bulan boleh ditulis nama atau angkanya."
    )


TEMPLATE = template(f.value for f in Field)


def entry_faults(error: EntryError) -> str:
    lines = ["Kegiatan belum bisa disimpan:"]
    for name, fault in error.faults:
        label = FIELD_LABELS[name]
        match fault:
            case Fault.MISSING:
                lines.append(f"• baris <b>{label}:</b> belum diisi")
            case Fault.TOO_LONG:
                lines.append(f"• {label} terlalu panjang (paling banyak {MAX_FIELD} karakter)")
            case Fault.BAD_MONTH:
                lines.append(f"• {label} tidak dikenal; tulis misalnya <i>Maret</i> atau <i>3</i>")
            case Fault.NO_OWNER:
                lines.append(f"• {label} tidak ditemukan di antara pegawai unit Anda")
            case Fault.MANY_OWNERS:
                names = ", ".join(esc(p.name) for p in error.candidates)
                lines.append(f"• {label} bisa berarti {names}; tulis nama lebih lengkap")
    lines.append("\nPerbaiki lalu kirim lagi; saya masih menunggu pesan Anda.")
    return "\n".join(lines)


def item_added(item: PlanItem) -> str:
    return "✅ Kegiatan ditambahkan ke rencana aksi.\n\n" + item_card(item)


def assigned_to_owner(item: PlanItem, unit_name: str) -> str:
    return (
        f"📌 Anda ditunjuk sebagai pelaksana kegiatan rencana aksi KBK {esc(unit_name)}:\n\n"
        f"{item_card(item)}\n\nPerbarui status dan kirim buktinya lewat /rencana."
    )


def ask_evidence(item: PlanItem) -> str:
    return (
        f"📎 Kirim bukti pelaksanaan <b>{esc(item.activity)}</b>: foto, dokumen, atau "
        f"keterangan tertulis (paling banyak {MAX_EVIDENCE_TEXT} karakter) dalam satu pesan."
    )


def evidence_saved(item: PlanItem, count: int) -> str:
    return f"✅ Bukti tersimpan untuk <b>{esc(item.activity)}</b> ({count} bukti)."


EVIDENCE_ONLY = (
    "Kirim foto, dokumen, atau teks sebagai bukti; stiker, suara, dan video tidak bisa "
    "disimpan. Saya masih menunggu pesan Anda."
)


def evidence_too_long(length: int) -> str:
    return (
        f"Keterangan terlalu panjang ({length} karakter; paling banyak {MAX_EVIDENCE_TEXT}). "
        "Persingkat lalu kirim lagi."
    )


def status_changed(item: PlanItem) -> str:
    return f"\n\n<i>Status: {STATUS_LABELS[item.status]}</i>"


def reminder(item: PlanItem, days_left: int) -> str:
    when = "hari ini" if days_left == 0 else f"{days_left} hari lagi"
    return (
        f"⏰ <b>Pengingat rencana aksi</b>: bulan {month_name(item.month)} berakhir {when}.\n\n"
        f"{item_card(item)}\n\nPerbarui statusnya dan kirim bukti pelaksanaan lewat /rencana."
    )


def report_section(progress: Progress, *, running: bool = False) -> list[str]:
    """The rencana aksi in /laporan: the items' present status; a month counts as late once
    it is over (today once the day is over)."""
    title = f"<b>Rencana aksi {progress.year}</b>" + (" (berjalan)" if running else "")
    if not progress.total:
        return [f"{title}: belum ada kegiatan (/rencana)."]
    return [f"{title}\n{progress_line(progress)}"]


TEXT_ONLY = "Kirim isian kegiatan sebagai teks, ya; saya masih menunggu pesan Anda."
