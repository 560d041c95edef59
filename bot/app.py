"""``build_application``: the one place that wires settings, content, storage and handlers."""

from __future__ import annotations

import functools
import logging
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, BaseRateLimiter, Defaults

from bot import redaction
from bot.action_plan import reminder_job as plan_reminder_job
from bot.action_plan.reminder_job import remind_owners
from bot.clock import Clock
from bot.config import Settings
from bot.content import ContentPack, active_value_set, load_content
from bot.evaluation import reminder_job
from bot.evaluation.reminder_job import ReminderSources, send_evaluation_reminders
from bot.handlers import menu_commands, register_handlers
from bot.handlers.context import CONTEXT_TYPES, BotApplication, Context
from bot.handlers.delivery import TelegramTransport, start_delivery, stop_delivery
from bot.handlers.job_senders import (
    EvaluationReminders,
    PlanReminders,
    ProblemNotices,
    ReportOutbox,
    SemesterMessages,
)
from bot.handlers.outbox import OutboxRateLimiter
from bot.handlers.problem_notices import INTERVAL as PROBLEM_OUTBOX_INTERVAL
from bot.handlers.problem_notices import JOB_NAME as PROBLEM_OUTBOX_JOB
from bot.handlers.problem_notices import send_due_notices
from bot.handlers.processing import ChatOrderedProcessor
from bot.handlers.semester import inputs_of
from bot.health import HEARTBEAT_INTERVAL, heartbeat_path, write_heartbeat
from bot.ownership import Owner
from bot.problems import sla_job
from bot.problems.sla_job import run_problem_sla
from bot.reports import jobs as report_jobs
from bot.reports.jobs import run_scheduled_reports
from bot.semester import job as semester_job
from bot.services import Services
from bot.storage import Database, open_database
from bot.storage.database import original_error
from bot.storage.diagnosis import diagnose, inspect_file
from bot.texts import operations as ops_texts
from bot.webhook import RefusedRequests, count_refusals, webhook_secret

log = logging.getLogger(__name__)

MIN_GRACE = timedelta(minutes=10)
"""A periodic job that runs this late still runs (APScheduler's default grace is 1 s)."""


class MissingTokenError(Exception):
    """BOT_TOKEN is not set."""


class OwnershipLost(Exception):
    """Another process took the database over while this one ran (it stalled past its
    lease); this one stopped."""


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    standby: bool = False,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    db: Database | None = None,
    content: ContentPack | None = None,
) -> BotApplication:
    """Load the content (failing fast on a bad file), then build the PTB Application.

    The database is opened and its ownership taken in ``post_init`` (``standby``: wait for
    the owner to stop) and both are given up in ``post_shutdown``, so building is cheap and
    free of side effects; raises ``ContentError`` or ``MissingTokenError``. Every call of the
    bot goes through the outbox (:class:`OutboxRateLimiter`) unless ``rate_limiter`` says
    otherwise (the benchmark's baseline: PTB's own, apart from the broadcast's budget).

    A deployment of many Pemda (:mod:`bot.deployment`) passes each Pemda's ``db`` (else the
    one the settings name) and the ``content`` it loaded from ``settings.content_file`` once
    for all of them (parsing it takes a second).
    """
    if content is None:
        content = load_content(settings.content_file)
    value_set = active_value_set(content, settings.value_set, settings.content_file)
    if settings.bot_token is None:
        raise MissingTokenError
    secret = settings.webhook_secret
    redaction.hide(
        settings.bot_token.get_secret_value(), secret.get_secret_value() if secret else None
    )
    services = Services(
        settings=settings,
        content=content,
        value_set=value_set,
        db=db if db is not None else open_database(settings),
        clock=clock or Clock(),
        delivery_transport=TelegramTransport(settings),
        standby=standby,
    )
    if rate_limiter is None:
        rate_limiter = OutboxRateLimiter(
            services.budget,
            retry_for=settings.reply_retry_seconds,
            on_unreachable=functools.partial(_mark_unreachable, services),
        )
    app: BotApplication = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.bot_api_url)
        .base_file_url(settings.file_url)
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .rate_limiter(rate_limiter)
        .concurrent_updates(ChatOrderedProcessor(settings.update_concurrency))
        # Two connections for getUpdates: stopping cancels the long poll, and on a busy machine
        # its connection is not back in the pool before the last getUpdates (which marks the
        # fetched updates read) wants one; with PTB's single connection that call fails.
        .get_updates_connection_pool_size(2)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data.services = services
    register_handlers(app)
    return app


