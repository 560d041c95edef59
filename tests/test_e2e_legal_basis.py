"""End to end: a BESAOH Pemda (Perbup Bangka Selatan 8/2020) reads its own regulation's
articles and terms on escalation cards and the semester report, as the content file names
them; the BerAKHLAK Pemda's citations are checked in the escalation and report tests."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from bot.emulator import FakeBotApi
from tests.conftest import RunningBot, SettingsFactory, start_bot, stop_bot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    DEDI_ADMIN,
    FITRI_KETUA_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import HENDRA_KEPALA_KOMINFO, report, said

SEKDA = "196602141991031005"


@pytest.fixture
async def besaoh_bot(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> AsyncIterator[RunningBot]:
    running = await start_bot(make_settings(value_set="besaoh"), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


async def test_a_besaoh_pemda_cites_bangka_selatan(
    besaoh_bot: RunningBot, fake: FakeBotApi
) -> None:
    bot = besaoh_bot
    await import_sample_roster(bot.services.org)
    users = await registered(
        bot.services.org,
        fake,
        BUDI_ANGGOTA_KOMINFO,
        FITRI_KETUA_KOMINFO,
        HENDRA_KEPALA_KOMINFO,
        SEKDA,
        DEDI_ADMIN,
    )
    budi, fitri, hendra = (
        users[BUDI_ANGGOTA_KOMINFO],
        users[FITRI_KETUA_KOMINFO],
        users[HENDRA_KEPALA_KOMINFO],
    )
    # Naming the KBK is Serang's Pasal 6(5); Bangka Selatan's text says nothing of it.
    naming = await bot.ask(fitri, "/namakbk")
    assert "Beri nama dengan /namakbk Nama KBK, atau hapus" in naming.text
    assert "Serang" not in naming.text
    number = await report(fake, budi, "Printer pelayanan rusak sejak Senin.")
    card = await said(fake, fitri, f"Laporan masalah baru {number}")
    assert "(Perbup Bangka Selatan 8/2020 Pasal 15 ayat (1))" in card.text
    await fake.press_button(fitri, card, text="⬆️ Eskalasi")
    asked = await said(fake, fitri, "Tulis usulan alternatif solusi")
    assert "Kepala Perangkat Daerah/Unit Kerja memilih salah satu" in asked.text
    await fake.send_message(fitri, "Pinjam printer bagian umum.")
    routes = await said(fake, fitri, "Usulan solusi untuk")
    assert routes.button_texts[0] == "➡️ Langsung ke Kepala PD/Unit Kerja"
    await fake.press_button(fitri, routes, text="➡️ Langsung ke Kepala PD/Unit Kerja")
    at_head = await said(fake, hendra, f"Eskalasi masalah {number}")
    assert "Jalur: langsung kepada Kepala Perangkat Daerah/Unit Kerja" in at_head.text
    assert "arahan dan solusi (Perbup Bangka Selatan 8/2020 Pasal 15 ayat (2))" in at_head.text
    assert "Serang" not in at_head.text

    # The head's semester report cites Pasal 16 and reaches the Sekda with a copy to
    # Bagian Organisasi, as the article says.
    (job,) = bot.app.job_queue.get_jobs_by_name("semester-reports") if bot.app.job_queue else ()
    bot.services.clock.set(datetime(2026, 12, 24, 2, 0, tzinfo=UTC))
    await job.run(bot.app)
    draft = await said(fake, hendra, "Draf laporan Semester II Tahun 2026")
    assert "Perbup Bangka Selatan 8/2020 Pasal 16" in draft.text
    assert "kepada Sekretaris Daerah dengan tembusan Bagian Organisasi" in draft.text
    await fake.press_button(hendra, draft, text="✅ Setujui laporan")
    await said(fake, hendra, "disetujui")
    bot.services.clock.set(datetime(2027, 1, 1, 2, 0, tzinfo=UTC))
    await job.run(bot.app)
    for recipient in (users[SEKDA], users[DEDI_ADMIN]):
        sent = await fake.wait_for_message(recipient, lambda m: m.kind == "document")
        assert "Perbup Bangka Selatan 8/2020 Pasal 16" in sent.text
        assert sent.document is not None
        cover = load_workbook(io.BytesIO(sent.document.data))["Sampul"]
        dasar = [row[1] for row in cover.iter_rows(values_only=True) if row[0] == "Dasar"]
        assert str(dasar[0]).startswith(
            "Peraturan Bupati Bangka Selatan Nomor 8 Tahun 2020 Pasal 16"
        )
