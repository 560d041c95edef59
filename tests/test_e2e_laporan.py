"""End to end: /laporan for KBK leaders (text, chart, Excel) and /laporan pemda."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from bot.emulator import FakeBotApi
from tests.conftest import RunningBot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    DEDI_ADMIN,
    EUIS_KETUA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.report_fixtures import add_checkin

FRIDAY = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)  # 16:00 WIB, the week of 17 August


async def test_leader_gets_text_chart_and_excel(bot: RunningBot, fake: FakeBotApi) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    users = await registered(org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO,
                             RIZKY_AGEN_KOMINFO, DEDI_ADMIN, EUIS_KETUA_SUKAMAJU)  # fmt: skip
    bot.services.clock.set(FRIDAY)
    fitri = users[FITRI_KETUA_KOMINFO]
    # Three Kominfo members checked in on the 18th and 19th.
    for nip in (FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO, RIZKY_AGEN_KOMINFO):
        person = await org.person_by_nip(nip)
        assert person is not None
        for day in (18, 19):
            await add_checkin(bot.services.db, person.id, date(2026, 8, day),
                              "berakhlak.akuntabel", "sudah")  # fmt: skip

    summary = await bot.ask(fitri, "/laporan")
    assert "Laporan KBK Dinas Komunikasi dan Informatika" in summary.text
    assert "Minggu 17-23 Agustus 2026" in summary.text
    assert "4 hari kerja" in summary.text  # 17 August is a holiday; Friday is the 4th
    # Three registered people: every figure is withheld, none is shown.
    assert "Partisipasi: terlalu sedikit data" in summary.text
    assert "Akuntabel: terlalu sedikit data" in summary.text
    chart = await fake.wait_for_message(fitri)
    assert chart.kind == "photo"
    assert chart.photo is not None
    assert chart.photo.data.startswith(b"\x89PNG")
    query = await fake.press_button(fitri, chart, text="📊 Unduh Excel")
    await fake.wait_for_callback_answer(query)
    document = await fake.wait_for_message(fitri)
    assert document.document is not None
    assert document.document.filename == "laporan-kbk-20260817-20260823.xlsx"
    book = load_workbook(io.BytesIO(document.document.data))
    assert book.sheetnames == [
        "Sampul", "Ringkasan", "Partisipasi", "Nilai", "Perilaku", "Budaya Malu", "Masalah",
        "Evaluasi", "Role Model", "Rencana Aksi", "Kegiatan",
    ]  # fmt: skip
    assert book["Sampul"]["B3"].value == KOMINFO
    ringkasan = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True)}
    assert ringkasan["Hari kerja"] == 4
    assert ringkasan["Partisipasi (%)"] == "terlalu sedikit data"

    # A member is refused; a leader of another KBK gets their own KBK, not Kominfo.
    refused = await bot.ask(users[BUDI_ANGGOTA_KOMINFO], "/laporan")
    assert refused.text.startswith("Perintah ini hanya untuk pengurus KBK")
    euis = users[EUIS_KETUA_SUKAMAJU]
    other = await bot.ask(euis, "/laporan")
    assert "Kecamatan Sukamaju" in other.text
    assert KOMINFO not in other.text
    await fake.wait_for_message(euis)  # its chart
    # Nor can she get Kominfo's workbook by replaying Fitri's button: the unit is hers.
    (data,) = chart.callback_data
    euis_chart = fake.messages_to(euis)[-1]
    query = await fake.press_forged_button(euis, euis_chart, data)
    await fake.wait_for_callback_answer(query)
    sheet = await fake.wait_for_message(euis)
    assert sheet.document is not None
    assert load_workbook(io.BytesIO(sheet.document.data))["Sampul"]["B3"].value == (
        "Kecamatan Sukamaju"
    )


async def test_pemda_view_and_bad_periods(bot: RunningBot, fake: FakeBotApi) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    users = await registered(org, fake, DEDI_ADMIN, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO)
    bot.services.clock.set(FRIDAY)
    dedi = users[DEDI_ADMIN]
    reply = await bot.ask(dedi, "/laporan pemda bulan")
    assert "Laporan Pemda: semua unit" in reply.text
    assert "Bulan 1-31 Agustus 2026" in reply.text
    for unit in ("Dinas Kesehatan", KOMINFO, "Kecamatan Sukamaju"):
        assert unit in reply.text
    chart = await fake.wait_for_message(dedi)
    assert chart.kind == "photo"
    fitri = users[FITRI_KETUA_KOMINFO]
    refused = await bot.ask(fitri, "/laporan pemda")
    assert refused.text == (
        "Perintah ini hanya untuk Admin Pemda, Sekretaris Daerah, dan Tim Pengembangan "
        "Budaya Kerja."
    )
    # An ASN asking for it hears who may, not "KBK leaders only".
    asn = await bot.ask(users[BUDI_ANGGOTA_KOMINFO], "/laporan pemda")
    assert asn.text == (
        "Perintah ini hanya untuk Admin Pemda, Sekretaris Daerah, dan Tim Pengembangan "
        "Budaya Kerja."
    )
    bad = await bot.ask(fitri, "/laporan 31-02-2026 01-03-2026")
    assert "tidak ada di kalender" in bad.text


async def _run_reports_job(bot: RunningBot) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("scheduled-reports")
    await job.run(bot.app)


async def test_weekly_digest_and_semester_report_on_a_controlled_clock(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    hendra_head_kominfo = "197206181998031006"
    sekda = "196602141991031005"
    users = await registered(org, fake, FITRI_KETUA_KOMINFO, hendra_head_kominfo, DEDI_ADMIN,
                             sekda, BUDI_ANGGOTA_KOMINFO)  # fmt: skip
    fitri, hendra = users[FITRI_KETUA_KOMINFO], users[hendra_head_kominfo]

    # Sunday evening: nothing yet. Monday 24 August 2026, 07:45 WIB: the digest of last week.
    bot.services.clock.set(datetime(2026, 8, 23, 12, 0, tzinfo=UTC))
    await _run_reports_job(bot)
    assert fake.messages_to(fitri) == []
    bot.services.clock.set(datetime(2026, 8, 24, 0, 45, tzinfo=UTC))
    await _run_reports_job(bot)
    digest = await fake.wait_for_message(fitri)
    assert digest.text.startswith("Ringkasan mingguan")
    assert "Minggu 17-23 Agustus 2026" in digest.text
    assert "4 hari kerja" in digest.text
    assert (await fake.wait_for_message(fitri)).kind == "photo"
    await _run_reports_job(bot)  # a second tick sends nothing twice
    assert len(fake.messages_to(fitri)) == 2
    assert fake.messages_to(users[BUDI_ANGGOTA_KOMINFO]) == []  # members get no digest

    # 31 December 2026, 16:00 WIB: the semester report, with its cover sheet.
    bot.services.clock.set(datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    await _run_reports_job(bot)
    report = await fake.wait_for_message(hendra)
    assert report.document is not None
    assert report.document.filename == "laporan-semester-20260701-20261231.xlsx"
    # The BerAKHLAK Pemda cites its own regulation (Perbup Serang), not Bangka Selatan's.
    assert "Peraturan Bupati Serang Nomor 121 Tahun 2022 Pasal 7 ayat (4) huruf b" in report.text
    assert "Bangka Selatan" not in report.text
    cover = load_workbook(io.BytesIO(report.document.data))["Sampul"]
    dasar = [row[1] for row in cover.iter_rows(values_only=True) if row[0] == "Dasar"]
    assert dasar == [
        "Peraturan Bupati Serang Nomor 121 Tahun 2022 Pasal 7 ayat (4) huruf b: Sekretaris "
        "menyusun laporan pelaksanaan kegiatan KBK; kepada Tim Pengembangan Budaya Kerja"
    ]
    assert cover["A1"].value == f"Laporan Semester KBK {KOMINFO}"
    assert "Semester 2 2026" in str(cover["B5"].value)
    for nip in (DEDI_ADMIN, sekda):
        pemda = await fake.wait_for_message(users[nip])
        assert pemda.document is not None
        book = load_workbook(io.BytesIO(pemda.document.data))
        assert KOMINFO[:31] in book.sheetnames  # Excel allows 31 characters
        assert book[KOMINFO[:31]]["B2"].value == KOMINFO
        assert "Semua Unit" in book.sheetnames
        assert "Pasal 10 ayat (3)" in pemda.text
        assert "dilaporkan kepada Bupati" in pemda.text
    await _run_reports_job(bot)
    assert len(fake.messages_to(hendra)) == 1
