"""End to end through the fake Bot API with a controllable clock: daily reminders and nudges,
days off, pauses, a restart mid-broadcast, a 429 storm, blocked users."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.delivery.dispatcher import TickReport
from bot.delivery.models import Status
from bot.emulator import FakeBotApi, FakeUser
from bot.handlers.delivery import JOB_NAME, until_next_tick
from bot.schedule.calendar import DayOverride, OverrideKind
from bot.storage.timestamps import to_iso
from tests.conftest import RunningBot, SettingsFactory, set_now, start_bot, stop_bot, wib
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    KOMINFO,
    import_sample_roster,
    registered,
)

MONDAY = date(2026, 11, 23)


@pytest.fixture
async def quick_bot(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[RunningBot]:
    """For tests that play several days in a few real seconds: the per-chat limit of one
    message a second (tested in test_delivery_sender) would only make them wait."""
    running = await start_bot(make_settings(), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


async def deliver(bot: RunningBot, moment: datetime | None = None) -> TickReport:
    """Run the dispatcher's tick (what the repeating job runs) and wait for the sender."""
    if moment is not None:
        set_now(bot, moment)
    report = await bot.services.dispatcher.tick()
    async with asyncio.timeout(10):
        await bot.services.dispatcher.idle()
    return report


async def two_people(bot: RunningBot, fake: FakeBotApi) -> tuple[FakeUser, FakeUser]:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO)
    return users[FITRI_KETUA_KOMINFO], users[BUDI_ANGGOTA_KOMINFO]


async def until(done: Callable[[], bool], seconds: float = 5.0) -> None:
    """Poll ``done`` every 10 ms (the fake has no event for 'n sends so far')."""
    for _ in range(int(seconds * 100)):
        if done():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"not done within {seconds} s")


def texts_to(fake: FakeBotApi, user: FakeUser) -> list[str]:
    return [m.text for m in fake.messages_to(user)]


async def test_reminders_go_out_on_a_monday(bot: RunningBot, fake: FakeBotApi) -> None:
    fitri, budi = await two_people(bot, fake)
    assert await deliver(bot, wib(MONDAY, 7, 0)) == TickReport(0, 0, 0)  # before 07.30
    assert fake.messages_to(fitri) == []
    report = await deliver(bot, wib(MONDAY, 7, 31))
    assert report.submitted == 2
    for user in (fitri, budi):
        (message,) = fake.messages_to(user)
        assert "Selamat pagi" in message.text
        assert "Senin, 23 November 2026" in message.text
        assert "Nilai hari ini:" in message.text
        assert "Budaya malu hari ini" in message.text
        assert message.parse_mode == "HTML"
        assert message.button_texts == ["✅ Sudah", "🔸 Sebagian", "❌ Belum"]
        assert message.callback_data[0] == "ci:1:20261123:s"
    assert "Selamat pagi, Fitri Handayani!" in fake.messages_to(fitri)[0].text
    # A later tick the same morning sends nothing again.
    assert (await deliver(bot, wib(MONDAY, 9, 0))).submitted == 0
    assert len(fake.messages_to(fitri)) == 1


async def test_the_tick_is_a_repeating_job_that_survives_a_late_start(bot: RunningBot) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(JOB_NAME)
    interval = bot.services.settings.delivery_tick_seconds
    assert job.job.trigger.interval == timedelta(seconds=interval)
    assert job.job.misfire_grace_time == interval
    assert job.job.coalesce is True
    # On the minute of the bot's clock: a 07.30 reminder is not a minute late.
    assert job.next_t is not None
    first = bot.services.clock.now() + (job.next_t - datetime.now(UTC))
    assert first.timestamp() % interval < 1.0 or first.timestamp() % interval > interval - 1.0


