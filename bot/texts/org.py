"""Texts of /start, onboarding (invites, join requests), /profil and /unit."""

from __future__ import annotations

from bot.content.models import LegalBasis, ValueSet
from bot.org.models import KbkRole, PemdaRole, Person, Unit, UnitStats
from bot.texts import esc, full_stop

# --- /start -------------------------------------------------------------------------------


def welcome(first_name: str, value_set: ValueSet) -> str:
    return (
        f"Selamat datang di <b>Budaya Kerja Bot</b>, {esc(first_name)}!\n\n"
        "Bot ini membantu ASN menjalankan nilai-nilai budaya kerja "
        f"<b>{esc(value_set.name)}</b> setiap hari kerja:\n"
        "• pengingat nilai dan budaya malu setiap pagi,\n"
        "• check-in singkat untuk merefleksikan hari Anda,\n"
        "• menyampaikan masalah di tempat kerja kepada Agen Perubahan,\n"
        "• ringkasan kegiatan untuk Kelompok Budaya Kerja (KBK) unit Anda.\n\n"
        "Lihat nilai-nilainya dengan /nilai, dan daftar perintah dengan /bantuan."
    )


# --- Roles -------------------------------------------------------------------------------

KBK_ROLE_LABELS = {
    KbkRole.PENANGGUNG_JAWAB: "Penanggung jawab KBK",
    KbkRole.KETUA: "Ketua KBK",
    KbkRole.SEKRETARIS: "Sekretaris KBK",
    KbkRole.ANGGOTA: "Anggota KBK",
    KbkRole.FASILITATOR: "Fasilitator KBK",
    KbkRole.PEGAWAI: "Pegawai",
}
PEMDA_ROLE_LABELS = {
    PemdaRole.ADMIN: "Admin Pemda (Bagian Organisasi)",
    PemdaRole.SEKDA: "Sekretaris Daerah",
    PemdaRole.INSPEKTORAT: "Inspektorat (pengaduan tentang pimpinan dan integritas)",
    PemdaRole.TIM: "Tim Pengembangan Budaya Kerja",
    PemdaRole.BUPATI: "Bupati (penerima ringkasan monitoring)",
}


def role_labels(person: Person) -> list[str]:
    """A person's roles, in Indonesian, most senior first."""
    labels = [KBK_ROLE_LABELS[person.kbk_role]]
    if person.agen_perubahan:
        labels.append("Agen Perubahan")
    if person.role_model:
        labels.append("Role Model")
    if person.pemda_role is not None:
        labels.append(PEMDA_ROLE_LABELS[person.pemda_role])
    return labels


def _who(person: Person) -> str:
    return f"<b>{esc(person.name)}</b> ({esc(person.position)})"


# --- /start for people already in the roster, and the outcome of an invite --------------

ASK_FOR_NIP = (
    "\n\n<b>Belum terdaftar?</b> Buka tautan undangan dari KBK unit Anda, atau kirim "
    "<b>NIP</b> Anda (18 angka) di sini: permintaan Anda diteruskan ke Ketua dan Sekretaris "
    "KBK unit Anda untuk disetujui."
)


def registered_greeting(person: Person, kbk_name: str, *, new: bool) -> str:
    opening = "Pendaftaran berhasil!" if new else "Anda sudah terdaftar."
    roles = ", ".join(role_labels(person))
    return (
        f"{opening} Selamat datang, <b>{esc(person.name)}</b>{full_stop(person.name)}\n\n"
        f"Unit: {esc(person.unit_name)}\n"
        f"KBK: {esc(kbk_name)}\n"
        f"Peran: {esc(roles)}\n\n"
        "Ketik /bantuan untuk melihat perintah yang bisa Anda pakai."
    )


INVITE_UNKNOWN = (
    "Kode undangan ini tidak dikenal. Pastikan tautannya dibuka utuh, atau minta tautan baru "
    "kepada Sekretaris KBK unit Anda."
)
INVITE_USED = (
    "Kode undangan ini sudah dipakai. Setiap kode hanya berlaku sekali; minta tautan baru "
    "kepada Sekretaris KBK unit Anda bila ini bukan Anda."
)
INVITE_EXPIRED = (
    "Kode undangan ini sudah kedaluwarsa. Minta tautan baru kepada Sekretaris KBK unit Anda."
)
NIP_BOUND_ELSEWHERE = (
    "NIP ini sudah terhubung dengan akun Telegram lain. Bila itu bukan Anda, hubungi Admin "
    "Pemda (Bagian Organisasi)."
)


def account_bound_elsewhere(person: Person) -> str:
    return (
        "Akun Telegram ini sudah terdaftar atas nama "
        f"<b>{esc(person.name)}</b>{full_stop(person.name)} Satu akun hanya untuk satu "
        "pegawai; hubungi Admin Pemda bila perlu dipindahkan."
    )


