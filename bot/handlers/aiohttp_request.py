"""A python-telegram-bot request class on aiohttp's client, for the daily broadcast.

PTB's own :class:`~telegram.request.HTTPXRequest` costs about 1.2 ms of CPU per call on
httpx and httpcore; aiohttp's client about 0.4 ms (measured against a local server, 3,000
sendMessage calls, 16 in flight). At a broadcast's 30 messages a second per Pemda, and
many Pemda per worker, that difference is most of a worker's CPU. The class follows PTB's
:class:`~telegram.request.BaseRequest` contract (the same default time-outs as
``HTTPXRequest``, proxies from the environment as httpx reads them) and says, through the
exception it chains, whether a failed call surely never left this machine
(:func:`surely_not_sent`).
"""

from __future__ import annotations

import urllib.request
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

POOL_TIMEOUT_MESSAGE = (
    "Pool timeout: All connections in the connection pool are occupied. "
    "Request was *not* sent to Telegram."
)


class AiohttpRequest(BaseRequest):
    """``connection_pool_size`` connections at most; the time-outs as ``HTTPXRequest``'s:
    ``connect_timeout`` to open a connection, ``read_timeout`` between the bytes of an
    answer. aiohttp counts the wait for a free connection and the opening of a new one
    together: a call without a connection after ``pool_timeout + connect_timeout`` fails,
    not sent. (No write time-out: a request is written as fast as the socket takes it.)"""

    __slots__ = ("_connect", "_pool", "_proxies", "_read", "_session", "_size")

    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._size = connection_pool_size
        self._read = read_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}
        """The proxy for each (scheme, host), read from the environment once."""

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # Not aiohttp's trust_env: it reads the environment and ~/.netrc in a thread
            # for every request (a third of this class's CPU); see _proxy.
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._size))

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        read = self._read if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout
        connect = self._connect if connect_timeout is BaseRequest.DEFAULT_NONE else connect_timeout
        pool = self._pool if pool_timeout is BaseRequest.DEFAULT_NONE else pool_timeout
        timeout = aiohttp.ClientTimeout(
            total=None,
            # aiohttp's ``connect`` covers waiting for a pooled connection and opening one.
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            body, content_type = _body(request_data)
            async with self._session.request(
                method,
                url,
                data=body,
                proxy=self._proxy(url),
                headers={"User-Agent": self.USER_AGENT, **content_type},
                timeout=timeout,
            ) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as error:
            raise TimedOut(POOL_TIMEOUT_MESSAGE) from error
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error

    def _proxy(self, url: str) -> str | None:
        """The proxy of HTTP(S)_PROXY / NO_PROXY for ``url``, as PTB's httpx client reads
        them (the Pemda's network may only reach Telegram through one)."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            proxies = urllib.request.getproxies_environment()
            proxy = proxies.get(parts.scheme) or proxies.get("all")
            self._proxies[key] = None if urllib.request.proxy_bypass(key[1]) else proxy
        return self._proxies[key]


def _body(
    request_data: RequestData | None,
) -> tuple[bytes | aiohttp.FormData | None, dict[str, str]]:
    """The body and its content type: a JSON object, or multipart when files go along.

    The Bot API takes JSON bodies (object-valued fields as the JSON-encoded strings PTB
    makes of them, as in a form). PTB's httpx client sends a urlencoded form instead: its
    percent-encoding, byte by byte, took 0.10 ms of CPU for a reminder with its buttons,
    the JSON body 0.05 ms (and the server parses it faster too)."""
    if request_data is None:
        return None, {}
    if not request_data.multipart_data:
        return request_data.json_payload, {"Content-Type": "application/json"}
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form, {}


def surely_not_sent(error: BaseException) -> bool:
    """Whether the failed call never left this machine (no connection, none free)."""
    return isinstance(
        error.__cause__, aiohttp.ConnectionTimeoutError | aiohttp.ClientConnectorError
    )
