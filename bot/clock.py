"""The bot's notion of "now", injectable so tests and the demo can move time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Wall-clock time plus an adjustable offset (zero in production)."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (an aware datetime); time goes on running from there."""
        self.offset = moment - datetime.now(UTC)

    @classmethod
    def at(cls, moment: datetime) -> Clock:
        """A clock that reads ``moment`` now."""
        clock = cls()
        clock.set(moment)
        return clock
