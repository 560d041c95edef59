"""What the Admin Pemda reads when working in the chat: the roster file, the invites, the
calendar; and what a unit's leaders read in /unit NAMA."""

from __future__ import annotations

from datetime import date, datetime
from html import escape as esc

from bot.org.models import Invite, Person, Unit
from bot.org.reconcile import ImportResult
from bot.org.roster import RosterParse
from bot.schedule.calendar import DayInfo, DayKind, OverrideKind
from bot.texts.dates import date_range, long_date, short_date

# --- The roster file -------------------------------------------------------------------------


def roster_counts(result: ImportResult) -> str:
    """The counts of an import (or of a dry run), one sentence; also the CLI's."""
    return (
        f"{result.people} orang (baru {result.added}, diperbarui {result.updated}, "
        f"tidak berubah {result.unchanged}, dinonaktifkan {result.deactivated}, "
        f"diaktifkan lagi {result.reactivated}), {result.units} unit (baru {result.units_added})."
    )


def _leaving(result: ImportResult, verb: str) -> list[str]:
    if not result.deactivated_people:
        return []
    return ["", f"Yang {verb} (tidak ada lagi di berkas):"] + [
        f"• {esc(name)}" for name in result.deactivated_people
    ]


def roster_refused(filename: str, parsed: RosterParse) -> list[str]:
    """Every problem of a refused file, one line each (split into messages by the handler)."""
    lines = [
        f"<b>Roster {esc(filename)} tidak bisa diterapkan</b>: tidak ada yang berubah. "
        f"{parsed.bad_lines} baris bermasalah; perbaiki semuanya lalu kirim lagi berkasnya.",
        "",
    ]
    lines += [f"• {esc(problem.render())}" for problem in parsed.problems]
    return lines


def roster_unreadable(problem: str) -> str:
    return f"Berkas tidak bisa dibaca sebagai roster: {esc(problem)}. Tidak ada yang berubah."


def roster_dry_run(filename: str, result: ImportResult) -> list[str]:
    """What applying the file would change; the buttons follow."""
    lines = [
        f"<b>Pemeriksaan roster {esc(filename)}</b>: semua baris benar.",
        f"Jika diterapkan: {roster_counts(result)}",
    ]
    lines += _leaving(result, "akan dinonaktifkan")
    if not result.changes:
        lines += ["", "Tidak ada perubahan: isi berkas sama dengan roster yang tersimpan."]
    lines += ["", "Terapkan sekarang? Semua perubahan disimpan sekaligus, atau tidak sama sekali."]
    return lines


def roster_applied(filename: str, result: ImportResult) -> list[str]:
    lines = [f"✅ <b>Roster {esc(filename)} diterapkan</b>: {roster_counts(result)}"]
    lines += _leaving(result, "dinonaktifkan")
    lines += ["", "Undang yang belum bergabung dengan /undangan."]
    return lines


ROSTER_CANCELLED = "Roster tidak diterapkan; tidak ada yang berubah."
ROSTER_NOT_ADMIN = (
    "Berkas ini tidak saya proses. Hanya Admin Pemda yang bisa mengirim roster pegawai; untuk "
    "melampirkan berkas pada laporan masalah, mulai dengan /lapor."
)
APPLY = "✅ Terapkan"
NOT_ADMIN_ANY_MORE = "Anda bukan Admin Pemda lagi; tidak ada yang diubah."

# --- /unit NAMA ------------------------------------------------------------------------------


def unit_not_found(name: str, close: list[str], command: str = "unit") -> str:
    text = f"Unit “{esc(name)}” tidak ditemukan."
    if close:
        text += "\nMungkin maksud Anda: " + ", ".join(f"<code>{esc(c)}</code>" for c in close)
    return text + f"\n\nContoh: <code>/{command} Dinas Kesehatan</code>"


def unit_members(unit: Unit, people: list[Person]) -> list[str]:
    """Who of the unit has joined and, by name, who has not yet."""
    waiting = [p for p in people if not p.registered]
    joined = len(people) - len(waiting)
    lines = [
        f"<b>{esc(unit.name)}</b> — {esc(unit.kbk_display_name)}",
        f"{len(people)} anggota · {joined} sudah bergabung · {len(waiting)} belum",
    ]
    if not waiting:
        return [*lines, "", "Semua anggota sudah bergabung. 🎉"]
    lines += ["", "<b>Belum bergabung:</b>"]
    lines += [f"• {esc(p.name)} — {esc(p.position)}" for p in waiting]
    return lines


UNIT_LEADER_OWN_ONLY = "Anda hanya bisa melihat anggota unit Anda sendiri."
UNIT_HINT = "Siapa yang belum bergabung di satu unit: <code>/unit Nama Unit</code>."

# --- /undangan -------------------------------------------------------------------------------

UNDANGAN_USAGE = (
    "<b>Undangan</b>\n"
    "<code>/undangan Nama Unit</code> — anggota unit yang belum bergabung dan tautan mereka\n"
    "<code>/undangan NIP</code> — satu orang\n\n"
    "Tautan sekali pakai dikirim sebagai berkas CSV atau Excel untuk dibagikan."
)