async def _mark_unreachable(services: Services, chat_id: int, reason: str) -> None:
    """Telegram said the chat blocked the bot or is gone: leave it alone until it writes."""
    if await services.users.mark_unreachable(chat_id, reason, services.clock.now()):
        log.info("chat %s unreachable (%s) until they write again", chat_id, reason)


async def _post_init(app: BotApplication) -> None:
    services = app.bot_data.services
    # A deployment of many Pemda opens the database, takes the lease and keeps it before it
    # starts the Application (bot/deployment), and stops only this Pemda when it is lost.
    if services.ownership.me is None:
        await _open_and_own(app)
    await app.bot.set_my_commands(menu_commands())
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            heartbeat_job,
            interval=HEARTBEAT_INTERVAL,
            first=HEARTBEAT_INTERVAL,
            name="heartbeat",
            job_kwargs={"misfire_grace_time": int(HEARTBEAT_INTERVAL.total_seconds())},
        )
    _schedule_domain_jobs(app)
    # Daily reminders: catch up on today, then tick (bot/handlers/delivery.py).
    await start_delivery(app)


async def _open_and_own(app: BotApplication) -> None:
    """Open the database and take its lease (the single Pemda of ``budaya-bot run``)."""
    services = app.bot_data.services
    settings = services.settings
    await services.db.open()  # DatabaseUnusable: the CLI says why and exits
    log.info(
        "database %s at schema revision %s",
        services.db.label,
        await services.db.schema_version(),
    )

    def waiting(owner: Owner) -> None:
        log.warning(ops_texts.standby_waiting(services.db.label, owner, settings.tz))

    # Nothing is polled or sent before this process owns the database (HeldElsewhere).
    try:
        await services.ownership.acquire(standby=services.standby, waiting=waiting)
        write_heartbeat(heartbeat_path(settings.state_folder), datetime.now(UTC))
    except (SQLAlchemyError, OSError) as error:  # e.g. a disk that filled up since opening
        if services.db.path is None:
            raise
        raise diagnose(services.db.path, original_error(error)) from error
    services.ownership.keep(on_lost=app.stop_running)


def _schedule_domain_jobs(app: BotApplication) -> None:
    """The periodic jobs of the domain packages. Each keeps its state in the database and
    records each step once, so a tick that runs late or twice is harmless; missed ticks
    collapse into one."""
    if app.job_queue is None:
        return
    jobs = (
        # Weekly digests and semester reports (report_log).
        (scheduled_reports_job, report_jobs.JOB_NAME, report_jobs.INTERVAL),
        # Problems (/lapor): reminders and automatic escalations.
        (problem_sla_job, sla_job.JOB_NAME, sla_job.INTERVAL),
        # /evaluasi: remind who has not finished before the window closes.
        (evaluation_reminders_job, reminder_job.JOB_NAME, reminder_job.INTERVAL),
        # The rencana aksi: remind an item's owner before its month ends (reminded_at).
        (plan_reminders_job, plan_reminder_job.JOB_NAME, plan_reminder_job.INTERVAL),
        # The head's semester report: drafted a week ahead, delivered once approved.
        (semester_reports_job, semester_job.JOB_NAME, semester_job.INTERVAL),
        # Problem notices held back (an anonymous reporter's delay) or to retry after a
        # failed send (problem_outbox).
        (problem_outbox_job, PROBLEM_OUTBOX_JOB, PROBLEM_OUTBOX_INTERVAL),
    )
    for callback, name, interval in jobs:
        grace = max(interval, MIN_GRACE)
        app.job_queue.run_repeating(
            callback,
            interval=interval,
            first=interval,
            name=name,
            job_kwargs={"misfire_grace_time": int(grace.total_seconds()), "coalesce": True},
        )


async def scheduled_reports_job(context: Context) -> None:
    """Every few minutes: send the weekly digest or the semester report when due."""
    await run_scheduled_reports(context.services, ReportOutbox(context), context.clock.now())


