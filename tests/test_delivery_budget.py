"""The one budget on a virtual clock: replies before the broadcast, 429 pauses, chat pacing."""

from __future__ import annotations

import asyncio
from itertools import pairwise

from bot.delivery.budget import Budget, Priority
from tests.virtual_timer import VirtualTimer


async def granted_at(
    budget: Budget, timer: VirtualTimer, chat: int | None, priority: Priority
) -> float:
    await budget.acquire(chat, priority)
    return timer.now()


async def broadcast(budget: Budget, timer: VirtualTimer, chats: list[int]) -> list[float]:
    """The sender's way: ask, and wait as long as the budget says."""
    times = []
    for chat in chats:
        while (wait := budget.try_take(chat, timer.now())) > 0:
            await timer.wait(asyncio.Event(), wait)
        times.append(timer.now())
    return times


async def test_replies_get_slots_before_the_broadcast() -> None:
    timer = VirtualTimer()
    budget = Budget(10, timer=timer)
    replies = [
        asyncio.create_task(granted_at(budget, timer, chat, Priority.INTERACTIVE))
        for chat in range(1, 6)
    ]
    await asyncio.sleep(0)
    sent = await broadcast(budget, timer, list(range(100, 105)))
    answered = await asyncio.gather(*replies)
    assert max(answered) < min(sent)
    assert budget.stats.granted == [5, 0, 5]
    everything = sorted(answered + sent)
    assert all(b - a >= 0.1 - 1e-9 for a, b in pairwise(everything))


async def test_proactive_calls_come_after_replies_and_before_the_broadcast() -> None:
    timer = VirtualTimer()
    budget = Budget(10, timer=timer)
    assert budget.try_take(99, timer.now()) == 0.0  # the slot of this instant is taken
    notice = asyncio.create_task(granted_at(budget, timer, 50, Priority.PROACTIVE))
    reply = asyncio.create_task(granted_at(budget, timer, 60, Priority.INTERACTIVE))
    await asyncio.sleep(0)
    sent = await broadcast(budget, timer, [100])
    assert await reply < await notice < sent[0]


async def test_a_429_pauses_every_caller() -> None:
    timer = VirtualTimer()
    budget = Budget(30, timer=timer)
    start = timer.now()
    assert budget.pause(2.0) == 2.0
    assert budget.pause(1.0) == 0.0  # already paused longer
    reply = await granted_at(budget, timer, 1, Priority.INTERACTIVE)
    sent = await broadcast(budget, timer, [2])
    assert reply >= start + 2.0
    assert sent[0] >= start + 2.0
    assert budget.stats.paused_seconds == 2.0


async def test_a_private_chat_gets_a_short_burst_then_one_a_second() -> None:
    timer = VirtualTimer()
    budget = Budget(30, timer=timer)
    start = timer.now()
    times = [await granted_at(budget, timer, 7, Priority.INTERACTIVE) for _ in range(5)]
    offsets = [t - start for t in times]
    assert offsets[2] < 0.1  # the burst, at the global pace
    assert offsets[3] >= 1.0 - 1e-9
    assert offsets[4] - offsets[3] >= 1.0 - 1e-9


async def test_a_group_gets_at_most_twenty_a_minute() -> None:
    timer = VirtualTimer()
    budget = Budget(30, timer=timer)
    start = timer.now()
    times = [await granted_at(budget, timer, -100, Priority.PROACTIVE) for _ in range(21)]
    assert times[-1] - start >= 60.0
    assert times[19] - start < 60.0
