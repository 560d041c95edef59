"""The demo's web page and its small JSON API, served by the Bot API emulator's aiohttp app.

``GET /`` the page; ``GET /api/people`` who one may be; ``GET /api/chat/{user}`` a chat
(long poll: with ``?version=N`` it answers when something changed after N, or after
:data:`LONG_POLL` seconds); ``POST /api/chat/{user}/send|press|upload`` act as that person;
``POST /api/time`` move the bot's clock; ``GET /api/file/{file_id}`` a photo or document.

Only the page's own origin may post (a JSON body and, when the browser sends one, a
matching ``Origin``), so another site open in the same browser cannot drive the demo; and
only requests to this computer's own names (``127.0.0.1``, ``localhost``) are answered, so a
site that points its name at 127.0.0.1 (DNS rebinding) cannot read it either. Refusals
say why in Indonesian; the page shows them.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import BodyPartReader, web

from bot.demo.chat_view import chat_state
from bot.demo.history import Colleagues
from bot.demo.personas import DemoPerson
from bot.demo.timeshift import Jump, jump
from bot.emulator import FakeBotApi, utf16_length
from bot.emulator.media import image_info
from bot.handlers.context import BotApplication
from bot.texts import demo as texts
from bot.texts.dates import long_date

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
LONG_POLL = 20.0
MAX_UPLOAD = 20 * 1024 * 1024
"""Bytes: what a bot may download of a user's file (getFile's limit)."""
FORM_OVERHEAD = 64 * 1024
"""Room for the multipart framing and the caption around the file."""
MAX_TEXT = 4096
"""UTF-16 code units of a text message, as in Telegram."""
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
CLOSE_WAIT = 30.0
"""Seconds the demo's stop waits for a clock jump in progress."""
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass
class DemoSession:
    """What the page works on, once the bot is up."""

    emulator: FakeBotApi
    app: BotApplication
    people: list[DemoPerson]
    colleagues: Colleagues | None = None
    """Who keeps checking in when the clock moves (nobody plays them)."""

    def person(self, user_id: str) -> DemoPerson:
        for candidate in self.people:
            if str(candidate.user.id) == user_id:
                return candidate
        raise web.HTTPNotFound(text=texts.API_NO_PERSON)


