"""Injected failures and slow answers of the fake Bot API server."""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass

from .models import ApiError, JsonDict

__all__ = ["Delay", "Fault", "FaultPlan", "RateCap", "default_description"]

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def default_description(status: int, retry_after: int | None = None) -> str:
    """The description Telegram gives for an error status."""
    if status == 429:
        return f"Too Many Requests: retry after {retry_after if retry_after is not None else 1}"
    return _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")


def _matches(method: str, chat_id: int | str | None, call_method: str, params: JsonDict) -> bool:
    if method != "*" and method.lower() != call_method.lower():
        return False
    return chat_id is None or params.get("chat_id") == chat_id


@dataclass
class Fault:
    """An error answer given instead of running the method, ``remaining`` more times.

    ``remaining`` None means until :meth:`FaultPlan.clear`. With ``probability`` below 1
    each matching call is hit only with that chance (the others go through untouched).
    """

    method: str
    status: int
    description: str
    parameters: JsonDict | None
    chat_id: int | str | None
    remaining: int | None
    hits: int = 0
    probability: float = 1.0

    def error(self) -> ApiError:
        return ApiError(self.status, self.description, self.parameters)


@dataclass
class Delay:
    """A pause before the method runs, ``remaining`` more times (None: until cleared)."""

    method: str
    seconds: float
    chat_id: int | str | None
    remaining: int | None
    hits: int = 0


class FaultPlan:
    """Faults and delays waiting to be consumed by matching calls, first registered first."""

    def __init__(self, seed: int = 0) -> None:
        self.faults: list[Fault] = []
        self.delays: list[Delay] = []
        self._random = random.Random(seed)
        """For faults with a probability: seeded, so a failing run can be repeated."""

    def add_fault(
        self,
        method: str,
        *,
        status: int,
        description: str | None,
        retry_after: int | None,
        parameters: JsonDict | None,
        chat_id: int | str | None,
        times: int | None,
        probability: float = 1.0,
    ) -> Fault:
        if status < 400:
            raise ValueError(f"a fault needs an error status, not {status}")
        if not 0 < probability <= 1:
            raise ValueError("probability must be above 0 and at most 1")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for 'until cleared')")
        params = dict(parameters or {})
        if status == 429:
            params.setdefault("retry_after", retry_after if retry_after is not None else 1)
            retry_after = int(params["retry_after"])
        fault = Fault(
            method=method,
            status=status,
            description=description or default_description(status, retry_after),
            parameters=params or None,
            chat_id=chat_id,
            remaining=times,
            probability=probability,
        )
        self.faults.append(fault)
        return fault

    def add_delay(
        self, method: str, seconds: float, *, chat_id: int | str | None, times: int | None
    ) -> Delay:
        if seconds < 0:
            raise ValueError("a delay cannot be negative")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for 'until cleared')")
        delay = Delay(method=method, seconds=seconds, chat_id=chat_id, remaining=times)
        self.delays.append(delay)
        return delay

    def take_fault(self, method: str, params: JsonDict) -> Fault | None:
        for fault in self.faults:
            if _matches(fault.method, fault.chat_id, method, params):
                if fault.probability < 1 and self._random.random() >= fault.probability:
                    continue
                self._consume(fault)
                return fault
        return None

    def take_delay(self, method: str, params: JsonDict) -> float:
        for delay in self.delays:
            if _matches(delay.method, delay.chat_id, method, params):
                self._consume(delay)
                return delay.seconds
        return 0.0

    def _consume(self, item: Fault | Delay) -> None:
        item.hits += 1
        if item.remaining is not None:
            item.remaining -= 1
            if item.remaining == 0:
                if isinstance(item, Fault):
                    self.faults.remove(item)
                else:
                    self.delays.remove(item)

    def clear(self) -> None:
        self.faults.clear()
        self.delays.clear()


SEND_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument"})
"""The calls that count against a bot's message rate."""


class RateCap:
    """Telegram's flood control, simplified: at most ``limit`` sends in any ``window`` seconds
    (a sliding window over the moments the sends arrive); beyond that, 429 with a whole
    number of seconds in ``retry_after``, as Telegram gives it."""

    def __init__(self, limit: int, window: float = 1.0) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a rate cap needs a positive limit and window")
        self.limit = limit
        self.window = window
        self._accepted: deque[float] = deque()
        self.refused = 0
        """Sends answered with 429 because of the cap."""

    def admit(self, now: float) -> int | None:
        """None if a send arriving at ``now`` is within the cap, else its ``retry_after``."""
        while self._accepted and self._accepted[0] <= now - self.window:
            self._accepted.popleft()
        if len(self._accepted) >= self.limit:
            self.refused += 1
            return max(1, math.ceil(self._accepted[0] + self.window - now))
        self._accepted.append(now)
        return None
