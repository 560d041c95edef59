"""End to end: /laporan for KBK leaders (text, chart, Excel) and /laporan pemda.

Kominfo has 8 people, all registered; the threshold is 5 people. The week of 9-13 November
2026 is complete; the week of 16 November is running in most tests.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox
from openpyxl import load_workbook

from bot.emulator import FakeBotApi, FakeUser
from bot.org.roster import parse_roster
from bot.reports.build import build_kbk_summary, build_pemda_rows
from bot.reports.chart import kbk_figure, pemda_figure
from bot.reports.period import parse_period
from tests.conftest import RunningBot, SettingsFactory, set_now, start_bot, stop_bot, wib
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    DEDI_ADMIN,
    EUIS_KETUA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    KOMINFO,
    SAMPLE_ROSTER,
    import_sample_roster,
    registered,
)
from tests.report_fixtures import (
    add_checkin,
    chart_message,
    kominfo_team,
    report_messages,
    report_workbook,
)

PELAYANAN, AKUNTABEL = "berakhlak.berorientasi_pelayanan", "berakhlak.akuntabel"
WEEK = [date(2026, 11, d) for d in (9, 10, 11, 12, 13)]
RUNNING = [date(2026, 11, d) for d in (16, 17, 18, 19, 20)]
MONDAY_MORNING = wib(date(2026, 11, 16), 7, 45)
FRIDAY_MORNING = wib(date(2026, 11, 20), 9, 5)
DECEMBER_FIRST = wib(date(2026, 12, 1), 8)


@pytest.fixture
async def bot3(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[RunningBot]:
    """The bot with REPORT_MIN_PEOPLE=3, the lowest allowed: more cells to compare."""
    running = await start_bot(make_settings(report_min_people=3), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


async def _answer_week(bot: RunningBot, people: list[int], days: list[date]) -> None:
    """Every member checks in every day: Berorientasi Pelayanan on Monday-Wednesday (6 say
    Sudah, 2 Sebagian), Akuntabel on Thursday and Friday (everyone says Sudah)."""
    for index, day in enumerate(days):
        for n, person in enumerate(people):
            value = PELAYANAN if index < 3 else AKUNTABEL
            answer = "sebagian" if value == PELAYANAN and n >= 6 else "sudah"
            practised = [f"{value}.2"] if n < 6 else []
            malu = ["malu.1"] if n == 0 else []
            await add_checkin(bot.services.db, person, day, value, answer,
                              practised=practised, malu=malu)  # fmt: skip


async def _answer_week_and_saturday(bot: RunningBot, people: list[int]) -> None:
    """The week, and three Belum about Pelayanan on Saturday (a day off: it still counts
    as an answer, not as an expected check-in)."""
    await _answer_week(bot, people, WEEK)
    for person in people[:3]:
        await add_checkin(bot.services.db, person, date(2026, 11, 14), PELAYANAN, "belum")


async def _november(bot: RunningBot, fake: FakeBotApi) -> FakeUser:
    """Kominfo's week of 9 November with Saturday's answers, seen on 1 December; Fitri."""
    users, people = await kominfo_team(bot, fake)
    await _answer_week_and_saturday(bot, people)
    set_now(bot, DECEMBER_FIRST)
    return users[FITRI_KETUA_KOMINFO]


async def test_monday_morning_shows_last_week_complete(bot: RunningBot, fake: FakeBotApi) -> None:
    users, people = await kominfo_team(bot, fake)
    await _answer_week(bot, people, WEEK)
    set_now(bot, MONDAY_MORNING)
    fitri = users[FITRI_KETUA_KOMINFO]
    *texts, caption = await report_messages(bot, fake, fitri, "/laporan")
    text = "\n".join(texts)
    assert "Laporan minggu lengkap terakhir (Minggu 9-15 November 2026)" in text
    assert "Periode lengkap: 5 hari kerja." in text
    assert "Partisipasi: 100% (40 dari 40 check-in)" in text
    # A complete week is compared with the week before and with the unit's own past (the
    # four weeks before: only 2-6 November count, everyone registered on the 2nd).
    assert "▲ 100,0 poin dibanding periode sebelumnya" in text
    assert "▲ 100,0 poin dibanding rata-rata 4 minggu sebelumnya (0%)" in text
    # A week's answers are not broken down (per whole month only): one sentence says so,
    # not a line per value.
    assert "tampil per bulan penuh (/laporan bulan, /laporan semester)" in text
    assert "Sudah 18" not in text
    assert text.split("Evaluasi budaya kerja")[0].count("terlalu sedikit data") == 0
    assert caption.startswith("Partisipasi per hari kerja yang sudah selesai")
    # The running week asked for by name on its Monday morning: nothing to compare, no ▼.
    *texts, caption = await report_messages(bot, fake, fitri, "/laporan minggu ini")
    text = "\n".join(texts)
    assert "Minggu 16-22 November 2026 (berjalan)" in text
    assert "belum ada hari yang selesai" in text
    assert "▼" not in text
    assert "▲" not in text
    assert "(berjalan)" in caption
    dedi = users[DEDI_ADMIN]
    *texts, caption = await report_messages(bot, fake, dedi, "/laporan pemda minggu ini")
    assert "▼" not in "\n".join(texts)
    assert "(berjalan)" in caption


async def test_friday_morning_counts_up_to_yesterday(bot: RunningBot, fake: FakeBotApi) -> None:
    users, people = await kominfo_team(bot, fake)
    await _answer_week(bot, people, WEEK)
    await _answer_week(bot, people[:6], RUNNING[:4])  # Mon-Thu, 6 of 8
    # Friday morning: only one person has checked in yet.
    await add_checkin(bot.services.db, people[0], RUNNING[4], AKUNTABEL, "belum")
    set_now(bot, FRIDAY_MORNING)
    fitri, dedi = users[FITRI_KETUA_KOMINFO], users[DEDI_ADMIN]
    *texts, _ = await report_messages(bot, fake, fitri, "/laporan minggu ini")
    text = "\n".join(texts)
    assert "dihitung sampai Kamis, 19 November 2026 (4 hari kerja)" in text
    assert "Partisipasi: 75% (24 dari 32 check-in)" in text  # today is not in it
    assert "▼" not in text
    assert "▲" not in text
    assert "Rincian jawaban, perilaku dan budaya malu tampil setelah periode selesai" in text
    *texts, _ = await report_messages(bot, fake, dedi, "/laporan pemda minggu ini")
    text = "\n".join(texts)
    assert f"{KOMINFO}: 75% · terdaftar 8/8" in text
    assert "▼" not in text
    # The chart labels each bar as the text writes its figure, and says the week runs.
    services = bot.services
    week = parse_period(["minggu", "ini"], RUNNING[4])
    rows = await build_pemda_rows(
        services.reports, await services.org.units(), week, RUNNING[4], 5
    )
    figure = pemda_figure(rows, week, running=True)
    labels = [t.get_text().strip() for t in figure.axes[0].texts]
    assert labels[0] == "75%"
    assert "(berjalan)" in figure.axes[0].get_title()
    # The complete week against the one before: now a comparison is honest.
    *texts, _ = await report_messages(bot, fake, dedi, "/laporan pemda")
    assert "perubahan tidak dapat dihitung" in "\n".join(texts)  # nothing the week before


async def test_differencing_periods_recovers_nothing(bot: RunningBot, fake: FakeBotApi) -> None:
    users, people = await kominfo_team(bot, fake)
    await _answer_week(bot, people, RUNNING[:4])
    await add_checkin(bot.services.db, people[0], RUNNING[4], AKUNTABEL, "belum", malu=["malu.3"])
    fitri = users[FITRI_KETUA_KOMINFO]
    set_now(bot, FRIDAY_MORNING)
    # Monday-Thursday is not a period a leader can ask for, typed or forged.
    refused = await bot.ask(fitri, "/laporan 16-11-2026 19-11-2026")
    assert "minggu utuh (Senin sampai Minggu)" in refused.text
    *friday, _ = await report_messages(bot, fake, fitri, "/laporan minggu ini")
    chart = chart_message(fake, fitri)
    forged = await fake.press_forged_button(fitri, chart, "lap:1:k:20261116-20261119")
    answer = await fake.wait_for_callback_answer(forged)
    assert "kedaluwarsa" in str(answer) or "tidak berlaku" in str(answer).lower()
    # Saturday: the same running week once more, now with Friday in it.
    set_now(bot, wib(date(2026, 11, 21), 10))
    *saturday, _ = await report_messages(bot, fake, fitri, "/laporan minggu ini")
    for text in ("\n".join(friday), "\n".join(saturday)):
        assert not re.search(r"(Sudah|Sebagian|Belum) \d", text)
        assert "Malu " not in text  # no budaya-malu item, counted or not
    # Only participation moved, and that is what the running week is for.
    assert "dihitung sampai Jumat, 20 November 2026" in "\n".join(saturday)


async def test_longer_period_minus_shorter_recovers_nothing(
    bot3: RunningBot, fake: FakeBotApi
) -> None:
    bot = bot3
    users, people = await kominfo_team(bot, fake)
    db = bot.services.db
    # November: about Pelayanan 5 say Sudah, 3 Sebagian, and 3 Belum on Saturday the 14th:
    # every cell has 3+ people behind it and behind the rest, so November shows all three.
    for day in WEEK[:3]:
        for n, person in enumerate(people):
            await add_checkin(db, person, day, PELAYANAN, "sudah" if n < 5 else "sebagian")
    for person in people[:3]:
        await add_checkin(db, person, date(2026, 11, 14), PELAYANAN, "belum")
    # December: everyone says Sudah, one person Belum on the 7th: hidden in December.
    for number in (1, 2, 3):
        for person in people:
            await add_checkin(db, person, date(2026, 12, number), PELAYANAN, "sudah")
    await add_checkin(db, people[7], date(2026, 12, 7), PELAYANAN, "belum")
    fitri = users[FITRI_KETUA_KOMINFO]
    set_now(bot, wib(date(2027, 1, 4), 8))
    november = "\n".join(await report_messages(bot, fake, fitri, "/laporan 01-11-2026 30-11-2026"))
    assert "Bulan 1-30 November 2026" in november
    december = _text_cells("\n".join(await report_messages(bot, fake, fitri, "/laporan bulan")))
    both = "\n".join(await report_messages(bot, fake, fitri, "/laporan 01-11-2026 31-12-2026"))
    assert _text_cells(november)["Berorientasi Pelayanan"] == (15, 9, 3)
    assert december.get("Berorientasi Pelayanan", (None, None, None)) == (None, None, None)
    # The two months together would show Belum 4 and give December's one Belum back
    # (4 - 3): a cell hidden in one month stays hidden in every period that holds it.
    assert _text_cells(both).get("Berorientasi Pelayanan", (None,) * 3)[2] is None
    # A week has no breakdown to subtract from its month at all.
    week = "\n".join(await report_messages(bot, fake, fitri, "/laporan 07-12-2026 13-12-2026"))
    assert "tampil per bulan penuh" in week
    assert not re.search(r"(Sudah|Sebagian|Belum) \d", week)


async def test_roster_change_leaves_a_finished_week_unchanged(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    users, people = await kominfo_team(bot, fake)
    await _answer_week(bot, people, WEEK)
    fitri = users[FITRI_KETUA_KOMINFO]
    set_now(bot, MONDAY_MORNING)
    before = await report_messages(bot, fake, fitri, "/laporan 09-11-2026 15-11-2026")
    book_before = await report_workbook(fake, fitri)
    # Tuesday: Budi leaves the roster and Maya moves to Kecamatan Sukamaju.
    maya = "199206142017032004"
    lines = SAMPLE_ROSTER.read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in lines if not line.startswith(BUDI_ANGGOTA_KOMINFO)]
    moved = [line.replace(KOMINFO, "Kecamatan Sukamaju") if line.startswith(maya) else line
             for line in kept]  # fmt: skip
    parsed = parse_roster("\n".join(moved) + "\n")
    assert parsed.ok, parsed.problems
    await bot.services.org.import_roster(parsed.entries, datetime(2026, 11, 17, 3, tzinfo=UTC))
    set_now(bot, wib(date(2026, 11, 17), 10))
    after = await report_messages(bot, fake, fitri, "/laporan 09-11-2026 15-11-2026")
    assert after == before  # not one character moved
    book_after = await report_workbook(fake, fitri)
    for name in ("Ringkasan", "Partisipasi", "Nilai", "Perilaku", "Budaya Malu"):
        rows_before = list(book_before[name].iter_rows(values_only=True))
        assert list(book_after[name].iter_rows(values_only=True)) == rows_before


async def test_evaluation_only_after_the_window_closed(bot: RunningBot, fake: FakeBotApi) -> None:
    users, people = await kominfo_team(bot, fake)
    fitri = users[FITRI_KETUA_KOMINFO]
    evaluations = bot.services.evaluations
    key = "20261001-20261231"
    unit = await bot.services.org.unit_by_name(KOMINFO)
    assert unit is not None
    moment = datetime(2026, 11, 20, 3, tzinfo=UTC)
    for n, person in enumerate(people[:6]):
        started = await evaluations.start(person, key, unit.id, False, moment)
        await evaluations.answer(started.id, "evaluasi.pola_pikir.1", 4 + (n == 0), moment)
        await evaluations.finish(started.id, moment)
    set_now(bot, wib(date(2026, 12, 7), 9))
    *texts, _ = await report_messages(bot, fake, fitri, "/laporan bulan")
    text = "\n".join(texts)
    assert (
        "Triwulan IV 2026: hasil tampil setelah periode evaluasi ditutup (31 Desember 2026)"
        in text
    )
    assert "4,2" not in text
    assert "responden" not in text
    # January: the window is closed; 25/6 = 4.17 shows as 4,2, with no respondent count.
    set_now(bot, wib(date(2027, 1, 4), 9))
    *texts, _ = await report_messages(bot, fake, fitri, "/laporan bulan")
    text = "\n".join(texts)
    assert re.search(r"1\. Perubahan pola pikir[^\n]*: 4,2\n", text)
    assert "responden" not in text
    book = await report_workbook(fake, fitri)
    rows = list(book["Evaluasi"].iter_rows(values_only=True))
    assert rows[0] == ("Periode evaluasi", "Kelompok", "No", "Kriteria", "Rata-rata (1-5)",
                       "Keterangan")  # fmt: skip
    shown = [r for r in rows[1:] if r[4] is not None]
    assert [r[4] for r in shown] == [4.2]


def _text_cells(text: str) -> dict[str, tuple[int | None, ...]]:
    """``• Name: Sudah 12 · Sebagian ✱ · Belum ✱`` lines as numbers (None when hidden)."""
    found = {}
    for name, cells in re.findall(r"• ([^:\n]+): (Sudah [^\n]+)", text):
        numbers = re.findall(r"(?:Sudah|Sebagian|Belum) ([\d.]+|✱)", cells)
        found[name] = tuple(None if n == "✱" else int(n.replace(".", "")) for n in numbers)
    return found


async def test_workbook_withholds_what_the_text_withholds(
    bot3: RunningBot, fake: FakeBotApi
) -> None:
    # Threshold 3. Pelayanan: Sudah 18 (6 people, 5 behind the rest) shown; Sebagian (2
    # people) hidden, so Belum (3 people) is hidden too, else it would give Sebagian back.
    bot = bot3
    fitri = await _november(bot, fake)
    *texts, _ = await report_messages(bot, fake, fitri, "/laporan bulan")
    text = "\n".join(texts)
    cells = _text_cells(text)
    assert cells["Berorientasi Pelayanan"] == (18, None, None)
    assert cells["Akuntabel"] == (None, None, None)  # everyone said Sudah
    book = await report_workbook(fake, fitri)
    assert book.sheetnames == [
        "Sampul", "Ringkasan", "Partisipasi", "Nilai", "Perilaku", "Budaya Malu", "Masalah",
        "Daftar Masalah", "Evaluasi", "Role Model", "Rencana Aksi", "Kegiatan",
    ]  # fmt: skip
    sheet = book["Nilai"]
    rows = {r[0]: r[1:4] for r in sheet.iter_rows(min_row=2, values_only=True)}
    for name, numbers in cells.items():
        assert rows[name] == numbers, name
    for row in sheet.iter_rows(min_row=2, max_col=4):
        for cell in row[1:]:
            assert cell.value is None or isinstance(cell.value, int)
    summary = {r[0]: r for r in book["Ringkasan"].iter_rows(values_only=True)}
    # The same rounding as the text: 40 of 168 check-ins in November.
    assert "Partisipasi: 23,8% (40 dari 168 check-in)" in text
    assert summary["Partisipasi (%)"][1] == 23.8
    assert book["Ringkasan"]["B9"].number_format.endswith("#,##0.0")
    cover = book["Sampul"]
    assert str(cover["B6"].value)[:10] == "2026-11-01"  # a real date, with its year
    assert isinstance(cover["B6"].value, datetime)
    # "Paling jarang" only among what was asked: Kompeten was never the day's value.
    assert "Tidak ditanyakan pada periode ini: Kompeten, Harmonis" in text
    assert book["Daftar Masalah"]["A2"].value == (
        "Tidak ada masalah unit ini yang terbuka pada periode ini."
    )


async def test_small_unit_workbook_shows_no_day_counts(bot: RunningBot, fake: FakeBotApi) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    users = await registered(org, fake, EUIS_KETUA_SUKAMAJU, "197909232007011008")
    euis = users[EUIS_KETUA_SUKAMAJU]
    for nip in (EUIS_KETUA_SUKAMAJU, "197909232007011008"):
        person = await org.person_by_nip(nip)
        assert person is not None
        for day in WEEK:
            await add_checkin(bot.services.db, person.id, day, AKUNTABEL, "sudah")
    set_now(bot, MONDAY_MORNING)
    *texts, _ = await report_messages(bot, fake, euis, "/laporan")
    text = "\n".join(texts)
    assert "Partisipasi: terlalu sedikit data" in text
    own = text.split("Evaluasi budaya kerja")[0]
    assert own.count("terlalu sedikit data") <= 2  # not one line per value
    book = await report_workbook(fake, euis)
    for row in book["Partisipasi"].iter_rows(min_row=2, values_only=True):
        assert row[2] is None
        assert row[3] == "terlalu sedikit data"
    summary = {r[0]: r for r in book["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Partisipasi (%)"][1:] == (None, "terlalu sedikit data")
    # Nor the counts the rate would be worked out from.
    assert summary["Check-in"][1:] == (None, "terlalu sedikit data")


async def test_pemda_refusals_and_bad_periods(bot: RunningBot, fake: FakeBotApi) -> None:
    users, _ = await kominfo_team(bot, fake)
    set_now(bot, MONDAY_MORNING)
    fitri = users[FITRI_KETUA_KOMINFO]
    refused = await bot.ask(fitri, "/laporan pemda")
    assert refused.text == (
        "Perintah ini hanya untuk Admin Pemda, Sekretaris Daerah, dan Tim Pengembangan "
        "Budaya Kerja."
    )
    bad = await bot.ask(fitri, "/laporan 2026-11-01 2026-11-30")
    assert "harus ditulis tanggal-bulan-tahun (DD-MM-YYYY)" in bad.text
    assert "tidak ada di kalender" not in bad.text
    bad = await bot.ask(fitri, "/laporan 31-02-2026 01-03-2026")
    assert "tidak ada di kalender" in bad.text
    member = await bot.ask(users[BUDI_ANGGOTA_KOMINFO], "/laporan")
    assert member.text.startswith("Perintah ini hanya untuk pengurus KBK")
    # A leader of another KBK replaying Fitri's Excel button gets her own unit.
    await report_messages(bot, fake, fitri, "/laporan")
    (data,) = chart_message(fake, fitri).callback_data
    euis = users[EUIS_KETUA_SUKAMAJU]
    await report_messages(bot, fake, euis, "/laporan")
    query = await fake.press_forged_button(euis, chart_message(fake, euis), data)
    await fake.wait_for_callback_answer(query)
    sheet = await fake.wait_for_message(euis)
    assert sheet.document is not None
    cover = load_workbook(io.BytesIO(sheet.document.data))["Sampul"]
    assert cover["B3"].value == "Kecamatan Sukamaju"


async def _run_reports_job(bot: RunningBot) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("scheduled-reports")
    await job.run(bot.app)


async def test_weekly_digest_and_semester_report_on_a_controlled_clock(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    users, people = await kominfo_team(bot, fake)
    hendra_head_kominfo = "197206181998031006"
    sekda = "196602141991031005"
    users |= await registered(bot.services.org, fake, sekda)
    fitri, hendra = users[FITRI_KETUA_KOMINFO], users[hendra_head_kominfo]
    await _answer_week(bot, people, WEEK)

    # Sunday evening: nothing yet. Monday 16 November, 07:45 WIB: the digest of last week.
    set_now(bot, wib(date(2026, 11, 15), 19))
    await _run_reports_job(bot)
    assert fake.messages_to(fitri) == []
    set_now(bot, MONDAY_MORNING)
    await _run_reports_job(bot)
    digest = await fake.wait_for_message(fitri)
    assert digest.text.startswith("Ringkasan mingguan")
    assert "Minggu 9-15 November 2026" in digest.text
    assert "Periode lengkap: 5 hari kerja" in digest.text
    assert (await fake.wait_for_message(fitri)).kind == "photo"
    await _run_reports_job(bot)  # a second tick sends nothing twice
    assert len(fake.messages_to(fitri)) == 2
    assert fake.messages_to(users[BUDI_ANGGOTA_KOMINFO]) == []  # members get no digest

    # 31 December is not over yet: nothing. 1 January 2027, 16:00 WIB: the Pemda's semester
    # workbook, every unit side by side. The unit's own report is the head's, approved in the
    # chat (tests/test_e2e_semester.py), so the head gets nothing from this job.
    set_now(bot, wib(date(2026, 12, 31), 16))
    await _run_reports_job(bot)
    assert [m for m in fake.messages_to(hendra) if m.document] == []
    set_now(bot, wib(date(2027, 1, 1), 16))
    await _run_reports_job(bot)
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
    assert fake.messages_to(hendra) == []


def _overlaps(boxes: list[tuple[str, Bbox]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


async def test_chart_with_long_value_names_has_no_overlapping_labels(
    bot3: RunningBot, fake: FakeBotApi
) -> None:
    bot = bot3
    fitri = await _november(bot, fake)
    *_, caption = await report_messages(bot, fake, fitri, "/laporan bulan")
    assert "jawaban Sudah/Sebagian/Belum per nilai (kanan)" in caption
    chart = chart_message(fake, fitri)
    assert chart.photo is not None
    assert chart.photo.data.startswith(b"\x89PNG")
    # The same summary, every prompted value given a long name, rendered and measured.
    services = bot.services
    unit = await services.org.unit_by_name(KOMINFO)
    assert unit is not None
    summary = await build_kbk_summary(
        services.reports, services.content, services.value_set, unit,
        parse_period(["bulan"], date(2026, 12, 1)), date(2026, 12, 1), 3,
    )  # fmt: skip
    long_names = [
        replace(v, name=f"{v.name} dengan Sepenuh Hati untuk Masyarakat") for v in summary.values
    ]
    figure = kbk_figure(replace(summary, values=long_names))
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    trend_ax, values_ax = figure.axes
    texts: list[tuple[str, Bbox]] = []
    for ax in (trend_ax, values_ax):
        labels = [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.title, ax.xaxis.label,
                  ax.yaxis.label]  # fmt: skip
        texts += [(t.get_text(), t.get_window_extent(renderer)) for t in labels if t.get_text()]
    legend = values_ax.get_legend()
    assert legend is not None
    texts += [(t.get_text(), t.get_window_extent(renderer)) for t in legend.get_texts()]
    for _, box in texts[-3:]:  # the legend is beside the bars, not over them
        assert not any(box.overlaps(bar.get_window_extent(renderer)) for bar in values_ax.patches)
    (suptitle,) = [
        t for t in figure.texts if t.get_text().startswith(KOMINFO[:10]) or "KBK" in t.get_text()
    ]
    texts.append(("suptitle", suptitle.get_window_extent(renderer)))
    assert _overlaps(texts) == []
    # No value label runs into the trend panel, and long names were wrapped.
    trend_box = trend_ax.get_tightbbox(renderer)
    assert trend_box is not None
    for label in values_ax.get_yticklabels():
        assert not label.get_window_extent(renderer).overlaps(trend_ax.bbox)
        assert "\n" in label.get_text()
    # Counts are whole numbers from zero; the percentage axis starts at zero.
    assert values_ax.get_xlim()[0] == 0
    assert trend_ax.get_ylim()[0] == 0
    assert all(float(x).is_integer() for x in values_ax.get_xticks())
