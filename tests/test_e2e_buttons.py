"""End to end: a forged or stale button, in any feature, gets one clear answer in
Indonesian and changes nothing; a stranger's press is refused with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from bot import texts
from bot.emulator import FakeBotApi, FakeUser
from bot.permissions import Refusal
from tests.buttons import forged
from tests.conftest import RunningBot, set_now, wib
from tests.org_fixtures import BUDI_ANGGOTA_KOMINFO, import_sample_roster, registered

MONDAY = date(2026, 11, 23)


@pytest.fixture
async def budi(bot: RunningBot, fake: FakeBotApi) -> FakeUser:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, BUDI_ANGGOTA_KOMINFO)
    set_now(bot, wib(MONDAY))
    return users[BUDI_ANGGOTA_KOMINFO]


FORGED_OR_STALE = [
    # Data no keyboard of this version carries.
    "ci:1:20261123:q",
    "ck:2:20261123:a:s",
    "nilai:1:a:b",
    "join:1:x:1",
    "lap:1:k:tahunan",
    "hd:1:20261123:maybe",
    "atur:1:zz:-:-",
    "lp:1:q:1",
    "lk:1:q:1",
    "pm:1:q:1",
    "es:1:q:1:0",
    "ev:9:20264:o:0",
    "ap:9:1:2",
    "zz:1:anything",
    "",
    # Well-formed, but no longer (or never) valid.
    "ci:1:20261124:s",  # a day still to come
    "ck:1:20261123:a:q",  # no such answer
    "nilai:1:tidakada",  # no such value
    "join:1:a:424242",  # no such request
    "hd:1:20200101:y",  # asked on another day
    "atur:1:zs:XYZ:-",  # no such zone
    "lp:1:c:0",  # no report being written
    "pm:1:o:sideways",  # no such order
]


@pytest.mark.parametrize("data", FORGED_OR_STALE)
async def test_a_forged_or_stale_button_gets_one_clear_answer(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser, data: str
) -> None:
    message = await bot.ask(budi, "/bantuan")
    answer = await forged(fake, budi, message, data)
    assert answer.text == texts.STALE_BUTTON
    assert answer.show_alert
    await bot.ask(budi, "/bantuan")  # one chat's updates are handled in order
    assert len(fake.calls("answerCallbackQuery")) == 1
    assert fake.calls("editMessageText") == []
    assert fake.calls("editMessageReplyMarkup") == []
    assert len(fake.messages_to(budi)) == 2  # the two /bantuan answers, nothing else


@pytest.mark.parametrize(
    "data", ["ci:1:20261123:s", "ck:1:20261123:m:0", "lk:1:v:1", "es:1:s:1:1", "atur:1:h:-:-"]
)
async def test_a_stranger_pressing_a_button_is_told_why_not(
    bot: RunningBot, fake: FakeBotApi, data: str
) -> None:
    stranger = fake.make_user("Tamu", started=True)
    message = await bot.ask(stranger, "/nilai")
    answer = await forged(fake, stranger, message, data)
    assert answer.text == texts.REFUSALS[Refusal.NOT_REGISTERED]
    assert answer.show_alert
