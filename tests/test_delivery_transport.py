"""The PTB transport turns Telegram's errors into what the sender acts on."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from pydantic import SecretStr
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.config import Settings
from bot.delivery.sender import (
    Outgoing,
    RateLimited,
    Rejected,
    SendError,
    Transient,
    Unreachable,
)
from bot.handlers.delivery import TelegramTransport


def _caused(error: Exception, cause: Exception) -> Exception:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("raised", "expected", "maybe_delivered"),
    [
        (RetryAfter(timedelta(seconds=7)), RateLimited, None),
        (Forbidden("Forbidden: bot was blocked by the user"), Unreachable, None),
        (Forbidden("Forbidden: user is deactivated"), Unreachable, None),
        (BadRequest("Chat not found"), Unreachable, None),
        (BadRequest("Can't parse entities: unsupported start tag"), Rejected, None),
        (NetworkError("Bad Gateway"), Transient, False),  # an answer came: not delivered
        (TimedOut(), Transient, True),  # no answer: it may have been delivered
        (_caused(TimedOut(), httpx.PoolTimeout("pool")), Transient, False),
        (_caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("x")), Transient, False),
        (_caused(NetworkError("httpx.ReadError"), httpx.ReadError("x")), Transient, True),
    ],
)
async def test_errors_are_mapped(
    monkeypatch: pytest.MonkeyPatch,
    raised: Exception,
    expected: type[SendError],
    maybe_delivered: bool | None,
) -> None:
    settings = Settings(_env_file=None, bot_token=SecretStr("123:abc"))
    transport = TelegramTransport(settings)

    async def fail(bot: object, chat_id: int, text: str, markup: str | None) -> None:
        assert markup is not None
        assert '"callback_data":"ci:1:20261123:s"' in markup
        raise raised

    monkeypatch.setattr(type(transport.bot), "send_html", fail)  # PTB objects are frozen
    with pytest.raises(expected) as caught:
        await transport.send(Outgoing(42, "hai", checkin_day=date(2026, 11, 23)))
    if isinstance(caught.value, RateLimited):
        assert caught.value.retry_after == 7.0
    if isinstance(caught.value, Transient):
        assert caught.value.maybe_delivered is maybe_delivered
