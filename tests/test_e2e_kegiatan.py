"""End to end: a KBK leader announces a sosialisasi and the declaration of values, members
confirm attendance (and a takeaway) or pledge with one tap, /ikrar records the pledge with
its date, an innovation proposal is reviewed by the KBK, and /laporan counts it all behind
the privacy threshold."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.activities.models import Activity
from bot.emulator import FakeBotApi
from tests.conftest import RunningBot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import ASEP_KEPALA_SUKAMAJU, said

MONDAY_30_NOV = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
"""Monday 30 November 2026, 08:00 WIB."""
TUESDAY_1_DEC = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
STALE = "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."


async def test_activities_pledge_and_innovation(bot: RunningBot, fake: FakeBotApi) -> None:
    await import_sample_roster(bot.services.org)
    users = await registered(
        bot.services.org,
        fake,
        FITRI_KETUA_KOMINFO,
        BUDI_ANGGOTA_KOMINFO,
        RIZKY_AGEN_KOMINFO,
        ASEP_KEPALA_SUKAMAJU,
    )
    fitri, budi, rizky, asep = (
        users[FITRI_KETUA_KOMINFO],
        users[BUDI_ANGGOTA_KOMINFO],
        users[RIZKY_AGEN_KOMINFO],
        users[ASEP_KEPALA_SUKAMAJU],
    )
    bot.services.clock.set(MONDAY_30_NOV)
    assert (await bot.ask(budi, "/kegiatan")).button_texts == []
    menu = await bot.ask(fitri, "/kegiatan")
    assert menu.button_texts == [
        "📣 Sosialisasi",
        "📣 Internalisasi",
        "📣 Diskusi kelompok",
        "📣 Deklarasi nilai dan komitmen",
    ]

    # A sosialisasi: a time already past is explained, then it goes to the whole unit.
    await fake.press_button(fitri, menu, text="📣 Sosialisasi")
    await said(fake, fitri, "Umumkan sosialisasi")
    await said(fake, fitri, "Judul:")
    await fake.send_message(fitri, "Judul: Nilai Akuntabel\nWaktu: 27-11-2026 09.00\nTempat: Aula")
    assert "Waktu sudah lewat" in (await said(fake, fitri, "belum bisa dikirim")).text
    await fake.send_message(fitri, "Judul: Nilai Akuntabel\nWaktu: 30-11-2026 14.00\nTempat: Aula")
    assert "diumumkan kepada 3 pegawai" in (await said(fake, fitri, "diumumkan")).text
    card = await said(fake, budi, "Sosialisasi KBK Dinas Komunikasi dan Informatika")
    assert "30 November 2026 pukul 14.00" in card.text
    assert card.button_texts == ["✅ Saya hadir"]
    assert not [m for m in fake.messages_to(asep) if "Nilai Akuntabel" in m.text]
    (attend,) = card.callback_data
    query = await fake.press_forged_button(asep, await bot.ask(asep, "/kegiatan"), attend)
    assert (await fake.wait_for_callback_answer(query)).text == STALE

    await fake.press_button(budi, card, text="✅ Saya hadir")
    attended = await fake.wait_for_edit(budi, lambda m: "Kehadiran Anda tercatat" in m.text)
    await fake.press_button(budi, attended, text="✍️ Tulis kesan (opsional)")
    await said(fake, budi, "Tulis satu kalimat")
    await fake.send_message(budi, "Akuntabel dimulai dari absen tepat waktu.")
    await said(fake, budi, "kesan Anda tercatat")
    (activity,) = [a for a in await _this_year(bot) if a.title == "Nilai Akuntabel"]
    assert await bot.services.activities.takeaways(activity.id) == [
        "Akuntabel dimulai dari absen tepat waktu."
    ]

    # The list shows no running count of attendance: it would tell who just tapped.
    listed = (await bot.ask(budi, "/kegiatan")).text
    assert "Nilai Akuntabel" in listed
    assert "1 hadir" not in listed
    assert "Rekap kehadiran ada di /laporan setelah hari kegiatan selesai" in listed

    # The declaration of values: tapping it is the pledge, recorded with its date.
    await fake.send_message(fitri, "/kegiatan")
    menu = await said(fake, fitri, "Kegiatan KBK")
    await fake.press_button(fitri, menu, text="📣 Deklarasi nilai dan komitmen")
    await said(fake, fitri, "Judul:")
    await fake.send_message(
        fitri, "Judul: Deklarasi BerAKHLAK 2026\nWaktu: 30-11-2026 15.00\nTempat: Halaman"
    )
    await said(fake, fitri, "diumumkan")
    declaration = await said(fake, budi, "Deklarasi nilai dan komitmen KBK")
    await fake.press_button(budi, declaration, text="🤝 Saya berikrar")
    await fake.wait_for_edit(budi, lambda m: "Ikrar dan kehadiran Anda tercatat" in m.text)
    assert "Ikrar Anda tercatat pada 30 November 2026" in (await bot.ask(budi, "/ikrar")).text
    await fake.send_message(rizky, "/ikrar")
    offer = await said(fake, rizky, "Deklarasi nilai dan komitmen 2026")
    assert "menerapkan nilai-nilai budaya kerja <b>BerAKHLAK</b>" in offer.html
    await fake.press_button(rizky, offer, text="🤝 Saya berikrar")
    await fake.wait_for_edit(rizky, lambda m: "Ikrar Anda tercatat pada" in m.text)

    # An innovation proposal goes to the KBK's reviewers; the proposer hears the decision.
    await fake.send_message(budi, "/inovasi")
    await said(fake, budi, "Usulan inovasi budaya kerja")
    await fake.send_message(budi, "Papan apresiasi digital di lobi untuk teladan bulanan.")
    await said(fake, budi, "diteruskan kepada pengurus KBK")
    proposal = await said(fake, fitri, "Usulan inovasi dari Budi Santoso")
    assert proposal.button_texts == ["👍 Terima", "🌱 Perlu dikembangkan", "✖️ Tolak"]
    rizky_chat = fake.last_message_to(rizky)
    query = await fake.press_forged_button(rizky, rizky_chat, proposal.callback_data[0])
    refused = await fake.wait_for_callback_answer(query)
    assert refused.text is not None
    assert refused.text.startswith("Hanya Penanggung jawab, Ketua, dan Sekretaris KBK")
    await fake.press_button(fitri, proposal, text="👍 Terima")
    await fake.wait_for_edit(fitri, lambda m: "Diterima oleh Fitri" in m.text)
    assert "<b>diterima</b> oleh Fitri" in (await said(fake, budi, "Usulan inovasi Anda")).html

    # /laporan counts them once their day is over; attendance and pledges of fewer than 3
    # people are withheld. On the day itself the running month has none of them yet.
    await fake.send_message(fitri, "/laporan bulan ini")  # November, still running
    section = await said(fake, fitri, "Kegiatan KBK (berjalan)")
    assert "Kegiatan: 0" in section.text
    bot.services.clock.set(TUESDAY_1_DEC)
    await fake.send_message(fitri, "/laporan bulan")  # November, complete
    section = await said(fake, fitri, "Kegiatan KBK")
    assert "(berjalan)" not in section.text
    assert "Kegiatan: 2 (sosialisasi 1, deklarasi nilai dan komitmen 1)" in section.text
    assert "Kehadiran: terlalu sedikit data" in section.text
    assert "Ikrar nilai dan komitmen 2026 (sampai 30 November 2026): terlalu sedikit data" in (
        section.text
    )
    assert "Usulan inovasi: 1 (1 diterima" in section.text


async def _this_year(bot: RunningBot) -> list[Activity]:
    fitri = await bot.services.org.person_by_nip(FITRI_KETUA_KOMINFO)
    assert fitri is not None
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return await bot.services.activities.of_unit(
        fitri.unit_id, start, datetime(2027, 1, 1, tzinfo=UTC)
    )
