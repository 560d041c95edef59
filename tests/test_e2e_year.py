"""End to end: a KBK's year as Perbup Bangka Selatan 8/2020 lays it down, through the bot.

The decree is recorded (the composition warning does not block it), the rencana aksi gets
two items and their evidence, a sosialisasi is attended, the values are pledged, an
innovation is proposed and accepted, a problem goes up berjenjang and only the head answers
it, and the head's semester report, drafted a week before the end and approved in the chat,
reaches the Sekda with a copy to Bagian Organisasi citing Pasal 16 — with all of the above.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.emulator import FakeBotApi, FakeUser
from bot.org.roster import parse_roster
from tests.conftest import RunningBot, SettingsFactory, start_bot, stop_bot
from tests.org_fixtures import (
    ANDI_SEKRETARIS_KOMINFO,
    BUDI_ANGGOTA_KOMINFO,
    DEDI_ADMIN,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    SAMPLE_ROSTER,
    registered,
)
from tests.problem_helpers import HENDRA_KEPALA_KOMINFO, PNG, answer_prompt, report, said

SEKDA = "196602141991031005"
PDF = b"%PDF-1.4\n%%EOF\n"
MONDAY_2_NOV = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
async def besaoh(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[RunningBot]:
    running = await start_bot(make_settings(value_set="besaoh"), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


async def job(bot: RunningBot, name: str) -> None:
    assert bot.app.job_queue is not None
    (found,) = bot.app.job_queue.get_jobs_by_name(name)
    await found.run(bot.app)


async def add_item(fake: FakeBotApi, leader: FakeUser, lines: str) -> None:
    await fake.send_message(leader, "/rencana")
    listing = await said(fake, leader, "Rencana aksi KBK")
    await fake.press_button(leader, listing, text="🆕 Tambah kegiatan")
    await said(fake, leader, "Kegiatan:")
    await fake.send_message(leader, lines)
    await said(fake, leader, "Kegiatan ditambahkan")


async def test_a_year_of_the_kbk(besaoh: RunningBot, fake: FakeBotApi) -> None:
    bot = besaoh
    # Kominfo's roster has no Sekretaris this year (Pasal 13(3) c lists one).
    text = SAMPLE_ROSTER.read_text(encoding="utf-8-sig")
    kept = [line for line in text.splitlines() if not line.startswith(ANDI_SEKRETARIS_KOMINFO)]
    parsed = parse_roster("\n".join(kept) + "\n")
    assert parsed.ok, parsed.problems
    await bot.services.org.import_roster(parsed.entries, datetime(2026, 11, 1, tzinfo=UTC))
    users = await registered(
        bot.services.org, fake, HENDRA_KEPALA_KOMINFO, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO,
        BUDI_ANGGOTA_KOMINFO, SEKDA, DEDI_ADMIN,
    )  # fmt: skip
    hendra, fitri, rizky, budi, sekda, dedi = (users[n] for n in (
        HENDRA_KEPALA_KOMINFO, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO, BUDI_ANGGOTA_KOMINFO,
        SEKDA, DEDI_ADMIN,
    ))  # fmt: skip
    bot.services.clock.set(MONDAY_2_NOV)

    # The decree, despite the composition warning.
    await fake.send_message(fitri, "/sk")
    status = await said(fake, fitri, "SK pembentukan KBK")
    assert "⚠️ Belum ada Sekretaris di roster" in status.text
    assert "Perbup Bangka Selatan 8/2020 Pasal 13 ayat (3)" in status.text
    await fake.press_button(fitri, status, text="📝 Catat SK")
    await said(fake, fitri, "Catat SK pembentukan KBK")
    await fake.send_document(
        fitri, PDF, "sk.pdf", caption="Nomor: 061/7/DKI/2026\nTanggal: 02-11-2026"
    )
    await said(fake, fitri, "tercatat beserta berkasnya")

    # The rencana aksi: two items, their evidence.
    await add_item(fake, fitri, "Kegiatan: Apel BESAOH\nTarget: 4 kali\nPelaksana: Budi Santoso\n"
                   "Bulan: November\nIndikator: daftar hadir")  # fmt: skip
    assigned = await said(fake, budi, "Anda ditunjuk sebagai pelaksana")
    await answer_prompt(fake, budi, assigned, "📎 Kirim bukti", "Kirim bukti", "Apel 2 November.")
    await said(fake, budi, "Bukti tersimpan")
    await fake.press_button(budi, assigned, text="✅ Tandai selesai")
    await fake.wait_for_edit(budi, lambda m: "Status: ✅ Selesai" in m.text)
    await add_item(fake, fitri, "Kegiatan: Lomba inovasi\nTarget: 3 usulan\nPelaksana: Fitri\n"
                   "Bulan: Desember\nIndikator: berita acara")  # fmt: skip
    await fake.send_message(fitri, "/rencana")
    listing = await said(fake, fitri, "Rencana aksi KBK")
    await fake.press_button(fitri, listing, text="Des · Lomba inovasi")
    card = await said(fake, fitri, "📌 Lomba inovasi")
    await fake.press_button(fitri, card, text="📎 Kirim bukti")
    await said(fake, fitri, "Kirim bukti")
    await fake.send_photo(fitri, PNG, caption="Pengumuman lomba")
    await said(fake, fitri, "Bukti tersimpan")

    # A sosialisasi, attended; the pledge; an innovation, accepted.
    await fake.send_message(fitri, "/kegiatan")
    menu = await said(fake, fitri, "Kegiatan KBK")
    await fake.press_button(fitri, menu, text="📣 Sosialisasi")
    await said(fake, fitri, "Judul:")
    await fake.send_message(fitri, "Judul: Nilai BESAOH\nWaktu: 02-11-2026 14.00\nTempat: Aula")
    await said(fake, fitri, "diumumkan")
    announced = await said(fake, budi, "Sosialisasi KBK")
    await fake.press_button(budi, announced, text="✅ Saya hadir")
    await fake.wait_for_edit(budi, lambda m: "Kehadiran Anda tercatat" in m.text)
    await fake.send_message(budi, "/ikrar")
    offer = await said(fake, budi, "Deklarasi nilai dan komitmen 2026")
    assert "<b>BESAOH</b>" in offer.html
    await fake.press_button(budi, offer, text="🤝 Saya berikrar")
    await fake.wait_for_edit(budi, lambda m: "Ikrar Anda tercatat pada 2 November 2026" in m.text)
    await fake.send_message(budi, "/inovasi Layanan antre daring untuk tamu dinas.")
    await said(fake, budi, "Usulan Anda tercatat")
    await fake.press_button(
        fitri, await said(fake, fitri, "Usulan inovasi dari"), text="👍 Terima"
    )
    await said(fake, budi, "Usulan inovasi Anda")

    # A problem, berjenjang: the Ketua passes it on; only the head answers.
    number = await report(fake, budi, "Printer layanan rusak.")
    ticket = await said(fake, rizky, f"Laporan masalah baru {number}")
    await answer_prompt(fake, rizky, ticket, "⬆️ Eskalasi", "Tulis usulan alternatif solusi",
                        "Pinjam printer bagian umum.")  # fmt: skip
    routes = await said(fake, rizky, "Usulan solusi untuk")
    await fake.press_button(rizky, routes, text="🪜 Berjenjang lewat Ketua KBK")
    at_ketua = await said(fake, fitri, f"Eskalasi masalah {number}")
    assert at_ketua.button_texts == ["⬆️ Teruskan ke Kepala PD/Unit Kerja",
                                     "📝 Teruskan dengan catatan"]  # fmt: skip
    await fake.press_button(fitri, at_ketua, text="⬆️ Teruskan ke Kepala PD/Unit Kerja")
    at_head = await said(fake, hendra, f"Eskalasi masalah {number}")
    assert "(Perbup Bangka Selatan 8/2020 Pasal 15 ayat (2))" in at_head.text
    await answer_prompt(fake, hendra, at_head, "✍️ Tulis arahan", "Tulis arahan Anda",
                        "Ajukan pengadaan printer baru.")  # fmt: skip
    await said(fake, hendra, "sudah diteruskan")

    # The head's semester report: drafted on 24 December, approved, delivered on 1 January.
    bot.services.clock.set(datetime(2026, 12, 24, 2, 0, tzinfo=UTC))
    await job(bot, "semester-reports")
    draft = await said(fake, hendra, "Draf laporan Semester II Tahun 2026")
    assert "Perbup Bangka Selatan 8/2020 Pasal 16" in draft.text
    assert "• Masalah yang dieskalasi dan dijawab: 1" in draft.text
    await answer_prompt(
        fake, hendra, draft, "📝 Kendala", "Tulis kendala", "Sekretaris KBK kosong."
    )
    updated = await said(fake, hendra, "Draf laporan Semester II")
    await fake.press_button(hendra, updated, text="✅ Setujui laporan")
    await said(fake, hendra, "disetujui")
    bot.services.clock.set(datetime(2027, 1, 1, 2, 0, tzinfo=UTC))
    await job(bot, "semester-reports")
    for recipient in (sekda, dedi):
        xlsx = await fake.wait_for_message(recipient, lambda m: m.kind == "document")
        assert "Perbup Bangka Selatan 8/2020 Pasal 16" in xlsx.text
        assert "kepada Sekretaris Daerah dengan tembusan Bagian Organisasi" in xlsx.text
        assert "Disetujui oleh Dr. Hendra Gunawan, S.T., M.Kom." in xlsx.text
        printable = await fake.wait_for_message(recipient, lambda m: m.kind == "document")
        assert xlsx.document is not None
        assert printable.document is not None
        book = load_workbook(io.BytesIO(xlsx.document.data))
        problems = list(book["Masalah dan Solusi"].iter_rows(values_only=True))[1:]
        assert [(r[0], r[3], r[4], r[5]) for r in problems] == [
            (number, "arahan tertulis", "Ajukan pengadaan printer baru.",
             "Dr. Hendra Gunawan, S.T., M.Kom."),
        ]  # fmt: skip
        plan = list(book["Rencana Aksi"].iter_rows(values_only=True))[1:]
        assert [(r[2], r[6], r[7]) for r in plan] == [
            ("Apel BESAOH", "✅ Selesai", 1),
            ("Lomba inovasi", "🗓️ Direncanakan", 1),
        ]
        held = list(book["Kegiatan"].iter_rows(values_only=True))[1:]
        assert [(r[2], r[3]) for r in held] == [("Sosialisasi", "Nilai BESAOH")]
        document = "\n".join(
            p.text for p in Document(io.BytesIO(printable.document.data)).paragraphs
        )
        assert "Peraturan Bupati Bangka Selatan Nomor 8 Tahun 2020 Pasal 16" in document
        assert "VI. Kendala\nSekretaris KBK kosong." in document