def _invite_state(invite: Invite | None, now: datetime) -> str:
    if invite is None:
        return "belum ada tautan"
    if invite.used_at is not None:
        return "tautan sudah dipakai, akun belum terhubung"
    if now >= invite.expires_at:
        return f"tautan kedaluwarsa {short_date(invite.expires_at.date())}"
    return f"tautan berlaku s.d. {short_date(invite.expires_at.date())}, belum dipakai"


def invite_status(
    label: str, waiting: list[Person], invites: dict[int, Invite], now: datetime
) -> list[str]:
    """Who of ``label`` (a unit, a person) has not joined yet, with their link's state."""
    if not waiting:
        return [f"<b>{esc(label)}</b>: semua sudah bergabung, tidak perlu undangan. 🎉"]
    lines = [f"<b>Undangan {esc(label)}</b>: {len(waiting)} orang belum bergabung.", ""]
    lines += [f"• {esc(p.name)} — {_invite_state(invites.get(p.id), now)}" for p in waiting]
    lines += [
        "",
        "Tombol di bawah membuat tautan baru untuk mereka semua (tautan lama yang belum "
        "dipakai tidak berlaku lagi) dan mengirimkannya sebagai berkas.",
    ]
    return lines


def issue_button(fmt: str, count: int) -> str:
    return f"🔗 {count} tautan baru ({'Excel' if fmt == 'xlsx' else 'CSV'})"


def invites_issued(label: str, count: int, until: date) -> str:
    return (
        f"{count} tautan undangan baru untuk {esc(label)}, berlaku s.d. {long_date(until)}. "
        "Tiap tautan hanya bisa dipakai sekali, oleh orangnya sendiri. "
        "Cek siapa yang belum memakainya dengan /undangan lagi."
    )


INVITE_NOBODY = "Semua sudah bergabung; tidak ada tautan yang dibuat."


def nip_not_found(nip: str) -> str:
    return f"Tidak ada pegawai aktif dengan NIP {esc(nip)} di roster."


# --- /libur ----------------------------------------------------------------------------------

LIBUR_USAGE = (
    "Ubah kalender Pemda:\n"
    "<code>/libur tambah 2026-12-24 Cuti bersama Natal</code> — hari libur Pemda\n"
    "<code>/libur kerja 2026-12-26 Apel HUT Kabupaten</code> — hari kerja tambahan\n"
    "<code>/libur hapus 2026-12-24</code> — hapus ketetapan Pemda\n"
    "Setiap perubahan diminta konfirmasi dulu."
)

KIND_NAMES = {OverrideKind.HOLIDAY: "hari libur Pemda", OverrideKind.WORKING: "hari kerja Pemda"}


def describe_day(info: DayInfo) -> str:
    if info.kind is DayKind.HOLIDAY:
        return f"libur ({info.name})"
    if info.kind is DayKind.WEEKEND:
        return "akhir pekan"
    return f"hari kerja ({info.name})" if info.name else "hari kerja"


def calendar_overview(
    start: date, end: date, days_off: list[tuple[date, str]], own: list[tuple[date, str]]
) -> list[str]:
    """The non-working days from ``start`` to ``end`` and the Pemda's own rulings."""
    lines = [f"<b>Kalender kerja {date_range(start, end)}</b>", ""]
    if days_off:
        lines += [f"• {long_date(day)} — {esc(name)}" for day, name in days_off]
    else:
        lines.append("Tidak ada hari libur selain akhir pekan.")
    lines += ["", "<b>Ketetapan Pemda sendiri</b> (yang akan datang):"]
    lines += [f"• {long_date(day)} — {esc(text)}" for day, text in own] or ["• belum ada"]
    return [*lines, "", LIBUR_USAGE]


def bad_date(text: str) -> str:
    return f"Tanggal “{esc(text)}” tidak dikenal; tulis YYYY-MM-DD, misalnya 2026-12-24."


def bad_reason(problem: str) -> str:
    return f"Alasan tidak bisa dipakai: {esc(problem)}."


def confirm_day_set(day: date, kind: OverrideKind, reason: str, before: str) -> str:
    return (
        f"Jadikan <b>{long_date(day)}</b> {KIND_NAMES[kind]}: {esc(reason)}?\n"
        f"Sekarang: {esc(before)}. Pengingat harian semua pegawai mengikuti kalender ini."
    )


def confirm_day_remove(day: date, ruling: str) -> str:
    return f"Hapus ketetapan Pemda untuk <b>{long_date(day)}</b> ({esc(ruling)})?"


def no_ruling(day: date) -> str:
    return f"Tidak ada libur atau hari kerja Pemda pada {long_date(day)}."


def day_set(day: date, kind: OverrideKind, reason: str) -> str:
    return f"✅ {long_date(day)} kini {KIND_NAMES[kind]}: {esc(reason)}."


def day_removed(day: date, now: str) -> str:
    return f"✅ Ketetapan Pemda untuk {long_date(day)} dihapus; kini: {esc(now)}."


CALENDAR_CANCELLED = "Dibatalkan; kalender tidak berubah."
YES = "✅ Ya"
