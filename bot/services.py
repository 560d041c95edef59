"""The services a running bot uses, built once by ``build_application`` and injected."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Settings
from bot.content import ContentPack, ValueSearch, ValueSet
from bot.org.onboarding import Onboarding
from bot.storage import Database, OrgRepository, UserRepository
from bot.storage.checkins import CheckinRepository
from bot.storage.onboarding import AuditLog, InviteRepository, JoinRequestRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository


@dataclass
class Services:
    settings: Settings
    content: ContentPack
    value_set: ValueSet
    db: Database
    clock: Clock = field(default_factory=Clock)
    search: ValueSearch = field(init=False)
    users: UserRepository = field(init=False)
    org: OrgRepository = field(init=False)
    onboarding: Onboarding = field(init=False)
    calendar: CalendarRepository = field(init=False)
    person_settings: PersonSettingsRepository = field(init=False)
    checkins: CheckinRepository = field(init=False)

    def __post_init__(self) -> None:
        self.search = ValueSearch(self.value_set)
        self.users = UserRepository(self.db)
        self.org = OrgRepository(self.db)
        self.onboarding = Onboarding(
            org=self.org,
            invites=InviteRepository(self.db),
            joins=JoinRequestRepository(self.db),
            audit=AuditLog(self.db),
        )
        self.calendar = CalendarRepository(self.db)
        self.person_settings = PersonSettingsRepository(self.db)
        self.checkins = CheckinRepository(self.db)


class BotData:
    """``Application.bot_data``: holds the services (PTB creates it with no arguments)."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are not set up; use bot.app.build_application")
        return self._services

    @services.setter
    def services(self, services: Services) -> None:
        self._services = services
