"""End to end: the head's semester report. A week before the semester ends the bot drafts
each unit's report for its head (for the Ketua where the head is not on the bot) and the
Pemda's summary for the Tim; they write the obstacles and the follow-up and approve; once
the semester is over the approved reports (xlsx and a printable .docx, with who approved
when) reach the recipients the content file names, and the Bupati gets the summary."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from openpyxl import load_workbook

from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.org.roster import parse_roster
from tests.conftest import RunningBot
from tests.org_fixtures import (
    DEDI_ADMIN,
    EUIS_KETUA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    SAMPLE_ROSTER,
    registered,
)
from tests.problem_helpers import HENDRA_KEPALA_KOMINFO, answer_prompt, said

TIM = "198202142008011003"
BUPATI = "196505051990031002"
EXTRA = (
    f"{TIM};Yusuf Maulana, S.E.;Analis SDM Aparatur;Sekretariat Daerah - Bagian Organisasi;"
    "anggota;tidak;tidak;tim\n"
    f"{BUPATI};H. Bupati Contoh;Bupati;Sekretariat Daerah - Bagian Organisasi;"
    "anggota;tidak;tidak;bupati\n"
)
KOMINFO_KBK = "KBK Dinas Komunikasi dan Informatika"


async def run_job(bot: RunningBot) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("semester-reports")
    await job.run(bot.app)


async def documents(fake: FakeBotApi, user: FakeUser, count: int) -> list[SentMessage]:
    return [
        await fake.wait_for_message(user, lambda m: m.kind == "document") for _ in range(count)
    ]


async def test_the_heads_semester_report(bot: RunningBot, fake: FakeBotApi) -> None:
    parsed = parse_roster(SAMPLE_ROSTER.read_text(encoding="utf-8-sig") + EXTRA)
    assert parsed.ok, parsed.problems
    await bot.services.org.import_roster(parsed.entries, datetime(2026, 11, 1, tzinfo=UTC))
    users = await registered(
        bot.services.org, fake, HENDRA_KEPALA_KOMINFO, FITRI_KETUA_KOMINFO,
        EUIS_KETUA_SUKAMAJU, DEDI_ADMIN, TIM, BUPATI,
    )  # fmt: skip
    hendra, fitri, euis, dedi, tim, bupati = (users[n] for n in (
        HENDRA_KEPALA_KOMINFO, FITRI_KETUA_KOMINFO, EUIS_KETUA_SUKAMAJU, DEDI_ADMIN, TIM, BUPATI,
    ))  # fmt: skip

    # 23 December: too early. 24 December, a week before the end: the drafts.
    bot.services.clock.set(datetime(2026, 12, 23, 2, 0, tzinfo=UTC))
    await run_job(bot)
    assert fake.messages_to(hendra) == []
    bot.services.clock.set(datetime(2026, 12, 24, 2, 0, tzinfo=UTC))
    await run_job(bot)
    await run_job(bot)  # a second tick drafts nothing twice
    draft = await said(fake, hendra, "Draf laporan Semester II Tahun 2026")
    assert KOMINFO_KBK in draft.text
    assert "Perbup Serang 121/2022 Pasal 7 ayat (4) huruf b" in draft.text
    assert "kepada Tim Pengembangan Budaya Kerja" in draft.text
    assert draft.button_texts == [
        "📝 Kendala", "📝 Tindak lanjut", "📊 Pratinjau (Excel)", "✅ Setujui laporan",
    ]  # fmt: skip
    assert len([m for m in fake.messages_to(hendra) if "Draf laporan" in m.text]) == 1
    assert fake.messages_to(fitri) == []  # the head prepares it, not the Ketua
    sukamaju = await said(fake, euis, "Draf laporan Semester II Tahun 2026")
    assert "Kepala Perangkat Daerah belum terdaftar di bot" in sukamaju.text
    pemda_draft = await said(fake, tim, "Draf laporan Semester II Tahun 2026 — Pemda")
    assert "Perbup Serang 121/2022 Pasal 10 ayat (3)" in pemda_draft.text

    # The head writes the narrative in the chat, previews and approves; nobody else may.
    await answer_prompt(fake, hendra, draft, "📝 Kendala", "Tulis kendala",
                        "Jaringan sering putus saat check-in pagi.")  # fmt: skip
    await said(fake, hendra, "Tersimpan di draf laporan")
    updated = await said(fake, hendra, "Draf laporan Semester II")
    assert "Kendala: Jaringan sering putus saat check-in pagi." in updated.text
    await answer_prompt(fake, hendra, updated, "📝 Tindak lanjut", "Tulis tindak lanjut",
                        "Pengadaan jaringan cadangan pada triwulan I.")  # fmt: skip
    await said(fake, hendra, "Tersimpan di draf laporan")
    updated = await said(fake, hendra, "Draf laporan Semester II")
    await fake.press_button(hendra, updated, text="📊 Pratinjau (Excel)")
    (preview,) = await documents(fake, hendra, 1)
    assert preview.document is not None
    assert preview.document.filename == "draf-laporan-semester-20260701-20261231.xlsx"
    query = await fake.press_forged_button(fitri, await fitri_chat(bot, fitri),
                                           updated.callback_data[-1])  # fmt: skip
    refused = await fake.wait_for_callback_answer(query)
    assert refused.text is not None
    assert refused.text.startswith("Laporan ini disiapkan dan disetujui oleh pejabat")
    await fake.press_button(hendra, updated, text="✅ Setujui laporan")
    assert "1 Januari 2027" in (await said(fake, hendra, "disetujui")).text
    sukamaju_card = fake.last_message_to(euis)
    await fake.press_button(euis, sukamaju_card, text="✅ Setujui laporan")
    await said(fake, euis, "disetujui")
    await answer_prompt(fake, tim, pemda_draft, "📝 Kendala", "Tulis kendala",
                        "Dua unit belum punya Kepala yang terdaftar.")  # fmt: skip
    await said(fake, tim, "Tersimpan")
    await fake.press_button(tim, await said(fake, tim, "Draf laporan"), text="✅ Setujui laporan")
    await said(fake, tim, "disetujui")

    # 31 December: not yet. 1 January: the complete semester goes out, once.
    bot.services.clock.set(datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    await run_job(bot)
    assert not [m for m in fake.messages_to(dedi) if m.kind == "document"]
    bot.services.clock.set(datetime(2027, 1, 1, 2, 0, tzinfo=UTC))
    await run_job(bot)
    for recipient in (tim, dedi):  # Serang: the Tim, with Bagian Organisasi
        files = await documents(fake, recipient, 4)
        captions = [m.text for m in files if m.text]
        assert any(
            "Disetujui oleh Dr. Hendra Gunawan, S.T., M.Kom. (Penanggung jawab KBK) pada "
            "24 Desember 2026" in c
            for c in captions
        )
        assert any(
            "Disiapkan oleh Euis Komariah, S.Sos. (Ketua KBK)" in c
            and "belum disetujui Kepala Perangkat Daerah" in c
            for c in captions
        )
    unit = await unit_id(bot)
    (xlsx,) = files_named(fake, dedi, f"unit-{unit}.xlsx")
    book = load_workbook(io.BytesIO(xlsx))
    assert {"Rencana Aksi", "Kegiatan", "Masalah dan Solusi", "Narasi dan Persetujuan"} <= set(
        book.sheetnames
    )
    narrative = {r[0]: r[1] for r in book["Narasi dan Persetujuan"].iter_rows(values_only=True)}
    assert narrative["Kendala"] == "Jaringan sering putus saat check-in pagi."
    dasar = [r[1] for r in book["Sampul"].iter_rows(values_only=True) if r[0] == "Dasar"]
    assert str(dasar[0]).startswith("Peraturan Bupati Serang Nomor 121 Tahun 2022 Pasal 7")
    (printable,) = files_named(fake, dedi, f"unit-{unit}.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(printable)).paragraphs)
    assert "LAPORAN PELAKSANAAN PENGEMBANGAN BUDAYA KERJA" in text
    assert "VI. Kendala\nJaringan sering putus saat check-in pagi." in text
    assert "VII. Tindak lanjut\nPengadaan jaringan cadangan pada triwulan I." in text

    summary = await documents(fake, bupati, 2)
    assert "Perbup Serang 121/2022 Pasal 10 ayat (3)" in summary[0].text
    (summary_docx,) = files_named(fake, bupati, ".docx")
    rows = {
        r.cells[0].text: r.cells[1].text for r in Document(io.BytesIO(summary_docx)).tables[0].rows
    }
    assert rows["Dinas Komunikasi dan Informatika"] == "disetujui Kepala"
    assert rows["Kecamatan Sukamaju"] == "disiapkan Ketua KBK, belum disetujui Kepala"
    assert rows["Dinas Kesehatan"] == "belum ada laporan yang disetujui"
    sent = len(fake.messages_to(dedi))
    await run_job(bot)
    assert len(fake.messages_to(dedi)) == sent


def files_named(fake: FakeBotApi, user: FakeUser, suffix: str) -> list[bytes]:
    """The contents of the files sent to ``user`` whose name ends with ``suffix``."""
    return [
        m.document.data
        for m in fake.messages_to(user)
        if m.document is not None and (m.document.filename or "").endswith(suffix)
    ]


async def fitri_chat(bot: RunningBot, fitri: FakeUser) -> SentMessage:
    return await bot.ask(fitri, "/bantuan")


async def unit_id(bot: RunningBot) -> int:
    hendra = await bot.services.org.person_by_nip(HENDRA_KEPALA_KOMINFO)
    assert hendra is not None
    return hendra.unit_id
