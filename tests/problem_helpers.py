"""Driving the problem flow through the fake Bot API as people do, for the e2e tests."""

from __future__ import annotations

import json
import re
import struct
from datetime import UTC, datetime, timedelta

from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.handlers.context import Context
from bot.handlers.job_senders import ProblemNotices
from bot.handlers.problem_notices import send_due_notices
from bot.problems.sla_job import run_problem_sla
from bot.storage.problems import ProblemRepository
from tests.conftest import RunningBot

HENDRA_KEPALA_KOMINFO = "197206181998031006"
"""Dr. Hendra Gunawan: Kepala Dinas Kominfo, Penanggung jawab of its KBK."""
NURUL_ANGGOTA_KOMINFO = "199408172019032011"
MAYA_ANGGOTA_KOMINFO = "199206142017032004"
KOMINFO_BYSTANDERS = (NURUL_ANGGOTA_KOMINFO, MAYA_ANGGOTA_KOMINFO)
"""Two more registered members, so Kominfo has the REPORT_MIN_PEOPLE (5) an anonymous report
to the unit needs."""
UJANG_SEKRETARIS_SUKAMAJU = "198303132008011014"
ASEP_KEPALA_SUKAMAJU = "197408291996121003"

MONDAY_9 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
"""Monday 2 November 2026, 09:00 WIB: a working day; November 2026 has no holidays."""

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 640, 480) + b"\x08\x02\x00"


def set_clock(bot: RunningBot, moment: datetime) -> None:
    """Move the bot's clock to ``moment`` (it keeps running from there)."""
    bot.services.clock.set(moment)


async def said(fake: FakeBotApi, user: FakeUser, fragment: str) -> SentMessage:
    """The next message to ``user`` that contains ``fragment`` (others, e.g. a daily
    reminder, are left for other waits)."""
    return await fake.wait_for_message(user, lambda m: fragment in m.text)


async def edited(fake: FakeBotApi, user: FakeUser, message: SentMessage) -> SentMessage:
    return await fake.wait_for_edit(user, message_id=message.message_id)


def ticket(message: SentMessage) -> str:
    found = re.search(r"LP-\d{4}|LA-\d{6}", message.text)
    assert found, message.text
    return found.group()


async def problem_id(bot: RunningBot, number: str) -> int:
    problem = await ProblemRepository(bot.services.db).by_number(number)
    assert problem is not None, number
    return problem.id


async def release_held_notices(bot: RunningBot) -> int:
    """Let the anonymous delay pass (the clock moves on by its longest) and run the job that
    sends what waited; how many messages went out."""
    held = timedelta(minutes=bot.services.settings.anonymous_delay_minutes, seconds=1)
    bot.services.clock.set(bot.services.clock.now() + held)
    return await send_due_notices(Context(bot.app))


async def report(
    fake: FakeBotApi,
    user: FakeUser,
    text: str,
    *,
    category: str = "Sarana dan prasarana",
    anonymous: bool = False,
    photo: bytes | None = None,
    document: tuple[bytes, str] | None = None,
) -> str:
    """``user`` reports a problem with /lapor; its ticket number."""
    await fake.send_message(user, "/lapor")
    await said(fake, user, "Lapor masalah")
    if photo is not None:
        await fake.send_photo(user, photo, caption=text)
    elif document is not None:
        await fake.send_document(user, document[0], document[1], caption=text)
    else:
        await fake.send_message(user, text)
    question = await said(fake, user, "kategori apa")
    await fake.press_button(user, question, text=category)
    identity = await edited(fake, user, question)
    await fake.press_button(user, identity, text="🕶️ Anonim" if anonymous else "👤 Dengan nama")
    done = await fake.wait_for_edit(user, lambda m: "tercatat" in m.text)
    return ticket(done)


async def answer_prompt(
    fake: FakeBotApi, user: FakeUser, card: SentMessage, button: str, prompt: str, text: str
) -> None:
    """Press ``button`` under ``card``, wait for the prompt, type ``text``."""
    await fake.press_button(user, card, text=button)
    await said(fake, user, prompt)
    await fake.send_message(user, text)


async def run_sla(bot: RunningBot) -> int:
    """The SLA job's own function, at the bot's clock."""
    context = Context(bot.app)
    return await run_problem_sla(
        context.problems, context.settings, ProblemNotices(context), context.clock.now()
    )


def requests_to_others(fake: FakeBotApi, chat_id: int) -> list[str]:
    """Every Bot API call the bot made but those to (or about) the chat ``chat_id``, each
    as JSON text: what anyone else could have read."""
    seen = []
    for request in fake.requests:
        params = request.params
        scope = params.get("scope")
        about = scope.get("chat_id") if isinstance(scope, dict) else params.get("chat_id")
        if request.method == "getUpdates" or about == chat_id:
            continue
        seen.append(json.dumps(params, ensure_ascii=False, default=repr))
    return seen