async def problem_sla_job(context: Context) -> None:
    """No problem is forgotten: the SLA tick."""
    await run_problem_sla(
        context.problems, context.settings, ProblemNotices(context), context.clock.now()
    )


async def problem_outbox_job(context: Context) -> None:
    """Send the stored problem notices that are due (delayed, or to retry)."""
    await send_due_notices(context)


async def evaluation_reminders_job(context: Context) -> None:
    """Remind who has not finished /evaluasi, when due."""
    sources = ReminderSources(context.evaluations, context.calendar, context.person_settings)
    await send_evaluation_reminders(
        sources, context.settings, EvaluationReminders(context), context.clock.now()
    )


async def semester_reports_job(context: Context) -> None:
    """Draft the semester reports when due; deliver the approved ones."""
    await semester_job.run_semester_reports(
        inputs_of(context), context.org, SemesterMessages(context), context.clock.now()
    )


async def plan_reminders_job(context: Context) -> None:
    """Remind the owners of rencana aksi items whose month is about to end."""
    await remind_owners(
        context.plans,
        context.org,
        PlanReminders(context),
        context.clock.now(),
        context.settings.tz,
    )


async def _post_shutdown(app: BotApplication) -> None:
    services = app.bot_data.services
    await stop_delivery(app)  # before the database: the sends in flight record their outcome
    try:
        await services.ownership.release()  # a standby takes over at once
    finally:
        await services.db.close()
        services.lease.close()


async def heartbeat_job(context: Context) -> None:
    """Prove the event loop and the database are alive, for the container health check."""
    await context.services.db.fetchval("SELECT 1")
    # The wall clock, not the bot's (which the demo and the tests move): it is about the process.
    write_heartbeat(heartbeat_path(context.settings.state_folder), datetime.now(UTC))


async def start_polling(app: BotApplication, *, poll_timeout: int) -> None:
    """``run_polling``'s start-up steps, for an event loop that already runs (the demo, the
    tests): initialise, ``post_init``, start the jobs, poll. Undone if a step fails."""
    assert app.updater is not None
    updater = app.updater
    await _start(app, updater.start_polling(poll_interval=0.0, timeout=poll_timeout))


async def start_webhook(
    app: BotApplication, settings: Settings, *, listen: str, port: int
) -> RefusedRequests:
    """``run_webhook``'s start-up steps for a running event loop (the tests): PTB's webhook
    server on ``listen:port``, ``setWebhook`` with the secret. The refusal counter."""
    assert app.updater is not None
    assert settings.webhook_url
    counter = count_refusals()
    secret = webhook_secret(settings)
    redaction.hide(secret)
    await _start(
        app,
        app.updater.start_webhook(
            listen=listen,
            port=port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        ),
    )
    return counter


async def start_behind_server(app: BotApplication, *, url: str, secret: str) -> None:
    """Start ``app`` for a web server that is not its own (one server for many Pemda:
    bot/deployment/webhooks.py puts the updates in its queue): no updater, ``setWebhook``
    with this Pemda's ``url`` and ``secret``. Undone if a step fails."""
    redaction.hide(secret)
    await _start(
        app,
        app.bot.set_webhook(url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES),
    )


async def _start(app: BotApplication, updates: Coroutine[Any, Any, object]) -> None:
    try:
        await app.initialize()
    except BaseException:
        updates.close()
        raise
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        await updates
    except BaseException:
        updates.close()  # never awaited when an earlier step failed
        await stop_polling(app)
        raise


async def stop_polling(app: BotApplication) -> None:
    """Undo :func:`start_polling` (whatever part of it ran)."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    await app.shutdown()


def run(settings: Settings, *, standby: bool = False) -> None:
    """Run the bot until interrupted: webhook mode when WEBHOOK_URL is set, else polling.

    Raises ``DatabaseUnusable`` (before Telegram is contacted when the file itself shows
    it), ``HeldElsewhere`` when another process owns the database and ``OwnershipLost``."""
    if settings.database_file is not None:
        inspect_file(settings.database_file)
    app = build_application(settings, standby=standby)
    if settings.webhook_url:
        # Never without a secret: a forged POST would act as anyone (bot/webhook.py).
        secret = webhook_secret(settings)
        redaction.hide(secret)
        count_refusals()
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    if app.bot_data.services.ownership.lost:
        raise OwnershipLost
