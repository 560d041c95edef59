"""End to end: updates of many chats at once with each chat in order, and one outbox for
everything the bot sends (one budget with replies first, retries while Telegram fails,
never silence)."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

from bot import texts
from bot.checkin.models import Answer
from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.emulator.faults import RateCap
from bot.handlers.processing import ChatOrderedProcessor
from bot.texts import checkin as checkin_texts
from tests.buttons import tap
from tests.conftest import RunningBot, SettingsFactory, set_now, start_bot, stop_bot, wib
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.test_e2e_delivery import until

MONDAY = date(2026, 11, 23)


async def budi_and_fitri(bot: RunningBot, fake: FakeBotApi) -> tuple[FakeUser, FakeUser]:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO)
    set_now(bot, wib(MONDAY))
    return users[BUDI_ANGGOTA_KOMINFO], users[FITRI_KETUA_KOMINFO]


async def behaviours_step(bot: RunningBot, fake: FakeBotApi, user: FakeUser) -> SentMessage:
    """/checkin and "Sudah": the flow message, showing behaviours to tick."""
    flow = await bot.ask(user, "/checkin")
    await tap(fake, user, flow, "✅ Sudah")
    return flow


def requests_to(fake: FakeBotApi, method: str, chat_id: int) -> list[float]:
    return [
        r.at for r in fake.requests if r.method == method and r.params.get("chat_id") == chat_id
    ]


async def test_a_burst_of_taps_is_handled_in_order_while_other_chats_go_on(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    budi, fitri = await budi_and_fitri(bot, fake)
    flow = await behaviours_step(bot, fake, budi)
    tick = flow.callback_data[0]  # the first behaviour of the page, ticked on and off
    hold = 1.5
    fake.inject_delay("editMessageText", hold, chat_id=budi)  # the first tap's edit is slow
    queries = [await fake.press_button(budi, flow, callback_data=tick) for _ in range(10)]
    await fake.send_message(fitri, "/nilai")
    reply = await fake.wait_for_message(fitri, timeout=10)
    answers = [await fake.wait_for_callback_answer(q, timeout=20) for q in queries]

    # Each tap answered once, in the order of the taps: on, off, on, off...
    expected = [checkin_texts.TOGGLED_ON, checkin_texts.TOGGLED_OFF] * 5
    assert [a.text for a in answers] == expected
    answered = Counter(
        r.params["callback_query_id"] for r in fake.requests if r.method == "answerCallbackQuery"
    )
    assert all(answered[q] == 1 for q in queries)
    # Never two taps of one chat at once: the second waited for the first's slow edit...
    first_edit = requests_to(fake, "editMessageText", budi.id)[1]  # [0]: "Sudah"
    later = [
        r.at
        for r in fake.requests
        if r.method == "answerCallbackQuery" and r.params["callback_query_id"] in queries[1:]
    ]
    assert min(later) >= first_edit + hold
    # ...while another chat was answered meanwhile.
    assert reply.sent_at < first_edit + hold
    checkin = await bot.services.checkins.get(
        (await bot.services.org.person_by_telegram(budi.id)).id,  # type: ignore[union-attr]
        MONDAY,
    )
    assert checkin is not None
    assert checkin.practised == frozenset()  # ten toggles: back to nothing ticked
    processor = bot.app.update_processor
    assert isinstance(processor, ChatOrderedProcessor)
    await until(lambda: processor.chats_waiting == 0)  # nothing kept for idle chats


async def test_a_reply_is_sent_once_telegram_stops_answering_5xx(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    budi, _ = await budi_and_fitri(bot, fake)
    fake.inject_fault("sendMessage", status=502, chat_id=budi, times=None)
    await fake.send_message(budi, "/nilai")
    await until(lambda: len([r for r in fake.requests if r.status == 502]) >= 2)
    fake.clear_faults()
    reply = await fake.wait_for_message(budi, timeout=15)
    assert "BerAKHLAK" in reply.text
    assert len(fake.messages_to(budi)) == 1  # once, not once per try


async def test_replies_and_the_broadcast_share_one_budget(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    fake.rate_cap = RateCap(8)  # Telegram refuses the ninth message in any second
    # The bot's budget a little under the cap, for the jitter of the network (as in
    # bench/run.py); the broadcast alone would fill it, replies on top would overflow it.
    running = await start_bot(make_settings(delivery_rate=6), fake, now=wib(MONDAY, 8))
    try:
        await import_sample_roster(running.services.org)
        people = [
            person.nip
            for unit in await running.services.org.units()
            for person in await running.services.org.people_of_unit(unit.id)
        ]
        users = await registered(running.services.org, fake, *people)
        budi = users[BUDI_ANGGOTA_KOMINFO]
        await running.services.dispatcher.tick()  # 40 morning messages: 7 s at 6 a second
        for _ in range(5):
            await fake.send_message(budi, "/nilai")
        await until(lambda: len(fake.messages_to(budi)) == 6, seconds=20)
        replies_done = max(fake.send_times(budi))
        await until(lambda: all(fake.messages_to(u) for u in users.values()), seconds=20)
    finally:
        await stop_bot(running)
    assert fake.rate_cap.refused == 0  # replies and broadcast together kept within the cap
    others = [u for u in users.values() if u is not budi]
    assert Counter(len(fake.messages_to(u)) for u in others) == {1: len(others)}
    # Replies went first: they were all out while the broadcast was still going.
    assert replies_done < max(fake.send_times())


async def test_telegram_away_for_a_while_delays_the_answer_but_loses_nothing(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    budi, _ = await budi_and_fitri(bot, fake)
    flow = await bot.ask(budi, "/checkin")
    fake.inject_delay("answerCallbackQuery", 0.5)
    query = await fake.press_button(budi, flow, text="✅ Sudah")
    await until(lambda: any(r.method == "answerCallbackQuery" for r in fake.requests))
    await fake.go_offline()
    await asyncio.sleep(2.0)
    await fake.come_back()
    edited = await fake.wait_for_edit(budi, message_id=flow.message_id, timeout=15)
    assert edited.history  # the flow moved on to the behaviours, in place
    assert fake.callback_answers[query].text == checkin_texts.answer_saved(Answer.SUDAH)
    assert texts.TELEGRAM_WAS_AWAY not in [m.text for m in fake.messages_to(budi)]


async def test_who_could_not_be_answered_is_told_once_when_telegram_is_back(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    running = await start_bot(make_settings(reply_retry_seconds=1), fake)
    try:
        budi, _ = await budi_and_fitri(running, fake)
        flow = await running.ask(budi, "/checkin")
        fake.inject_delay("answerCallbackQuery", 0.5)
        await fake.press_button(budi, flow, text="✅ Sudah")
        await until(lambda: any(r.method == "answerCallbackQuery" for r in fake.requests))
        await fake.go_offline()
        await asyncio.sleep(3.0)  # longer than replies are retried
        await fake.come_back()
        told = await fake.wait_for_message(
            budi, lambda m: m.text == texts.TELEGRAM_WAS_AWAY, timeout=20
        )
        person = await running.services.org.person_by_telegram(budi.id)
        assert person is not None
        checkin = await running.services.checkins.get(person.id, MONDAY)
    finally:
        await stop_bot(running)
    assert told is not None
    assert [m.text for m in fake.messages_to(budi)].count(texts.TELEGRAM_WAS_AWAY) == 1
    assert checkin is not None  # the tap itself was recorded: nothing lost
