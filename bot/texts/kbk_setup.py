"""Texts of /sk: the decree that forms the KBK, its composition check and its attachment."""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.models import LegalBasis
from bot.org.composition import CompositionWarning, Gap
from bot.org.decree import AttachmentTexts, Decree
from bot.org.models import KbkRole, Person
from bot.texts import esc
from bot.texts.dates import long_date

RECORD = "📝 Catat SK"
ATTACHMENT = "📄 Lampiran susunan (.docx)"
FILE = "📎 Berkas SK"
CANCEL = "✖️ Batal"
CANCELLED = "Dibatalkan."
NOT_ALLOWED = "Hanya Penanggung jawab, Ketua, dan Sekretaris KBK yang dapat mencatat SK."
ROLE_NAMES = {
    KbkRole.PENANGGUNG_JAWAB: "Penanggung jawab",
    KbkRole.KETUA: "Ketua",
    KbkRole.SEKRETARIS: "Sekretaris",
    KbkRole.ANGGOTA: "Anggota",
    KbkRole.FASILITATOR: "Fasilitator",
}


def status(
    unit_name: str,
    decree: Decree | None,
    people: Sequence[Person],
    warnings: Sequence[CompositionWarning],
    basis: LegalBasis,
) -> str:
    setup, listed = basis.duties.kbk_setup, basis.duties.kbk_composition
    lines = [
        f"<b>SK pembentukan KBK {esc(unit_name)}</b>",
        f"<i>{esc(setup.duty)} ({esc(basis.cite(setup))}).</i>",
        "",
    ]
    if decree is None:
        lines.append("SK belum tercatat di bot.")
    else:
        lines.append(f"Nomor: {esc(decree.number)}")
        lines.append(f"Tanggal: {long_date(decree.decided_on)}")
    lines += ["", f"<b>Susunan menurut roster</b> ({esc(basis.cite(listed))})"]
    for role in ROLE_NAMES:
        holders = [p for p in people if p.kbk_role is role]
        if role is KbkRole.ANGGOTA:
            lines.append(f"• Anggota: {len(holders)} orang")
        elif holders:
            lines.append(f"• {ROLE_NAMES[role]}: {', '.join(esc(p.name) for p in holders)}")
    head = next((p for p in people if p.kbk_role is KbkRole.PENANGGUNG_JAWAB), None)
    if head is not None:
        lines.append(role_model_line(head, basis))
    for warning in warnings:
        lines.append(warning_line(warning, basis))
    if warnings:
        lines.append(
            "<i>Peringatan ini tidak menghalangi pencatatan SK; susunan dapat disesuaikan "
            "dengan kondisi unit. Perbaiki roster bila perlu.</i>"
        )
    return "\n".join(lines)


def role_model_line(head: Person, basis: LegalBasis) -> str:
    """The head of the unit is its Role Model by the article, not by appreciation."""
    cited = basis.duties.role_model
    return (
        f"🌟 Role Model: {esc(head.name)}, {esc(basis.head)} ({esc(cited.duty)}; "
        f"{esc(basis.cite(cited))})"
    )


def warning_line(warning: CompositionWarning, basis: LegalBasis) -> str:
    cited = esc(basis.cite(basis.duties.kbk_composition))
    role = ROLE_NAMES[warning.role]
    if warning.gap is Gap.SEVERAL_HEADS:
        return (
            f"⚠️ Ada lebih dari satu {role} di roster; {cited} menyebut satu, yaitu "
            f"{esc(basis.head)}."
        )
    return f"⚠️ Belum ada {role} di roster, padahal {cited} mencantumkannya."


def ask_decree() -> str:
    return (
        "📝 <b>Catat SK pembentukan KBK</b>\n\n"
        "Kirim berkas SK yang sudah ditandatangani (PDF atau foto) dengan keterangan dua "
        "baris:\n<code>Nomor: 800/12/KOMINFO/2026\nTanggal: 05-01-2026</code>"
    )


NEEDS_FILE = (
    "Kirim berkas SK (PDF atau foto) dengan keterangan Nomor dan Tanggal; saya masih "
    "menunggu pesan Anda."
)


def decree_faults(number_missing: bool, bad_date: bool, too_long: bool) -> str:
    lines = ["SK belum bisa dicatat:"]
    if number_missing:
        lines.append("• baris <b>Nomor:</b> belum diisi pada keterangan berkas")
    if too_long:
        lines.append("• Nomor terlalu panjang")
    if bad_date:
        lines.append("• baris <b>Tanggal:</b> belum diisi atau tidak terbaca (DD-MM-YYYY)")
    lines.append("\nKirim lagi berkasnya dengan keterangan yang benar.")
    return "\n".join(lines)


def recorded(decree: Decree) -> str:
    return (
        f"✅ SK nomor <b>{esc(decree.number)}</b> tanggal {long_date(decree.decided_on)} "
        "tercatat beserta berkasnya."
    )


def file_caption(decree: Decree) -> str:
    return f"SK KBK nomor {esc(decree.number)}, {long_date(decree.decided_on)}"


def attachment_texts(unit_name: str, decree: Decree | None) -> AttachmentTexts:
    unit = unit_name.upper()
    return AttachmentTexts(
        title_lines=(
            "LAMPIRAN",
            f"KEPUTUSAN KEPALA {unit}",
            f"NOMOR {decree.number if decree else '....................'}",
            "TENTANG",
            "PEMBENTUKAN KELOMPOK BUDAYA KERJA",
        ),
        heading=f"SUSUNAN KEANGGOTAAN KELOMPOK BUDAYA KERJA\n{unit}",
        header=("No", "Nama / NIP", "Jabatan", "Kedudukan dalam KBK"),
        roles=ROLE_NAMES,
        agent="Agen Perubahan",
        signer_title=f"KEPALA {unit},",
    )


def attachment_caption(unit_name: str) -> str:
    return (
        f"Lampiran SK: susunan keanggotaan KBK {esc(unit_name)} dari roster, siap ditandatangani."
    )
