"""End to end: the KBK's rencana aksi through /rencana: a leader enters two items (a wrong
message is explained, nothing lost), owners move them along and send evidence, the owner is
reminded before the month ends, and /laporan and its workbook show the progress."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from bot.emulator import FakeBotApi
from tests.conftest import RunningBot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import ASEP_KEPALA_SUKAMAJU, PNG, said

MONDAY_30_NOV = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
"""Monday 30 November 2026, 09:00 WIB."""


async def test_a_year_of_rencana_aksi(bot: RunningBot, fake: FakeBotApi) -> None:
    await import_sample_roster(bot.services.org)
    users = await registered(
        bot.services.org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO, ASEP_KEPALA_SUKAMAJU
    )
    fitri, budi, asep = (
        users[FITRI_KETUA_KOMINFO],
        users[BUDI_ANGGOTA_KOMINFO],
        users[ASEP_KEPALA_SUKAMAJU],
    )
    bot.services.clock.set(MONDAY_30_NOV)

    empty = await bot.ask(fitri, "/rencana")
    assert "Rencana aksi KBK Dinas Komunikasi dan Informatika 2026" in empty.text
    assert "Perbup Serang 121/2022 Pasal 6 ayat (4)" in empty.text
    assert "Belum ada kegiatan." in empty.text
    assert empty.button_texts == ["🆕 Tambah kegiatan"]
    assert (await bot.ask(budi, "/rencana")).button_texts == []  # members only read it

    # A leader enters an item; a message with faults is explained and the bot keeps waiting.
    await fake.press_button(fitri, empty, text="🆕 Tambah kegiatan")
    await said(fake, fitri, "Tambah kegiatan rencana aksi 2026")
    template = await said(fake, fitri, "Kegiatan:")
    assert [line.strip() for line in template.text.splitlines()] == [
        "Kegiatan:", "Target:", "Pelaksana:", "Bulan:", "Indikator:",
    ]  # fmt: skip
    await fake.send_message(fitri, "Kegiatan: Apel nilai BerAKHLAK\nPelaksana: budi\nBulan: Desm")
    faults = await said(fake, fitri, "belum bisa disimpan")
    assert "baris Target: belum diisi" in faults.text
    assert "baris Indikator: belum diisi" in faults.text
    assert "Bulan tidak dikenal" in faults.text
    await fake.send_message(
        fitri,
        "Kegiatan: Apel nilai BerAKHLAK\nTarget: 4 kali\nPelaksana: budi santoso\n"
        "Bulan: Desember\nIndikator: daftar hadir dan foto apel",
    )
    added = await said(fake, fitri, "Kegiatan ditambahkan")
    assert "Pelaksana: Budi Santoso" in added.text
    assigned = await said(fake, budi, "Anda ditunjuk sebagai pelaksana")
    assert "Apel nilai BerAKHLAK" in assigned.text
    assert assigned.button_texts == ["▶️ Mulai berjalan", "✅ Tandai selesai", "📎 Kirim bukti"]

    await fake.send_message(fitri, "/rencana")
    await fake.press_button(
        fitri, await said(fake, fitri, "Rencana aksi KBK"), text="🆕 Tambah kegiatan"
    )
    await said(fake, fitri, "Kegiatan:")
    await fake.send_message(
        fitri,
        "Kegiatan: Sosialisasi budaya malu\nTarget: seluruh pegawai\nPelaksana: Fitri\n"
        "Bulan: 11\nIndikator: notulen",
    )
    second = await said(fake, fitri, "Kegiatan ditambahkan")
    assert "Bulan: November 2026" in second.text

    # The owner moves his item along and sends a photo as evidence; he cannot cancel it.
    await fake.press_button(budi, assigned, text="▶️ Mulai berjalan")
    moving = await fake.wait_for_edit(budi, lambda m: "Status: ▶️ Berjalan" in m.text)
    assert "🚫 Batalkan kegiatan" not in moving.button_texts
    (apel_id,) = [
        i.id for i in await bot.services.plans.open_items() if i.activity == "Apel nilai BerAKHLAK"
    ]
    query = await fake.press_forged_button(budi, moving, f"ra:1:s:{apel_id}:x")
    refused = await fake.wait_for_callback_answer(query)
    assert refused.text == "Anda tidak berwenang mengubah kegiatan ini."
    await fake.press_button(budi, moving, text="📎 Kirim bukti")
    await said(fake, budi, "Kirim bukti pelaksanaan")
    await fake.send_sticker(budi)
    await said(fake, budi, "stiker")
    await fake.send_photo(budi, PNG, caption="Apel Senin pertama")
    assert "(1 bukti)" in (await said(fake, budi, "Bukti tersimpan")).text
    # What he sent is his: /dataku carries it.
    budi_person = await bot.services.org.person_by_nip(BUDI_ANGGOTA_KOMINFO)
    assert budi_person is not None
    mine = await bot.services.personal_data.export(budi_person.id, budi.id)
    assert [r["text"] for r in mine.other["action_plan_evidence"]] == ["Apel Senin pertama"]

    # The Ketua closes her own item with a written account of it.
    await fake.send_message(fitri, "/rencana")
    listing = await said(fake, fitri, "Rencana aksi KBK")
    assert "2 kegiatan: 0 selesai" in listing.text
    assert "⚠️ 1 lewat bulannya" not in listing.text
    await fake.press_button(fitri, listing, text="Nov · Sosialisasi budaya malu")
    opened = await said(fake, fitri, "📌 Sosialisasi budaya malu")
    await fake.press_button(fitri, opened, text="📎 Kirim bukti")
    await said(fake, fitri, "Kirim bukti pelaksanaan")
    await fake.send_message(fitri, "Sosialisasi di aula, 42 pegawai hadir.")
    await said(fake, fitri, "Bukti tersimpan")
    await fake.press_button(fitri, opened, text="✅ Tandai selesai")
    await fake.wait_for_edit(fitri, lambda m: "Status: ✅ Selesai" in m.text)

    # Another unit's head cannot open Kominfo's item, even with the button's data.
    own = await bot.ask(asep, "/rencana")
    query = await fake.press_forged_button(asep, own, f"ra:1:v:{apel_id}:-")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."

    # A week before December ends the owner is reminded, once.
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("action-plan-reminders")
    bot.services.clock.set(datetime(2026, 12, 24, 2, 0, tzinfo=UTC))
    await job.run(bot.app)
    assert not [m for m in fake.messages_to(budi) if "Pengingat rencana aksi" in m.text]
    bot.services.clock.set(datetime(2026, 12, 25, 2, 0, tzinfo=UTC))
    await job.run(bot.app)
    reminder = await said(fake, budi, "Pengingat rencana aksi")
    assert "bulan Desember berakhir 6 hari lagi" in reminder.text
    await job.run(bot.app)
    assert len([m for m in fake.messages_to(budi) if "Pengingat rencana aksi" in m.text]) == 1

    # /laporan and its workbook carry the progress.
    await fake.send_message(fitri, "/laporan")
    assert "1 selesai" in (await said(fake, fitri, "Rencana aksi 2026")).text
    chart = await fake.wait_for_message(fitri, lambda m: m.kind == "photo")
    await fake.press_button(fitri, chart, text="📊 Unduh Excel")
    sheet = await fake.wait_for_message(fitri, lambda m: m.kind == "document")
    assert sheet.document is not None
    rows = list(load_workbook(io.BytesIO(sheet.document.data))["Rencana Aksi"].values)
    assert rows[1:] == [
        (2026, "November", "Sosialisasi budaya malu", "seluruh pegawai",
         "Fitri Handayani, S.Kom., M.T.", "notulen", "✅ Selesai", 1, None),
        (2026, "Desember", "Apel nilai BerAKHLAK", "4 kali", "Budi Santoso",
         "daftar hadir dan foto apel", "▶️ Berjalan", 1, None),
    ]  # fmt: skip
