"""End to end: /evaluasi one question at a time, interrupted and resumed across a restart,
the leaders' questionnaire, results in /laporan with the privacy threshold, the reminder."""

from __future__ import annotations

import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.emulator import FakeBotApi, SentMessage
from bot.org.models import Person
from tests.buttons import forged, tap
from tests.conftest import RunningBot, SettingsFactory, set_now, start_bot, stop_bot, wib
from tests.org_fixtures import (
    ANDI_SEKRETARIS_KOMINFO,
    BUDI_ANGGOTA_KOMINFO,
    DEDI_ADMIN,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 23)
Q4 = "20261001-20261231"
STALE = "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."
HENDRA_HEAD_KOMINFO = "197206181998031006"
LESTARI_KOMINFO = "198704112011012009"
NURUL_KOMINFO = "199408172019032011"
MAYA_KOMINFO = "199206142017032004"
KOMINFO_ALL = (HENDRA_HEAD_KOMINFO, FITRI_KETUA_KOMINFO, ANDI_SEKRETARIS_KOMINFO, LESTARI_KOMINFO,
               RIZKY_AGEN_KOMINFO, NURUL_KOMINFO, BUDI_ANGGOTA_KOMINFO, MAYA_KOMINFO)  # fmt: skip


def is_evaluation(message: SentMessage) -> bool:
    """Skip anything else the bot may send meanwhile (a daily reminder after a restart)."""
    return "Evaluasi budaya kerja" in message.text


async def person(bot: RunningBot, nip: str) -> Person:
    found = await bot.services.org.person_by_nip(nip)
    assert found is not None
    return found


async def test_full_questionnaire_interrupted_and_resumed(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    settings = make_settings()
    first = await start_bot(settings, fake)
    try:
        await import_sample_roster(first.services.org)
        budi = (await registered(first.services.org, fake, BUDI_ANGGOTA_KOMINFO))[
            BUDI_ANGGOTA_KOMINFO
        ]
        set_now(first, wib(MONDAY))
        flow = await first.ask(budi, "/evaluasi")
        assert "Evaluasi budaya kerja · Triwulan IV 2026" in flow.text
        assert "Evaluasi diri 22 pertanyaan" in flow.text
        assert "Pertanyaan 1 dari 22" in flow.text
        assert "Perubahan pola pikir dan cara kerja dari yang selama ini" in flow.text
        assert "1 = belum diterapkan sama sekali" in flow.text
        assert "5 = sudah diterapkan sepenuhnya dan konsisten" in flow.text
        assert flow.button_texts == ["1", "2", "3", "4", "5", "⏸ Lanjutkan nanti"]
        answer, flow = await tap(fake, budi, flow, "4")
        assert answer.text == "Tersimpan: 4"
        assert "Pertanyaan 2 dari 22 · sudah dijawab 1" in flow.text
        for score in ("5", "3", "4"):
            await tap(fake, budi, flow, score)
        # Back to change the last answer, then on to where it stopped.
        _, flow = await tap(fake, budi, flow, "◀️ Sebelumnya")
        assert "Pertanyaan 4 dari 22" in flow.text
        assert "✅ 4" in flow.button_texts
        _, flow = await tap(fake, budi, flow, "2")
        assert "Pertanyaan 5 dari 22 · sudah dijawab 4" in flow.text
        _, flow = await tap(fake, budi, flow, "⏸ Lanjutkan nanti")
        assert "Jawaban Anda tersimpan (4 dari 22)" in flow.text
        assert flow.button_texts == []
    finally:
        await stop_bot(first)

    # The bot restarts: every answer was stored as it came.
    second = await start_bot(settings, fake, now=wib(MONDAY + timedelta(days=2), 10))
    try:
        budi_id = (await person(second, BUDI_ANGGOTA_KOMINFO)).id
        stored = await second.services.evaluations.get(budi_id, Q4)
        assert stored is not None
        assert list(stored.scores.values()) == [4, 5, 3, 2]
        assert not stored.finished
        await fake.send_message(budi, "/evaluasi")
        flow = await fake.wait_for_message(budi, is_evaluation)
        assert "Melanjutkan evaluasi: 4 dari 22 pertanyaan sudah dijawab" in flow.text
        assert "Pertanyaan 5 dari 22" in flow.text
        for number in range(5, 22):
            _, flow = await tap(fake, budi, flow, "5")
            assert f"Pertanyaan {number + 1} dari 22" in flow.text
        answer, flow = await tap(fake, budi, flow, "5")
        assert "Evaluasi Anda sudah lengkap" in flow.text
        mindset = "Penerapan nilai-nilai dasar budaya kerja dalam pola pikir dan cara kerja"
        assert f"• {mindset}: 3,8" in flow.text
        assert "dalam perilaku bekerja: 5,0" in flow.text
        assert "Evaluasi berikutnya dibuka 1 Januari 2027" in flow.text
        assert flow.button_texts == []
        done = await second.services.evaluations.get(budi_id, Q4)
        assert done is not None
        assert done.finished
        assert len(done.scores) == 22
        # /evaluasi again: the summary, no questions; the answers can no longer change.
        await fake.send_message(budi, "/evaluasi")
        again = await fake.wait_for_message(budi, is_evaluation)
        assert "Evaluasi Anda sudah lengkap" in again.text
        late = await forged(fake, budi, again, "ev:1:20261001:a:0.1")
        assert late.text == "Evaluasi periode ini sudah lengkap; jawaban tidak bisa diubah lagi."
        # Buttons of a closed window, of no window, or of no question are refused.
        closed = await forged(fake, budi, again, "ev:1:20260701:a:0.1")
        assert closed.text is not None
        assert closed.text.startswith("Periode evaluasi itu sudah ditutup")
        for data in ("ev:1:20261002:a:0.1", "ev:1:20261001:a:22.1", "ev:1:20261001:a:0.6",
                     "ev:1:20261001:z:0", "ev:2:20261001:a:0.1"):  # fmt: skip
            refused = await forged(fake, budi, again, data)
            assert refused.text == STALE
        done_again = await second.services.evaluations.get(budi_id, Q4)
        assert done_again == done
    finally:
        await stop_bot(second)


async def test_leaders_answer_the_leadership_items(bot: RunningBot, fake: FakeBotApi) -> None:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, FITRI_KETUA_KOMINFO, ANDI_SEKRETARIS_KOMINFO)
    set_now(bot, wib(MONDAY))
    fitri = await bot.ask(users[FITRI_KETUA_KOMINFO], "/evaluasi")
    assert "Pertanyaan 1 dari 32" in fitri.text
    assert "Memahami visi dan misi secara jelas" in fitri.text
    assert "kepemimpinan dan manajemen" in fitri.text
    # A sekretaris of the KBK leads no unit: the 22 questions for everyone.
    andi = await bot.ask(users[ANDI_SEKRETARIS_KOMINFO], "/evaluasi")
    assert "Pertanyaan 1 dari 22" in andi.text
    # Not for people outside the roster.
    stranger = fake.make_user("Tamu", started=True)
    refused = await bot.ask(stranger, "/evaluasi")
    assert refused.text.startswith("Perintah ini hanya untuk pegawai yang sudah terdaftar")


