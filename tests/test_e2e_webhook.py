"""Webhook mode refuses forged updates (attack 2 of the privacy review): PTB's real webhook
server on a free port of 127.0.0.1, the emulator as Telegram, plain POSTs as the attacker."""

from __future__ import annotations

import asyncio
import json
import socket
import stat
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.app import build_application, start_webhook, stop_polling
from bot.emulator import FakeBotApi
from bot.handlers.context import BotApplication
from bot.org.onboarding import request_join
from bot.webhook import RefusedRequests, secret_path
from tests.conftest import SettingsFactory
from tests.org_fixtures import DEDI_ADMIN, import_sample_roster, registered
from tests.problem_helpers import NURUL_ANGGOTA_KOMINFO as NURUL

WEBHOOK_URL = "https://bot.example.go.id/telegram"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Webhook:
    def __init__(self, app: BotApplication, port: int, counter: RefusedRequests) -> None:
        self.app = app
        self.url = f"http://127.0.0.1:{port}/telegram"
        self.counter = counter

    async def post(self, update: dict[str, Any], secret: str | None) -> int:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        async with httpx.AsyncClient() as client:
            response = await client.post(self.url, content=json.dumps(update), headers=headers)
        return response.status_code


@pytest.fixture
async def webhook(make_settings: SettingsFactory, fake: FakeBotApi) -> AsyncIterator[Webhook]:
    settings = make_settings(webhook_url=WEBHOOK_URL)  # and no WEBHOOK_SECRET
    app = build_application(settings)
    port = free_port()
    counter = await start_webhook(app, settings, listen="127.0.0.1", port=port)
    try:
        yield Webhook(app, port, counter)
    finally:
        await stop_polling(app)


def _callback_update(update_id: int, user_id: int, data: str) -> dict[str, Any]:
    sender = {"id": user_id, "is_bot": False, "first_name": "Dedi"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": sender,
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(datetime.now(UTC).timestamp()),
                "chat": {"id": user_id, "type": "private"},
                "text": "Permintaan bergabung",
            },
        },
    }


async def test_a_forged_update_gets_403_and_changes_nothing(
    webhook: Webhook, fake: FakeBotApi
) -> None:
    services = webhook.app.bot_data.services
    settings = services.settings
    # No WEBHOOK_SECRET: one was generated, stored for the owner only, given to setWebhook.
    path = secret_path(settings)
    secret = path.read_text(encoding="ascii").strip()
    assert len(secret) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert fake.webhook is not None
    assert fake.webhook["url"] == WEBHOOK_URL
    assert fake.webhook["secret_token"] == secret

    # The attack: a join request of the attacker for Nurul, then a POST "from the admin"
    # pressing Setujui.
    org = services.org
    await import_sample_roster(org)
    users = await registered(org, fake, DEDI_ADMIN)
    attacker = fake.make_user("Penyusup")
    now = services.clock.now()
    joined = await request_join(services.onboarding, NURUL, attacker.id, now)
    assert joined.request is not None
    approve = f"join:1:a:{joined.request.id}"
    forged = _callback_update(1, users[DEDI_ADMIN].id, approve)
    refused_before = webhook.counter.count  # one counter per process (each engine's run adds)
    assert await webhook.post(forged, None) == 403
    assert await webhook.post(_callback_update(2, users[DEDI_ADMIN].id, approve), "tebakan") == 403
    assert webhook.counter.count == refused_before + 2
    await asyncio.sleep(0.2)
    nurul = await org.person_by_nip(NURUL)
    assert nurul is not None
    assert nurul.telegram_user_id is None  # not bound to the attacker
    request = await services.onboarding.joins.get(joined.request.id)
    assert request is not None
    assert request.status.value == "pending"
    assert not fake.calls("answerCallbackQuery")

    # Telegram itself (the right secret) gets through: /start from a stranger is answered.
    stranger = fake.make_user("Tamu", started=True)
    start = {
        "update_id": 3,
        "message": {
            "message_id": 5,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": stranger.id, "type": "private"},
            "from": {"id": stranger.id, "is_bot": False, "first_name": "Tamu"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    assert await webhook.post(start, secret) == 200
    welcome = await fake.wait_for_message(stranger)
    assert "NIP" in welcome.text
    assert webhook.counter.count == refused_before + 2
