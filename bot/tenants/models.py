"""A Pemda (tenant): its own bot, settings and data, in a deployment that serves several."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import SecretStr

CODE = re.compile(r"[a-z][a-z0-9_]{1,29}")
"""A Pemda's code: lower-case letters, digits and _, 2-30 long, e.g. ``kab_serang``; it
names the Pemda in commands (``--pemda``), its webhook path and its schema or file."""

OVERRIDABLE = frozenset(
    {
        "timezone",
        "content_file",
        "value_set",
        "morning_time",
        "afternoon_time",
        "morning_cutoff",
        "afternoon_cutoff",
        "report_min_people",
        "report_show_names",
        "integrity_to_inspektorat",
        "anonymous_delay_minutes",
        "invite_ttl_days",
        "problem_remind_days",
        "problem_escalate_days",
        "problem_head_remind_days",
        "evaluation_months",
        "evaluation_remind_days",
        "delivery_rate",
    }
)
"""The settings a Pemda may set for itself (the rest belong to the deployment): its time
zone, its value set and content (with the legal basis it cites), its times and thresholds."""


@dataclass(frozen=True)
class Pemda:
    code: str
    name: str
    bot_token: SecretStr
    bot_username: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    """Overrides of the deployment's settings, keys from :data:`OVERRIDABLE`."""
    webhook_secret: SecretStr | None = None
    active: bool = True
    created_at: datetime | None = None
