"""The typed callback context every handler receives (PTB's contextypesbot pattern)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.checkin.journal import Journal
from bot.clock import Clock
from bot.config import Settings
from bot.content import ContentPack, ValueSearch, ValueSet
from bot.delivery.dispatcher import Dispatcher
from bot.org.models import Person
from bot.org.onboarding import Onboarding
from bot.problems.desk import ProblemDesk
from bot.reports.build import ReportSources
from bot.services import BotData, Services
from bot.storage import OrgRepository, UserRepository
from bot.storage.action_plans import ActionPlanRepository
from bot.storage.activities import ActivityRepository
from bot.storage.appreciations import AppreciationRepository
from bot.storage.checkins import CheckinRepository
from bot.storage.decrees import DecreeRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.drafts import DraftRepository
from bot.storage.erasure import ErasureRepository
from bot.storage.evaluations import EvaluationRepository
from bot.storage.pending_inputs import PendingInputRepository
from bot.storage.personal_data import PersonalDataRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository
from bot.storage.semester_reports import SemesterReportRepository


@dataclass(frozen=True)
class Sender:
    """Who sent an update, looked up once, before any feature (bot.handlers.presence)."""

    person: Person | None
    """The active roster person bound to the sender's Telegram account, if any."""
    menu: str | None
    """The command menu last set in the sender's private chat (None: the default one, or
    not a private chat)."""


class Context(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """Handlers reach services through typed properties, never ``bot_data["..."]``.

    PTB builds one context per update and hands it to every handler group, so the sender
    looked up by the first group is carried to the feature that handles the update.
    """

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self._sender: Sender | None = None

    @property
    def sender(self) -> Sender:
        """Who sent this update (set by the first handler group, for every update)."""
        if self._sender is None:
            raise RuntimeError("the sender is looked up by bot.handlers.presence first")
        return self._sender

    @sender.setter
    def sender(self, sender: Sender) -> None:
        self._sender = sender

    @property
    def person(self) -> Person | None:
        """The roster person who sent this update, if any (no query: looked up once)."""
        return self.sender.person

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def content(self) -> ContentPack:
        return self.services.content

    @property
    def value_set(self) -> ValueSet:
        return self.services.value_set

    @property
    def search(self) -> ValueSearch:
        return self.services.search

    @property
    def plans(self) -> ActionPlanRepository:
        return self.services.plans

    @property
    def activities(self) -> ActivityRepository:
        return self.services.activities

    @property
    def decrees(self) -> DecreeRepository:
        return self.services.decrees

    @property
    def semester_reports(self) -> SemesterReportRepository:
        return self.services.semester_reports

    @property
    def users(self) -> UserRepository:
        return self.services.users

    @property
    def org(self) -> OrgRepository:
        return self.services.org

    @property
    def onboarding(self) -> Onboarding:
        return self.services.onboarding

    @property
    def calendar(self) -> CalendarRepository:
        return self.services.calendar

    @property
    def person_settings(self) -> PersonSettingsRepository:
        return self.services.person_settings

    @property
    def checkins(self) -> CheckinRepository:
        return self.services.checkins

    @property
    def journal(self) -> Journal:
        return self.services.journal

    @property
    def personal_data(self) -> PersonalDataRepository:
        return self.services.personal_data

    @property
    def erasure(self) -> ErasureRepository:
        return self.services.erasure

    @property
    def pending_inputs(self) -> PendingInputRepository:
        return self.services.pending_inputs

    @property
    def problems(self) -> ProblemDesk:
        return self.services.problems

    @property
    def reports(self) -> ReportSources:
        return self.services.reports

    @property
    def deliveries(self) -> DeliveryRepository:
        return self.services.deliveries

    @property
    def dispatcher(self) -> Dispatcher:
        return self.services.dispatcher

    @property
    def evaluations(self) -> EvaluationRepository:
        return self.services.evaluations

    @property
    def appreciations(self) -> AppreciationRepository:
        return self.services.appreciations

    @property
    def drafts(self) -> DraftRepository:
        return self.services.drafts

    @property
    def clock(self) -> Clock:
        return self.services.clock


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)

BotApplication = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, Any]
