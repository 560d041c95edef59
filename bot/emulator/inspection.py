"""What tests read from the fake server, wait for, and inject into it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from .faults import Delay, Fault
from .models import (
    CallbackAnswer,
    JsonDict,
    PressedButton,
    SentMessage,
    UserMessage,
    WaitTimeoutError,
)
from .state import BotState, ChatRef

__all__ = ["Inspection"]

_T = TypeVar("_T")


class Inspection(BotState):
    """Reading what the bot did, waiting for it, and fault injection."""

    def commands(
        self, scope: JsonDict | str | None = None, language_code: str = ""
    ) -> list[tuple[str, str]]:
        """Commands set for a scope: a BotCommandScope dict or a key such as ``"default"``,
        ``"all_private_chats"``, ``"chat:<id>"``; as ``(command, description)`` pairs."""
        key = (self._scope_key(scope), language_code)
        return [(c["command"], c["description"]) for c in self._commands.get(key, [])]

    def messages_to(self, chat: ChatRef, *, include_deleted: bool = True) -> list[SentMessage]:
        """Messages the bot sent to a chat, oldest first."""
        messages = self._sent.get(self._chat_id(chat), [])
        return [m for m in messages if include_deleted or not m.deleted]

    def last_message_to(self, chat: ChatRef) -> SentMessage:
        messages = self.messages_to(chat, include_deleted=False)
        if not messages:
            raise AssertionError(f"the bot sent nothing to chat {self._chat_id(chat)}")
        return messages[-1]

    def incoming_messages(
        self, chat: ChatRef, *, include_deleted: bool = True
    ) -> list[UserMessage]:
        """Messages users sent in a chat, oldest first."""
        messages = self._incoming.get(self._chat_id(chat), [])
        return [
            m
            for m in messages
            if include_deleted or (m.chat_id, m.message_id) not in self._deleted_incoming
        ]

    # ``timeout`` is the documented name of these waits' limit (ruff's ASYNC109 would have
    # callers wrap them in asyncio.timeout instead, which loses the informative failure).

    async def wait_for_message(
        self,
        chat: ChatRef,
        predicate: Callable[[SentMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> SentMessage:
        """The oldest message to ``chat`` not returned by an earlier wait (and matching
        ``predicate``), waiting for it up to ``timeout`` seconds.

        Raises :class:`WaitTimeoutError` listing what the bot did send."""
        chat_id = self._chat_id(chat)

        def find() -> SentMessage | None:
            for message in self._sent.get(chat_id, []):
                key = (chat_id, message.message_id)
                if key not in self._consumed and (predicate is None or predicate(message)):
                    self._consumed.add(key)
                    return message
            return None

        what = "no matching message" if predicate else "no new message"
        return await self._wait(find, timeout, lambda: self._wait_report(chat_id, what, timeout))

    async def wait_for_edit(
        self,
        chat: ChatRef,
        predicate: Callable[[SentMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        message_id: int | None = None,
    ) -> SentMessage:
        """The message of the oldest edit in ``chat`` not returned by an earlier wait.

        ``predicate`` sees the message as it is now (after any later edits)."""
        chat_id = self._chat_id(chat)

        def find() -> SentMessage | None:
            for index, (edited_chat, edited_id) in enumerate(self._edit_events):
                if index in self._consumed_edits or edited_chat != chat_id:
                    continue
                if message_id is not None and edited_id != message_id:
                    continue
                message = next(m for m in self._sent[chat_id] if m.message_id == edited_id)
                if predicate is None or predicate(message):
                    self._consumed_edits.add(index)
                    return message
            return None

        return await self._wait(
            find, timeout, lambda: self._wait_report(chat_id, "no new edit", timeout)
        )

    async def wait_for_callback_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> CallbackAnswer:
        """Wait until the bot answers the callback query ``query_id``."""
        press = self._presses[query_id]
        what = f"no answer to callback query {query_id}"
        return await self._wait(
            lambda: press.answer, timeout, lambda: self._wait_report(press.chat_id, what, timeout)
        )

    async def _wait(
        self, find: Callable[[], _T | None], seconds: float, failure: Callable[[], str]
    ) -> _T:
        deadline = time.monotonic() + seconds
        while (found := find()) is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing:
                raise WaitTimeoutError(failure())
            await self._changes.wait(remaining)
        return found

    def _wait_report(self, chat_id: int, what: str, timeout: float) -> str:
        lines = [f"{what} in chat {chat_id} within {timeout}s. Bot messages to this chat:"]
        for message in self._sent.get(chat_id, []):
            seen = " (already returned)" if (chat_id, message.message_id) in self._consumed else ""
            lines.append(f"  {message.describe()}{seen}")
        if len(lines) == 1:
            lines.append("  (none)")
        failures = [r for r in self.requests if r.status not in (None, 200)][-5:]
        if failures:
            lines.append("Recent failed API calls:")
            lines.extend(
                f"  {r.method} -> {r.status} {r.description} {_brief(r.params)}" for r in failures
            )
        return "\n".join(lines)

    @property
    def version(self) -> int:
        """A number that grows with every change a chat shows: a message sent, edited or
        deleted by the bot or written by a user, a callback answered, a :meth:`touch`."""
        return self._changes.count

    def touch(self) -> None:
        """Count a change made outside the server (e.g. the demo moved the bot's clock)."""
        self._changes.fire()

    async def wait_for_change(self, version: int, seconds: float) -> int:
        """Wait up to ``seconds`` until :attr:`version` differs from ``version``; return it."""
        deadline = time.monotonic() + seconds
        while self.version == version and not self._closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            await self._changes.wait(remaining)
        return self.version

    @property
    def callback_answers(self) -> dict[str, CallbackAnswer]:
        """Answers the bot gave, by callback query id."""
        return {qid: p.answer for qid, p in self._presses.items() if p.answer is not None}

    @property
    def pressed_buttons(self) -> list[PressedButton]:
        return list(self._presses.values())

    def unanswered_callbacks(self) -> list[str]:
        """Ids of callback queries the bot has not answered (yet)."""
        return [qid for qid, press in self._presses.items() if press.answer is None]

    def calls(self, method: str) -> list[JsonDict]:
        """Parameters of every successful or failed call of ``method`` (case-insensitive)."""
        return [r.params for r in self.requests if r.method.lower() == method.lower()]

    def send_times(self, chat_id: ChatRef | None = None) -> list[float]:
        """``time.monotonic()`` of every successful sendMessage/sendPhoto/sendDocument."""
        wanted = None if chat_id is None else self._chat_id(chat_id)
        return [t for c, t in self._send_log if wanted is None or c == wanted]

    # ------------------------------------------------------------------ faults

    def inject_fault(
        self,
        method: str = "sendMessage",
        *,
        status: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        parameters: JsonDict | None = None,
        chat_id: ChatRef | str | None = None,
        times: int | None = 1,
        probability: float = 1.0,
    ) -> Fault:
        """Answer the next ``times`` calls of ``method`` ("*" for any) with an error;
        with ``probability`` < 1, each call only with that chance (e.g. 5% of 5xx).

        Descriptions default to Telegram's: 429 "Too Many Requests: retry after N" (with
        ``parameters.retry_after``), 403 "Forbidden: bot was blocked by the user",
        400 "Bad Request: chat not found", 502 "Bad Gateway", ... ``times=None``: until
        :meth:`clear_faults`."""
        target = chat_id if chat_id is None or isinstance(chat_id, str) else self._chat_id(chat_id)
        return self.faults.add_fault(
            method,
            status=status,
            description=description,
            retry_after=retry_after,
            parameters=parameters,
            chat_id=target,
            times=times,
            probability=probability,
        )

    def inject_delay(
        self,
        method: str,
        seconds: float,
        times: int | None = 1,
        *,
        chat_id: ChatRef | str | None = None,
    ) -> Delay:
        """Hold the next ``times`` calls of ``method`` for ``seconds`` before answering."""
        target = chat_id if chat_id is None or isinstance(chat_id, str) else self._chat_id(chat_id)
        return self.faults.add_delay(method, seconds, chat_id=target, times=times)

    def clear_faults(self) -> None:
        self.faults.clear()


def _brief(params: JsonDict) -> str:
    text = repr({k: v for k, v in params.items() if k in {"chat_id", "text", "message_id"}})
    return text if len(text) <= 160 else text[:157] + "..."