async def _answer(bot: RunningBot, nip: str, score: int, count: int | None = None) -> None:
    """A member's questionnaire straight into storage (the flow is tested above): every
    question, finished, or only the first ``count``, unfinished."""
    evaluations = bot.services.evaluations
    member = await person(bot, nip)
    evaluation = await evaluations.start(member.id, Q4, member.unit_id, False, wib(MONDAY))
    items = [item for group in bot.services.content.evaluasi.groups[1:] for item in group.items]
    for item in items[:count]:
        await evaluations.answer(evaluation.id, item.id, score, wib(MONDAY))
    if count is None:
        await evaluations.finish(evaluation.id, wib(MONDAY))


def is_report(message: SentMessage) -> bool:
    return message.kind == "text" and "Evaluasi budaya kerja" in message.text


async def test_results_in_laporan_withheld_below_the_threshold(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, *KOMINFO_ALL)
    fitri = users[FITRI_KETUA_KOMINFO]
    set_now(bot, wib(MONDAY))
    members = (ANDI_SEKRETARIS_KOMINFO, LESTARI_KOMINFO, RIZKY_AGEN_KOMINFO, NURUL_KOMINFO,
               BUDI_ANGGOTA_KOMINFO)  # fmt: skip
    for nip, score in zip(members[:4], (3, 4, 4, 5), strict=True):
        await _answer(bot, nip, score)

    # A fifth respondent, half-way. The window is still open: no result at all, since a
    # mean that moves with each answer would give that answer away.
    await _answer(bot, members[4], 4, count=5)
    await fake.send_message(fitri, "/laporan")
    report = await fake.wait_for_message(fitri, is_report)
    assert "Triwulan IV 2026: hasil tampil setelah periode evaluasi ditutup" in report.text
    assert "4,0" not in report.text
    assert "selesai 4 orang" not in report.text

    # 4 January 2027, the window closed: the December report shows the criteria that five
    # people answered, to one decimal and without respondent counts.
    set_now(bot, wib(date(2027, 1, 4)))
    await fake.send_message(fitri, "/laporan bulan")
    report = await fake.wait_for_message(fitri, is_report)
    text = "\n".join(
        m.text for m in fake.messages_to(fitri)[-3:] if m.kind == "text" and m is not report
    )
    text = report.text + "\n" + text
    mindset = "Penerapan nilai-nilai dasar budaya kerja dalam pola pikir dan cara kerja"
    assert "Triwulan IV 2026: selesai 4 orang" in text  # four of eight: a count is shown
    assert f"• {mindset}" in text
    assert "1. Perubahan pola pikir dan cara kerja dari yang selama ini bersifat" in text
    assert "sinergis: 4,0\n" in text  # (3 + 4 + 4 + 5 + 4) / 5
    assert "responden" not in text
    assert "kepemimpinan dan manajemen: terlalu sedikit data" in text  # no leader answered
    assert "dalam perilaku bekerja: terlalu sedikit data" in text  # four answered these
    chart = await fake.wait_for_message(fitri, lambda m: m.kind == "photo")
    query = await fake.press_button(fitri, chart, text="📊 Unduh Excel")
    await fake.wait_for_callback_answer(query)
    document = await fake.wait_for_message(fitri, lambda m: m.document is not None)
    assert document.document is not None
    rows = list(load_workbook(io.BytesIO(document.document.data))["Evaluasi"].iter_rows(
        values_only=True))  # fmt: skip
    assert rows[0] == ("Periode evaluasi", "Kelompok", "No", "Kriteria", "Rata-rata (1-5)",
                       "Keterangan")  # fmt: skip
    shown = [row for row in rows[1:] if row[4] is not None]
    assert len(shown) == 5
    assert shown[0][:3] == ("Triwulan IV 2026", mindset, 1)
    assert shown[0][4:] == (4.0, None)
    # The groups nobody (or too few) answered are one row each, not a row per criterion.
    assert len(rows) == 1 + 5 + 2


