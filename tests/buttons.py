"""Pressing inline buttons as a user does, through the emulator, for the end-to-end tests."""

from __future__ import annotations

from bot.emulator import CallbackAnswer, FakeBotApi, FakeUser, SentMessage


async def tap(
    fake: FakeBotApi, user: FakeUser, message: SentMessage, text: str
) -> tuple[CallbackAnswer, SentMessage]:
    """Press the button labelled ``text`` and wait for the answer and the edit in place."""
    query = await fake.press_button(user, message, text=text)
    answer = await fake.wait_for_callback_answer(query)
    edited = await fake.wait_for_edit(user, message_id=message.message_id)
    return answer, edited


async def tap_refused(
    fake: FakeBotApi, user: FakeUser, message: SentMessage, text: str
) -> CallbackAnswer:
    """Press a button that only answers (a refusal, a pop-up): no edit is awaited."""
    query = await fake.press_button(user, message, text=text)
    return await fake.wait_for_callback_answer(query)


async def forged(
    fake: FakeBotApi, user: FakeUser, message: SentMessage, data: str
) -> CallbackAnswer:
    """Press a button with ``data`` no keyboard of the bot carried (as a crafted client may)."""
    query = await fake.press_forged_button(user, message, data)
    return await fake.wait_for_callback_answer(query)
