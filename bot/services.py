"""The services a running bot uses, built once by ``build_application`` and injected."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.checkin.journal import Journal
from bot.clock import Clock
from bot.config import Settings
from bot.content import ContentPack, ValueSearch, ValueSet
from bot.delivery.budget import Budget
from bot.delivery.dispatcher import Dispatcher, Repositories
from bot.delivery.due import Schedule
from bot.delivery.sender import NoTransport, Transport
from bot.org.models import PemdaRole
from bot.org.onboarding import Onboarding
from bot.ownership import Ownership
from bot.problems.desk import ProblemDesk
from bot.reports.build import ReportSources, problems_from
from bot.reports.culture import CultureSources
from bot.storage import Database, OrgRepository, UserRepository
from bot.storage.action_plans import ActionPlanRepository
from bot.storage.activities import ActivityRepository
from bot.storage.appreciations import AppreciationRepository
from bot.storage.checkins import CheckinRepository
from bot.storage.decrees import DecreeRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.drafts import DraftRepository
from bot.storage.erasure import ErasureRepository
from bot.storage.evaluations import EvaluationRepository
from bot.storage.lease import SqliteLease
from bot.storage.onboarding import AuditLog, InviteRepository, JoinRequestRepository
from bot.storage.pending_inputs import PendingInputRepository
from bot.storage.personal_data import PersonalDataRepository
from bot.storage.pg_lease import PostgresLease
from bot.storage.problem_escalations import EscalationRepository
from bot.storage.problem_outbox import ProblemOutbox
from bot.storage.problems import ProblemRepository
from bot.storage.reports import ReportLog, ReportRepository
from bot.storage.schedule import CalendarRepository, PersonSettingsRepository
from bot.storage.semester_reports import SemesterReportRepository

JITTER_INTERVALS = 1.0
"""Room in the budget for the network's jitter, in pace intervals (33 ms at 30 a second):
sends that leave evenly may arrive bunched, and Telegram counts arrivals."""


@dataclass
class Services:
    settings: Settings
    content: ContentPack
    value_set: ValueSet
    db: Database
    clock: Clock = field(default_factory=Clock)
    delivery_transport: Transport = field(default_factory=NoTransport)
    """How daily messages reach Telegram (the PTB glue sets it; see bot.handlers.delivery)."""
    standby: bool = False
    """At start-up, wait for the database's owner to stop instead of refusing to run."""
    lease: SqliteLease | PostgresLease = field(init=False)
    ownership: Ownership = field(init=False)
    search: ValueSearch = field(init=False)
    users: UserRepository = field(init=False)
    org: OrgRepository = field(init=False)
    onboarding: Onboarding = field(init=False)
    calendar: CalendarRepository = field(init=False)
    person_settings: PersonSettingsRepository = field(init=False)
    checkins: CheckinRepository = field(init=False)
    journal: Journal = field(init=False)
    personal_data: PersonalDataRepository = field(init=False)
    erasure: ErasureRepository = field(init=False)
    pending_inputs: PendingInputRepository = field(init=False)
    problems: ProblemDesk = field(init=False)
    deliveries: DeliveryRepository = field(init=False)
    budget: Budget = field(init=False)
    """The one budget of Telegram's limits, for every message the process sends."""
    dispatcher: Dispatcher = field(init=False)
    reports: ReportSources = field(init=False)
    evaluations: EvaluationRepository = field(init=False)
    appreciations: AppreciationRepository = field(init=False)
    plans: ActionPlanRepository = field(init=False)
    activities: ActivityRepository = field(init=False)
    drafts: DraftRepository = field(init=False)
    decrees: DecreeRepository = field(init=False)
    semester_reports: SemesterReportRepository = field(init=False)
    report_log: ReportLog = field(init=False)
    """Which scheduled reports went to whom (bot.reports.scheduled)."""

    def __post_init__(self) -> None:
        self.lease = SqliteLease(self.db) if self.db.sqlite else PostgresLease(self.db)
        self.ownership = Ownership(self.lease)
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
        self.journal = Journal(
            self.checkins,
            self.calendar,
            self.person_settings,
            self.value_set,
            self.settings.timezone,
        )
        self.personal_data = PersonalDataRepository(self.db)
        self.erasure = ErasureRepository(self.db)
        self.pending_inputs = PendingInputRepository(self.db)
        self.problems = ProblemDesk(
            ProblemRepository(self.db),
            EscalationRepository(self.db),
            self.org,
            self.onboarding.audit,
            self.calendar,
            ProblemOutbox(self.db),
            pemda_desk_roles(self.settings),
        )
        self.deliveries = DeliveryRepository(self.db)
        rate = self.settings.delivery_rate
        self.budget = Budget(
            rate, chat_rate=self.settings.delivery_chat_rate, jitter=JITTER_INTERVALS / rate
        )
        self.dispatcher = Dispatcher(
            Repositories(
                self.deliveries, self.calendar, self.person_settings, self.checkins, self.users
            ),
            value_set=self.value_set,
            malu=self.content.budaya_malu.items,
            schedule=Schedule(
                self.settings.timezone,
                self.settings.morning_time,
                self.settings.afternoon_time,
                self.settings.morning_cutoff,
                self.settings.afternoon_cutoff,
            ),
            clock=self.clock,
            transport=self.delivery_transport,
            rate=self.settings.delivery_rate,
            chat_rate=self.settings.delivery_chat_rate,
            budget=self.budget,
        )
        self.evaluations = EvaluationRepository(self.db)
        self.appreciations = AppreciationRepository(self.db)
        self.plans = ActionPlanRepository(self.db)
        self.activities = ActivityRepository(self.db)
        self.drafts = DraftRepository(self.db)
        self.decrees = DecreeRepository(self.db)
        self.semester_reports = SemesterReportRepository(self.db)
        self.report_log = ReportLog(self.db)
        report_repository = ReportRepository(self.db)
        self.reports = ReportSources(
            report_repository,
            self.calendar,
            self.person_settings,
            problems_from(report_repository, self.settings.tz),
            CultureSources(
                self.evaluations,
                self.appreciations,
                self.content.evaluasi,
                self.value_set,
                self.settings.evaluation_months,
            ),
            self.plans,
            self.activities,
            zone=self.settings.tz,
        )


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


def pemda_desk_roles(settings: Settings) -> tuple[PemdaRole, ...]:
    """Who handles the Pemda desk: Bagian Organisasi, and the Inspektorat if so configured."""
    if settings.integrity_to_inspektorat:
        return (PemdaRole.ADMIN, PemdaRole.INSPEKTORAT)
    return (PemdaRole.ADMIN,)
