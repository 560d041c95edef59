"""What the runner and the command line need of the Pemda registry (implemented in
bot/storage)."""

from __future__ import annotations

from typing import Protocol

from bot.tenants.models import Pemda


class PemdaRegistry(Protocol):
    async def add(self, pemda: Pemda) -> None:
        """Register a new Pemda; raises ValueError if its code or token is taken."""
        ...

    async def get(self, code: str) -> Pemda | None: ...

    async def all(self, *, active_only: bool = False) -> list[Pemda]: ...

    async def deactivate(self, code: str) -> bool:
        """Stop serving the Pemda (its data stays); False if there is no such Pemda."""
        ...