async def _run_reminders(bot: RunningBot) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("evaluation-reminders")
    await job.run(bot.app)


async def test_reminder_before_the_window_closes(bot: RunningBot, fake: FakeBotApi) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    users = await registered(org, fake, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO,
                             RIZKY_AGEN_KOMINFO, NURUL_KOMINFO, MAYA_KOMINFO)  # fmt: skip
    budi, fitri = users[BUDI_ANGGOTA_KOMINFO], users[FITRI_KETUA_KOMINFO]
    rizky, nurul = users[RIZKY_AGEN_KOMINFO], users[NURUL_KOMINFO]
    fitri_person = await person(bot, FITRI_KETUA_KOMINFO)
    done = await bot.services.evaluations.start(
        fitri_person.id, Q4, fitri_person.unit_id, True, wib(MONDAY)
    )
    await bot.services.evaluations.finish(done.id, wib(MONDAY))
    await _answer(bot, BUDI_ANGGOTA_KOMINFO, 4, count=5)  # half-way
    nurul_person = await person(bot, NURUL_KOMINFO)
    await bot.services.person_settings.pause(
        nurul_person.id, date(2026, 12, 21), date(2026, 12, 23), "cuti", wib(MONDAY)
    )
    fake.block_bot(rizky)

    # 22 December: not yet (the last five working days of the year start on the 23rd).
    set_now(bot, wib(date(2026, 12, 22), 10))
    await _run_reminders(bot)
    # 23 December, before the morning reminder time, then after it.
    set_now(bot, wib(date(2026, 12, 23), 7))
    await _run_reminders(bot)
    assert [m for m in fake.messages_to(budi) if is_evaluation(m)] == []
    set_now(bot, wib(date(2026, 12, 23), 8))
    await _run_reminders(bot)
    reminder = await fake.wait_for_message(budi, is_evaluation)
    assert "ditutup 31 Desember 2026" in reminder.text
    assert "Anda sudah menjawab 5 pertanyaan" in reminder.text
    assert reminder.button_texts == ["📝 Isi evaluasi"]
    maya = await fake.wait_for_message(users[MAYA_KOMINFO], is_evaluation)
    assert "Anda belum mengisinya" in maya.text
    await _run_reminders(bot)  # a second tick reminds nobody twice
    set_now(bot, wib(date(2026, 12, 28), 9))
    await _run_reminders(bot)
    assert len([m for m in fake.messages_to(budi) if is_evaluation(m)]) == 1
    assert [m for m in fake.messages_to(fitri) if is_evaluation(m)] == []  # finished
    assert [m for m in fake.messages_to(rizky) if is_evaluation(m)] == []  # blocked the bot
    # Nurul was on leave until the 23rd: reminded on the next working day, the 28th.
    assert len([m for m in fake.messages_to(nurul) if is_evaluation(m)]) == 1
    # The reminder's button opens the questionnaire where Budi stopped, in a new message.
    query = await fake.press_button(budi, reminder, text="📝 Isi evaluasi")
    await fake.wait_for_callback_answer(query)
    flow = await fake.wait_for_message(budi, is_evaluation)
    assert "Melanjutkan evaluasi: 5 dari 22 pertanyaan sudah dijawab" in flow.text
    assert "Pertanyaan 6 dari 22" in flow.text
    # A reminder's button after the window closed says so.
    set_now(bot, wib(date(2027, 1, 4), 9))
    query = await fake.press_button(budi, reminder, text="📝 Isi evaluasi")
    closed = await fake.wait_for_callback_answer(query)
    assert closed.text is not None
    assert closed.text.startswith("Periode evaluasi itu sudah ditutup")