# --- Join requests -----------------------------------------------------------------------


def bad_nip(reason: str) -> str:
    return (
        f"NIP tidak valid: {esc(reason)}. Kirim 18 angka NIP Anda, misalnya 19670321 199203 1 008."
    )


TOO_MANY_TRIES = "Terlalu banyak percobaan NIP hari ini. Silakan coba lagi besok."
JOIN_SENT = (
    "Terima kasih. Permintaan dikirim ke pengurus KBK unit tersebut, jika NIP terdaftar. "
    "Anda akan diberi kabar setelah diputuskan.\n\n"
    "Belum ada kabar dalam beberapa hari kerja? Periksa lagi NIP Anda, atau minta tautan "
    "undangan kepada Admin Pemda (Bagian Organisasi)."
)


def join_request_for_leader(
    person: Person, masked_nip: str, telegram_name: str, username: str | None
) -> str:
    account = esc(telegram_name) + (f" (@{esc(username)})" if username else "")
    return (
        "<b>Permintaan bergabung</b>\n\n"
        f"Akun Telegram {account} mengaku sebagai {_who(person)}, "
        f"unit {esc(person.unit_name)}, NIP {esc(masked_nip)}.\n\n"
        "Setujui hanya bila Anda yakin akun ini milik pegawai tersebut."
    )


APPROVE = "✅ Setujui"
REJECT = "❌ Tolak"


def join_decided_note(approved: bool, decider: Person) -> str:
    verb = "✅ Disetujui" if approved else "❌ Ditolak"
    return f"\n\n<i>{verb} oleh {esc(decider.name)}</i>"


JOIN_REJECTED_TO_USER = (
    "Maaf, permintaan bergabung Anda ditolak oleh pengurus KBK. Bila menurut Anda ini keliru, "
    "hubungi Sekretaris KBK unit Anda."
)
JOIN_ALREADY_DECIDED = "Permintaan ini sudah diputuskan sebelumnya."
JOIN_NOT_ALLOWED = "Anda tidak berwenang memutuskan permintaan ini."
JOIN_NIP_TAKEN = "NIP ini sudah terhubung dengan akun lain; permintaan ditolak otomatis."


# --- /profil, /unit, /namakbk --------------------------------------------------------------


def profile(person: Person, masked_nip: str, kbk_name: str, agents: list[Person]) -> str:
    if agents:
        agent_lines = "\n".join(f"• {_who(agent)}" for agent in agents)
    else:
        agent_lines = "• <i>belum ada — masalah diteruskan ke Ketua dan Sekretaris KBK</i>"
    return (
        "<b>Profil saya</b>\n\n"
        f"Nama: {esc(person.name)}\n"
        f"NIP: {esc(masked_nip)}\n"
        f"Jabatan: {esc(person.position)}\n"
        f"Unit: {esc(person.unit_name)}\n"
        f"KBK: {esc(kbk_name)}\n"
        f"Peran: {esc(', '.join(role_labels(person)))}\n\n"
        f"<b>Agen Perubahan unit saya</b>\n{agent_lines}"
    )


def unit_table(stats: list[UnitStats]) -> list[str]:
    """Lines of /unit: one block per unit (the handler splits them into messages)."""
    members = sum(s.members for s in stats)
    registered = sum(s.registered for s in stats)
    lines = [
        f"<b>Unit kerja</b>: {len(stats)} unit, {members} pegawai, {registered} terdaftar",
        "",
    ]
    for number, item in enumerate(stats, start=1):
        share = round(100 * item.registered / item.members) if item.members else 0
        lines.append(
            f"{number}. <b>{esc(item.unit.name)}</b> — {esc(item.unit.kbk_display_name)}\n"
            f"    {item.members} anggota · {item.registered} terdaftar ({share}%) · "
            f"{item.unreachable} tidak terjangkau"
        )
    if not stats:
        lines.append("Belum ada unit. Impor roster dengan <code>budaya-bot import-roster</code>.")
    return lines


KBK_NAME_MAX = 100


def kbk_name_current(unit: Unit, basis: LegalBasis) -> str:
    own = f"“{esc(unit.kbk_name)}”" if unit.kbk_name else "belum punya nama sendiri"
    cited = basis.duties.kbk_name
    where = f" ({esc(basis.cite(cited))})" if cited is not None else ""
    return (
        f"KBK {esc(unit.name)}: {own}.\n\n"
        f"Beri nama dengan <code>/namakbk Nama KBK</code>{where}, atau hapus dengan "
        "<code>/namakbk hapus</code>."
    )


def kbk_name_set(unit: Unit) -> str:
    return f"Nama KBK {esc(unit.name)} sekarang: <b>{esc(unit.kbk_display_name)}</b>."


KBK_NAME_TOO_LONG = f"Nama KBK terlalu panjang; paling banyak {KBK_NAME_MAX} karakter."