def test_ticks_fall_on_whole_intervals_of_the_clock_an_interval_or_more_away() -> None:
    at = datetime(2026, 11, 23, 7, 28, 30, tzinfo=UTC)
    assert until_next_tick(at, 60) == 90.0  # 07.30.00
    assert until_next_tick(at.replace(second=0), 60) == 120.0  # 07.30.00, not 07.29.00
    assert until_next_tick(at.replace(second=59), 60) == 61.0  # 07.30.00
    assert until_next_tick(at, 5) == 10.0


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 11, 28),  # a Saturday
        date(2026, 8, 17),  # Hari Kemerdekaan, a Monday
        date(2026, 12, 24),  # cuti bersama Natal, a Thursday
    ],
    ids=["saturday", "17-august", "cuti-bersama"],
)
async def test_no_reminders_on_days_off(bot: RunningBot, fake: FakeBotApi, day: date) -> None:
    fitri, budi = await two_people(bot, fake)
    await deliver(bot, wib(day, 8))
    await deliver(bot, wib(day, 16))
    assert fake.messages_to(fitri) == []
    assert fake.messages_to(budi) == []
    await deliver(bot, wib(day + timedelta(days=7 - day.weekday()), 8))  # next Monday
    assert len(fake.messages_to(fitri)) == 1


async def test_a_pemda_holiday_counts(bot: RunningBot, fake: FakeBotApi) -> None:
    fitri, _ = await two_people(bot, fake)
    holiday = DayOverride(MONDAY, OverrideKind.HOLIDAY, "HUT Kabupaten")
    await bot.services.calendar.set_override(holiday, wib(MONDAY, 0))
    await deliver(bot, wib(MONDAY, 8))
    assert fake.messages_to(fitri) == []


async def test_no_reminder_to_a_paused_person(quick_bot: RunningBot, fake: FakeBotApi) -> None:
    fitri, budi = await two_people(quick_bot, fake)
    budi_person = await quick_bot.services.org.person_by_nip(BUDI_ANGGOTA_KOMINFO)
    assert budi_person is not None
    await quick_bot.services.person_settings.pause(
        budi_person.id, MONDAY, MONDAY + timedelta(days=2), "cuti", wib(MONDAY, 6)
    )
    await deliver(quick_bot, wib(MONDAY, 8))
    await deliver(quick_bot, wib(MONDAY, 16))
    assert fake.messages_to(budi) == []
    assert len(fake.messages_to(fitri)) == 2  # morning and afternoon
    await deliver(quick_bot, wib(MONDAY + timedelta(days=3), 8))  # Thursday: back
    assert len(fake.messages_to(budi)) == 1


async def test_the_afternoon_nudge_only_to_who_has_not_checked_in(
    quick_bot: RunningBot, fake: FakeBotApi
) -> None:
    fitri, budi = await two_people(quick_bot, fake)
    await deliver(quick_bot, wib(MONDAY, 8))
    fitri_person = await quick_bot.services.org.person_by_telegram(fitri.id)
    assert fitri_person is not None
    stamp = to_iso(wib(MONDAY, 12))
    await quick_bot.services.db.execute(  # Fitri checked in at noon
        "INSERT INTO checkins (person_id, day, value_id, behaviour_id, answer, created_at,"
        " updated_at) VALUES (?, ?, 'v', 'b', 'sudah', ?, ?)",
        (fitri_person.id, MONDAY.isoformat(), stamp, stamp),
    )
    await deliver(quick_bot, wib(MONDAY, 15, 45))
    assert len(fake.messages_to(fitri)) == 1  # the morning reminder only
    nudge = fake.messages_to(budi)[-1]
    assert "sudahkah Anda menjalankan perilaku hari ini?" in nudge.text
    assert "Senin, 23 November 2026" in nudge.text
    assert nudge.callback_data == ["ci:1:20261123:s", "ci:1:20261123:p", "ci:1:20261123:b"]