async def test_results_in_the_semester_report(bot: RunningBot, fake: FakeBotApi) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    sekda = "196602141991031005"
    users = await registered(org, fake, *KOMINFO_ALL, sekda, DEDI_ADMIN)
    for nip, score in zip(KOMINFO_ALL[2:7], (2, 3, 3, 4, 5), strict=True):
        await _answer(bot, nip, score)
    assert bot.app.job_queue is not None
    # The head's report, approved in its last week, carries the complete semester's
    # evaluation results when it goes out the day after (Serang: to Bagian Organisasi too).
    set_now(bot, wib(date(2026, 12, 31), 16))
    (drafts,) = bot.app.job_queue.get_jobs_by_name("semester-reports")
    await drafts.run(bot.app)
    head = users[HENDRA_HEAD_KOMINFO]
    draft = await fake.wait_for_message(head, lambda m: "Draf laporan" in m.text)
    await fake.press_button(head, draft, text="✅ Setujui laporan")
    await fake.wait_for_message(head, lambda m: "disetujui" in m.text)
    set_now(bot, wib(date(2027, 1, 1), 16))  # the day after the semester
    await drafts.run(bot.app)
    report = await fake.wait_for_message(
        users[DEDI_ADMIN],
        lambda m: ((m.document is not None and m.document.filename) or "").endswith(".xlsx"),
    )
    (job,) = bot.app.job_queue.get_jobs_by_name("scheduled-reports")
    await job.run(bot.app)
    assert report.document is not None
    rows = list(load_workbook(io.BytesIO(report.document.data))["Evaluasi"].iter_rows(
        values_only=True))  # fmt: skip
    q3 = [row for row in rows[1:] if row[0] == "Triwulan III 2026"]
    assert q3 == [("Triwulan III 2026", None, None, None, None,
                   "terlalu sedikit data pada setiap kriteria")]  # fmt: skip
    q4 = {row[3]: row[4:] for row in rows[1:] if row[0] == "Triwulan IV 2026"}
    assert q4["Komitmen dan konsistensi"] == (3.4, None)
    assert "Memahami visi dan misi secara jelas" not in q4  # too few: not a row of its own

    pemda = await fake.wait_for_message(users[sekda], lambda m: m.document is not None)
    assert pemda.document is not None
    sheet = load_workbook(io.BytesIO(pemda.document.data))["Evaluasi"]
    pemda_rows = list(sheet.iter_rows(values_only=True))
    assert pemda_rows[0][:2] == ("Periode evaluasi", "Unit")
    everyone = {
        row[4]: row[5:]
        for row in pemda_rows[1:]
        if row[0] == "Triwulan IV 2026" and row[1] == "Semua unit"
    }
    assert everyone["Komitmen dan konsistensi"] == (3.4, None)
    kominfo = [row for row in pemda_rows[1:] if row[1] == "Dinas Komunikasi dan Informatika"]
    assert 0 < len(kominfo) < 32  # only the criteria with enough respondents
    silent = [row for row in pemda_rows[1:] if row[0] == "Triwulan III 2026"]
    assert len(silent) == 1  # every unit without results named once, in one row
