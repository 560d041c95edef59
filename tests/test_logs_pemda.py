"""A process serving many Pemda: each log line names its Pemda, and one Pemda's warning is
never held back as a repeat of another's."""

from __future__ import annotations

import asyncio
import logging

from bot.logs import FORMAT, PEMDA, RepeatFilter, tag_records


async def test_lines_name_their_pemda_and_repeats_are_counted_per_pemda() -> None:
    tag_records()
    lines: list[str] = []
    handler = logging.Handler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]
    handler.addFilter(RepeatFilter(window=60))
    logger = logging.getLogger("test.pemda")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)

    async def serve(code: str) -> None:
        PEMDA.set(code)  # as the supervisor does, in the task that starts a Pemda

        async def job() -> None:  # a task the Pemda's Application starts later
            logger.warning("%d sends were in flight", 3)

        await asyncio.create_task(job())
        await asyncio.create_task(job())  # the same Pemda again: a repeat

    try:
        await asyncio.gather(serve("kab_a"), serve("kab_b"))
        logger.info("worker round")
    finally:
        logger.removeHandler(handler)
    messages = [line.split(" ", 3)[3] for line in lines]  # without date, time and level
    assert messages == [
        "[kab_a] test.pemda: 3 sends were in flight",
        "[kab_b] test.pemda: 3 sends were in flight",
        "test.pemda: worker round",  # outside any Pemda: no tag
    ]