async def test_a_restart_mid_broadcast_leaves_everyone_one_morning_message(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    settings = make_settings(delivery_rate=5)  # slow enough to stop in the middle
    first = await start_bot(settings, fake, now=wib(MONDAY, 8))
    try:
        await import_sample_roster(first.services.org)
        unit = await first.services.org.unit_by_name(KOMINFO)
        assert unit is not None
        nips = [p.nip for p in await first.services.org.people_of_unit(unit.id)]
        users = await registered(first.services.org, fake, *nips)
        await first.services.dispatcher.tick()
        await until(lambda: len(fake.send_times()) >= 3)
    finally:
        await stop_bot(first)
    sent_before = len(fake.send_times())
    assert 3 <= sent_before < len(users)

    second = await start_bot(settings, fake, now=wib(MONDAY, 8))  # catches up at start-up
    try:
        await until(lambda: len(fake.send_times()) >= len(users))
        await deliver(second)  # and a later tick adds nothing
        assert second.app.job_queue is not None
        assert second.app.job_queue.get_jobs_by_name(JOB_NAME)
    finally:
        await stop_bot(second)
    per_user = Counter(len(fake.messages_to(user)) for user in users.values())
    assert per_user == Counter({1: len(users)})


async def test_a_429_storm_slows_the_sender_and_loses_nothing(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    await import_sample_roster(bot.services.org)
    unit = await bot.services.org.unit_by_name(KOMINFO)
    assert unit is not None
    nips = [p.nip for p in await bot.services.org.people_of_unit(unit.id)]
    users = await registered(bot.services.org, fake, *nips)
    fake.inject_fault("sendMessage", status=429, retry_after=1, times=3)
    await deliver(bot, wib(MONDAY, 8))
    assert all(len(fake.messages_to(user)) == 1 for user in users.values())
    sends = [r.at for r in fake.requests if r.method == "sendMessage"]
    refused = [r.at for r in fake.requests if r.method == "sendMessage" and r.status == 429]
    assert len(refused) == 3
    for at in refused:
        # Only sends already on their way may arrive right after a 429; then nothing at all
        # until retry_after has passed.
        assert not [t for t in sends if at + 0.1 < t < at + 1.0]
    assert sends[-1] - sends[0] >= 1.0
    assert bot.services.dispatcher.sender.stats.rate_limited == 3


@pytest.mark.parametrize(
    ("status", "description"),
    [(403, None), (400, "Bad Request: chat not found")],
    ids=["blocked", "chat-not-found"],
)
async def test_an_unreachable_user_is_marked_and_left_alone(
    quick_bot: RunningBot, fake: FakeBotApi, status: int, description: str | None
) -> None:
    fitri, budi = await two_people(quick_bot, fake)
    await quick_bot.ask(budi, "/bantuan")  # Budi has written to the bot before
    fake.inject_fault(status=status, description=description, chat_id=budi, times=None)
    await deliver(quick_bot, wib(MONDAY, 8))
    user = await quick_bot.services.users.get(budi.id)
    assert user is not None
    assert user.unreachable_since is not None
    budi_person = await quick_bot.services.org.person_by_telegram(budi.id)
    assert budi_person is not None
    rows = await quick_bot.services.deliveries.on_dates([MONDAY])
    (row,) = [r for r in rows if r.person_id == budi_person.id]
    assert row.status is Status.FAILED

    def attempts_to_budi() -> int:
        return sum(1 for p in fake.calls("sendMessage") if p.get("chat_id") == budi.id)

    before = attempts_to_budi()
    await deliver(quick_bot, wib(MONDAY + timedelta(days=1), 8))  # Tuesday: not even tried
    assert attempts_to_budi() == before
    assert len(fake.messages_to(fitri)) == 2
    # Writing to the bot again makes Budi reachable: Wednesday's reminder reaches him.
    fake.clear_faults()
    await quick_bot.ask(budi, "/bantuan")
    await deliver(quick_bot, wib(MONDAY + timedelta(days=2), 8))
    assert any("Rabu, 25 November 2026" in text for text in texts_to(fake, budi))
