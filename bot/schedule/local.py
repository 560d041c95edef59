"""A person's local time: their own zone (WIB, WITA, WIT) or the Pemda's."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.schedule.models import PersonSettings

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
"""Indonesia's three time zones, as people name them."""
ZONE_NAMES = {zone: name for name, zone in ZONES.items()}


def person_zone(default_zone: str, settings: PersonSettings | None) -> ZoneInfo:
    return ZoneInfo(settings.timezone if settings and settings.timezone else default_zone)


def local_date(now: datetime, zone: ZoneInfo) -> date:
    """The calendar date ``now`` falls on in ``zone``."""
    return now.astimezone(zone).date()