class DemoPage:
    """The routes; :attr:`session` is set when the bot is ready (503 until then)."""

    def __init__(self) -> None:
        self.session: DemoSession | None = None
        self._moving = asyncio.Lock()

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/", self._index)
        app.router.add_static("/static/", STATIC, show_index=False)
        app.router.add_get("/api/people", self._people)
        app.router.add_get("/api/chat/{user}", self._chat)
        app.router.add_post("/api/chat/{user}/send", self._send)
        app.router.add_post("/api/chat/{user}/press", self._press)
        app.router.add_post("/api/chat/{user}/upload", self._upload)
        app.router.add_post("/api/time", self._time)
        app.router.add_get("/api/file/{file_id}", self._file)
        app.on_response_prepare.append(_security_headers)

    async def close(self) -> None:
        """Refuse new requests and let a clock jump in progress finish (its jobs use the
        bot, which stops next)."""
        self.session = None
        try:
            async with asyncio.timeout(CLOSE_WAIT), self._moving:
                pass
        except TimeoutError:
            log.warning("a clock jump was still running %.0f s after the demo stopped", CLOSE_WAIT)

    def _ready(self, request: web.Request) -> DemoSession:
        _local_host(request)
        if self.session is None:
            raise web.HTTPServiceUnavailable(text=texts.API_STARTING)
        return self.session

    async def _index(self, request: web.Request) -> web.StreamResponse:
        _local_host(request)
        return web.FileResponse(STATIC / "index.html")

    async def _people(self, request: web.Request) -> web.Response:
        session = self._ready(request)
        bot = session.emulator.bot_user
        return web.json_response(
            {
                "bot": {"name": texts.BOT_NAME, "username": bot.username},
                "ui": texts.PAGE,
                "clock": _clock(session),
                "people": [
                    {
                        "id": p.user.id,
                        "name": p.person.name,
                        "role": p.role,
                        "unit": p.person.unit_name,
                        "featured": p.featured,
                        "hint": p.hint,
                        "invite": p.invite,
                    }
                    for p in session.people
                ],
            }
        )

    async def _chat(self, request: web.Request) -> web.Response:
        session = self._ready(request)
        person = session.person(request.match_info["user"])
        emulator = session.emulator
        known = request.query.get("version", "")
        if known.isdigit() and int(known) == emulator.version:
            await emulator.wait_for_change(int(known), LONG_POLL)
        state = chat_state(emulator, person.user, session.app.bot_data.services.settings.tz)
        state.update(version=emulator.version, clock=_clock(session), activity=_activity(session))
        return web.json_response(state)

    async def _send(self, request: web.Request) -> web.Response:
        session = self._ready(request)
        person = session.person(request.match_info["user"])
        body = await _json_body(request)
        text = body.get("text")
        text = text.strip() if isinstance(text, str) else ""
        if not text or utf16_length(text) > MAX_TEXT:
            raise web.HTTPBadRequest(text=texts.API_TEXT_LENGTH)
        await session.emulator.send_message(person.user, text)
        return web.json_response({"ok": True})

    async def _press(self, request: web.Request) -> web.Response:
        session = self._ready(request)
        person = session.person(request.match_info["user"])
        body = await _json_body(request)
        message_id, data = body.get("message_id"), body.get("data")
        message = next(
            (
                m
                for m in session.emulator.messages_to(person.user, include_deleted=False)
                if m.message_id == message_id
            ),
            None,
        )
        if message is None or not isinstance(data, str) or data not in message.callback_data:
            raise web.HTTPBadRequest(text=texts.API_NO_BUTTON)
        query_id = await session.emulator.press_button(person.user, message, data)
        return web.json_response({"ok": True, "query_id": query_id})

    async def _upload(self, request: web.Request) -> web.Response:
        session = self._ready(request)
        person = session.person(request.match_info["user"])
        _same_origin(request)
        if (request.content_length or 0) > MAX_UPLOAD + FORM_OVERHEAD:
            raise _too_large(request.content_length or 0)
        fields = await _form(request)
        upload = fields.get("file")
        if not isinstance(upload, tuple) or not upload[1]:
            raise web.HTTPBadRequest(text=texts.API_NO_FILE)
        name, data = upload
        caption = str(fields.get("caption") or "").strip()[:1024] or None
        if image_info(data) is not None and not name.lower().endswith(".svg"):
            await session.emulator.send_photo(person.user, data, caption)
        else:
            await session.emulator.send_document(person.user, data, name or "berkas", caption)
        return web.json_response({"ok": True})

    async def _time(self, request: web.Request) -> web.Response:
        session = self._ready(request)
        body = await _json_body(request)
        try:
            to = Jump(str(body.get("to")))
        except ValueError:
            raise web.HTTPBadRequest(text=texts.API_BAD_JUMP) from None
        if self._moving.locked():
            raise web.HTTPConflict(text=texts.API_BUSY)
        async with self._moving:
            await jump(session.app, to, session.colleagues)
        session.emulator.touch()
        return web.json_response({"ok": True, "clock": _clock(session)})

    async def _file(self, request: web.Request) -> web.Response:
        session = self._ready(request)
        stored = session.emulator.files.by_id.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound(text=texts.API_NO_FILE_ID)
        image = image_info(stored.data) if stored.kind == "photo" else None
        if image is not None:
            return web.Response(body=stored.data, content_type=image[0])
        # Anything else is downloaded, never shown by the browser on this origin.
        name = (stored.filename or "berkas").replace('"', "")
        return web.Response(
            body=stored.data,
            content_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def _clock(session: DemoSession) -> str:
    services = session.app.bot_data.services
    local = services.clock.now().astimezone(services.settings.tz)
    return f"{long_date(local.date())} · {local.strftime('%H.%M %Z')}"


def _activity(session: DemoSession) -> dict[str, int]:
    """Per person, the id of the bot's latest message to them (the page marks news)."""
    activity = {}
    for person in session.people:
        messages = session.emulator.messages_to(person.user, include_deleted=False)
        if messages:
            activity[str(person.user.id)] = messages[-1].message_id
    return activity


def _local_host(request: web.Request) -> None:
    """Only this computer's names for itself: a page of another site that a DNS trick
    points at 127.0.0.1 still says its own host name, and is refused."""
    host = urlsplit(f"//{request.host}").hostname
    if host not in LOCAL_HOSTS:
        raise web.HTTPMisdirectedRequest(text=texts.API_BAD_HOST)


def _same_origin(request: web.Request) -> None:
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc != request.host:
        raise web.HTTPForbidden(text=texts.API_CROSS_ORIGIN)


def _too_large(size: int) -> web.HTTPRequestEntityTooLarge:
    return web.HTTPRequestEntityTooLarge(
        max_size=MAX_UPLOAD, actual_size=size, text=texts.API_TOO_LARGE
    )


async def _json_body(request: web.Request) -> dict[str, Any]:
    _same_origin(request)
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text=texts.API_NOT_JSON)
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text=texts.API_BAD_JSON) from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text=texts.API_NOT_OBJECT)
    return body


async def _form(request: web.Request) -> dict[str, str | tuple[str, bytes]]:
    """The multipart fields of an upload: text, or (file name, bytes) for the file."""
    fields: dict[str, str | tuple[str, bytes]] = {}
    if request.content_type != "multipart/form-data":
        raise web.HTTPBadRequest(text=texts.API_BAD_FORM)
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                raise web.HTTPBadRequest(text=texts.API_BAD_FORM)
            data = bytearray()
            while chunk := await part.read_chunk():
                data += chunk
                if len(data) > MAX_UPLOAD:
                    raise _too_large(len(data))
            if part.filename is not None:
                fields[part.name] = (part.filename, bytes(data))
            else:
                fields[part.name] = data.decode("utf-8", "replace")
    except ValueError:  # aiohttp: not multipart, or a broken body
        raise web.HTTPBadRequest(text=texts.API_BAD_FORM) from None
    return fields


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path == "/" or request.path.startswith(("/static/", "/api/")):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
