"""Logs carry ids, not people; a failed send loses no notice (attack 4 of the privacy review)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import quote

import pytest

from bot.emulator import FakeBotApi
from bot.handlers.context import Context
from bot.handlers.problem_notices import send_due_notices
from bot.storage.problem_outbox import ProblemOutbox
from bot.storage.problems import ProblemRepository
from tests.conftest import RunningBot, SettingsFactory, start_bot, stop_bot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import MONDAY_9, said, set_clock

DESCRIPTION = "Printer di ruang arsip rusak."


@pytest.fixture
async def bot(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[RunningBot]:
    """A bot whose outbox does not try a failed call again (REPLY_RETRY_SECONDS=0), so one
    502 reaches the error handler and the problem's own retry."""
    running = await start_bot(make_settings(reply_retry_seconds=0), fake)
    try:
        yield running
    finally:
        await stop_bot(running)


async def test_a_transient_502_logs_ids_only_and_the_agen_still_gets_the_problem(
    bot: RunningBot, fake: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    set_clock(bot, MONDAY_9)
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, BUDI_ANGGOTA_KOMINFO, RIZKY_AGEN_KOMINFO)
    budi, rizky = users[BUDI_ANGGOTA_KOMINFO], users[RIZKY_AGEN_KOMINFO]
    # Telegram answers 502 once to the card for Rizky and once to Budi's confirmation.
    fake.inject_fault("sendMessage", status=502, chat_id=rizky)

    await fake.send_message(budi, "/lapor")
    await said(fake, budi, "Lapor masalah")
    await fake.send_message(budi, DESCRIPTION)
    question = await said(fake, budi, "kategori apa")
    await fake.press_button(budi, question, text="Sarana dan prasarana")
    identity = await fake.wait_for_edit(budi, message_id=question.message_id)
    fake.inject_fault("editMessageText", status=502, chat_id=budi)
    query = await fake.press_button(budi, identity, text="👤 Dengan nama")
    await fake.wait_for_callback_answer(query)
    for _ in range(100):  # the failed edit reaches the error handler
        if any(r.levelno >= logging.ERROR for r in caplog.records):
            break
        await asyncio.sleep(0.02)

    problem = await ProblemRepository(bot.services.db).by_number("LP-0001")
    assert problem is not None  # stored before anything failed
    # The error handler logged the failure by ids: no name, no text of the report.
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors
    person_text = ["Budi", "Santoso", "budi", BUDI_ANGGOTA_KOMINFO, DESCRIPTION, "Sarana"]
    for record in caplog.records:
        shown = record.getMessage() + (record.exc_text or "")
        for secret in person_text:
            assert secret not in shown, shown
    assert any(
        "error while handling update" in r.getMessage() and f"(chat {budi.id})" in r.getMessage()
        for r in errors
    )

    # The card did not reach Rizky the first time; the stored notice is retried.
    assert not [m for m in fake.messages_to(rizky) if "LP-0001" in m.text]
    bot.services.clock.advance(timedelta(minutes=1))
    assert await send_due_notices(Context(bot.app)) == 1
    card = await said(fake, rizky, "Laporan masalah baru LP-0001")
    assert DESCRIPTION in card.text
    assert await ProblemOutbox(bot.services.db).waiting() == 0


async def test_the_token_and_the_people_are_out_of_every_log_line(
    make_settings: SettingsFactory, fake: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and PTB included
    running = await start_bot(make_settings(log_level="DEBUG"), fake)
    try:
        user = fake.make_user("Tamu", "tamu_rahasia")
        await running.ask(user, "/start")
        await running.ask(user, "19991231 202001 1 001")  # a NIP typed by a stranger
    finally:
        await stop_bot(running)
    lines = [r.getMessage() + (r.exc_text or "") for r in caplog.records]
    assert any("Processing update" in line for line in lines)
    # PTB's DEBUG lines keep ids: no name, no username, no typed text.
    for secret in ("Tamu", "tamu_rahasia", "19991231"):
        assert [line for line in lines if secret in line] == []
    assert any("Set Bot API URL" in line for line in lines)
    assert any("getUpdates" in line for line in lines)  # httpx's request lines are there
    token = fake.token
    leaked = [line for line in lines if token in line or quote(token, safe="") in line]
    assert leaked == []
