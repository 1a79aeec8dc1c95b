"""One connection to one broker: TLS, version negotiation, SASL, then pipelined requests.

Requests are written as soon as they are made; responses come back in request order and are
matched to a FIFO of waiting requests by correlation id. A request that times out or is
cancelled leaves its place in the FIFO, so its late response is read and dropped; if that
response never comes, the connection is closed after a grace period rather than stalling.
"""

from __future__ import annotations

import asyncio
import random
import struct
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from protocol._version import __version__
from protocol.codec import ApiKey, decode_response, encode_request
from protocol.connect import open_transport
from protocol.errors import (
    AuthenticationError,
    KafkaConnectionError,
    KafkaExplorerError,
    KafkaTimeoutError,
    ProtocolDecodeError,
    SecurityProtocolMismatchError,
    error_for_code,
)
from protocol.sasl import HANDSHAKE_VERSION, authenticate
from protocol.security import SecurityConfig
from protocol.transport import FrameProtocol
from protocol.versions import NegotiatedVersions, api_name, broker_ranges

_CORRELATION = struct.Struct(">i")
_API_VERSIONS_MAX = 4
_SOFTWARE_NAME = "kafka-explorer"
REAUTH_WINDOW = (0.85, 0.95)
"""Re-authenticate at this fraction (random, per session) of the broker's session lifetime."""


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    """What every connection of a client shares."""

    client_id: str = "kafka-explorer"
    security: SecurityConfig = field(default_factory=SecurityConfig)
    connect_timeout_s: float = 10.0
    request_timeout_s: float = 30.0


@dataclass(slots=True)
class _Waiting:
    correlation_id: int
    api_key: int
    version: int
    future: asyncio.Future[bytes]


class BrokerConnection:
    """A ready connection: negotiated and authenticated. Make one with :func:`connect`."""

    def __init__(self, host: str, port: int, settings: ConnectionSettings, node_id: int | None = None):
        self.host, self.port, self.node_id = host, port, node_id
        self.settings = settings
        self.versions = NegotiatedVersions(self.broker, {})
        self.reauthentications = 0
        """How many times KIP-368 re-authentication has completed on this connection."""
        self._loop = asyncio.get_running_loop()
        self._protocol: FrameProtocol | None = None
        self._waiting: deque[_Waiting] = deque()
        self._correlation_id = 0
        self._throttle_until = 0.0
        self._open_gate = asyncio.Event()  # cleared while re-authenticating
        self._open_gate.set()
        self._close_error: KafkaExplorerError | None = None
        self._timers: set[asyncio.TimerHandle] = set()
        self._reauth_task: asyncio.Task[None] | None = None
        self._close_callbacks: list[Callable[[BrokerConnection], None]] = []
        self._answered = 0
        self._handshake_done = False
        self.api_versions_version = -1
        """The ApiVersions version the broker accepted."""

    # -- public -----------------------------------------------------------------------------
    @property
    def broker(self) -> str:
        """``host:port (node N)``, for messages."""
        address = f"{self.host}:{self.port}"
        return address if self.node_id is None else f"{address} (node {self.node_id})"

    @property
    def closed(self) -> bool:
        return self._close_error is not None

    @property
    def in_flight(self) -> int:
        """Requests written and not yet answered (including abandoned ones)."""
        return len(self._waiting)

    def api_version(self, api_key: int) -> int:
        """The negotiated version of ``api_key`` with this broker."""
        return self.versions.version(api_key)

    def assign_node(self, node_id: int) -> None:
        """Name the broker's node id once metadata reveals it (for a bootstrap connection)."""
        self.node_id = node_id
        self.versions = NegotiatedVersions(self.broker, self.versions.broker_ranges)

    def on_close(self, callback: Callable[[BrokerConnection], None]) -> None:
        """Call ``callback(self)`` once, when the connection closes for any reason."""
        if self.closed:
            callback(self)
        else:
            self._close_callbacks.append(callback)

    async def request(
        self,
        api_key: int,
        body: Mapping[str, Any],
        *,
        version: int | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any] | None:
        """Send one request and return the decoded response body.

        ``version`` defaults to the negotiated one. A Produce with ``acks == 0`` gets no response
        and returns None once written. Raises ``KafkaTimeoutError`` after ``timeout`` seconds
        (default: the request timeout), ``KafkaConnectionError`` if the connection dies.
        """
        chosen = self.versions.version(api_key) if version is None else self.versions.check(api_key, version)
        limit = self.settings.request_timeout_s if timeout is None else timeout
        try:
            async with asyncio.timeout(limit):
                await self._wait_until_sendable()
                return await self._roundtrip(api_key, chosen, body)
        except TimeoutError:
            raise KafkaTimeoutError(
                f"{api_name(api_key)} v{chosen} to broker {self.broker} got no response within {limit:g} s"
            ) from None

    async def close(self) -> None:
        """Close the socket and fail anything still waiting; returns once the socket is gone."""
        self._abort(KafkaConnectionError(f"The connection to broker {self.broker} was closed"), graceful=True)
        await self._stop_reauth()
        protocol = self._protocol
        if protocol is None or protocol.transport is None:
            return
        try:
            await asyncio.wait_for(protocol.lost.wait(), 2.0)
        except TimeoutError:
            protocol.transport.abort()
            await protocol.lost.wait()

    # -- set-up (called by connect) ---------------------------------------------------------
    async def _open(self, ssl_context: Any) -> None:
        protocol = FrameProtocol(self.broker, self._on_frame, self._on_stream_error, self._on_lost)
        self._protocol = protocol
        await open_transport(
            self._loop, protocol, self.host, self.port, ssl_context, self.settings.connect_timeout_s
        )

    async def _negotiate(self) -> None:
        """ApiVersions: start at our highest version, step down to what the broker answers."""
        version = _API_VERSIONS_MAX
        while True:
            body = {"client_software_name": _SOFTWARE_NAME, "client_software_version": __version__}
            response = await self._exchange(ApiKey.API_VERSIONS, version, body)
            code = response["error_code"]
            if code == 0:
                break
            if code in (35, 42) and version > 0:  # UNSUPPORTED_VERSION, INVALID_REQUEST
                theirs = broker_ranges(response.get("api_keys") or []).get(ApiKey.API_VERSIONS)
                version = min(version - 1, theirs[1]) if theirs and code == 35 else 0
                continue
            raise error_for_code(code, context=f"ApiVersions with broker {self.broker}")
        self.api_versions_version = version
        self.versions = NegotiatedVersions(self.broker, broker_ranges(response["api_keys"]))

    async def _authenticate(self) -> None:
        security = self.settings.security
        self.versions.check(ApiKey.SASL_HANDSHAKE, HANDSHAKE_VERSION)
        auth_version = self.versions.version(ApiKey.SASL_AUTHENTICATE)
        lifetime_ms = await authenticate(self._exchange, security, auth_version, self.broker)
        self._schedule_reauth(lifetime_ms)

    def _finish_handshake(self) -> None:
        self._handshake_done = True

    async def _exchange(self, api_key: int, version: int, body: Mapping[str, Any]) -> dict[str, Any]:
        response = await self._roundtrip(api_key, version, body)
        assert response is not None
        return response

    # -- KIP-368 re-authentication ----------------------------------------------------------
    def _schedule_reauth(self, lifetime_ms: int) -> None:
        if lifetime_ms <= 0 or self.closed:
            return
        delay = lifetime_ms / 1000 * random.uniform(*REAUTH_WINDOW)
        self._call_later(delay, self._start_reauth)

    def _start_reauth(self) -> None:
        if self.closed:
            return
        self._open_gate.clear()
        self._reauth_task = self._loop.create_task(self._reauthenticate(), name=f"reauth {self.broker}")

    async def _reauthenticate(self) -> None:
        try:
            async with asyncio.timeout(self.settings.request_timeout_s):
                lifetime_ms = await authenticate(
                    self._exchange,
                    self.settings.security,
                    self.versions.version(ApiKey.SASL_AUTHENTICATE),
                    self.broker,
                )
        except asyncio.CancelledError:
            raise
        except (KafkaExplorerError, TimeoutError) as exc:
            reason = exc if isinstance(exc, KafkaExplorerError) else KafkaTimeoutError("no answer")
            self._abort(AuthenticationError(f"Re-authentication with broker {self.broker} failed: {reason}"))
            return
        finally:
            self._open_gate.set()
        self.reauthentications += 1
        self._schedule_reauth(lifetime_ms)

    async def _stop_reauth(self) -> None:
        task, self._reauth_task = self._reauth_task, None
        if task is not None and task is not asyncio.current_task() and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    # -- sending ----------------------------------------------------------------------------
    async def _wait_until_sendable(self) -> None:
        """Wait out re-authentication, broker throttling (KIP-219) and transport back-pressure."""
        while True:
            self._raise_if_closed()
            if not self._open_gate.is_set():
                await self._open_gate.wait()
                continue
            delay = self._throttle_until - self._loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
                continue
            assert self._protocol is not None
            if not self._protocol.writable.is_set():
                await self._protocol.writable.wait()
                continue
            return

    async def _roundtrip(self, api_key: int, version: int, body: Mapping[str, Any]) -> dict[str, Any] | None:
        self._raise_if_closed()
        assert self._protocol is not None and self._protocol.transport is not None
        self._correlation_id = (self._correlation_id + 1) & 0x7FFFFFFF
        correlation_id = self._correlation_id
        frame = encode_request(api_key, version, correlation_id, self.settings.client_id, body)
        if api_key == ApiKey.PRODUCE and body.get("acks") == 0:
            self._protocol.transport.write(frame)
            return None
        waiting = _Waiting(correlation_id, api_key, version, self._loop.create_future())
        self._waiting.append(waiting)
        self._protocol.transport.write(frame)
        try:
            payload = await waiting.future
        except asyncio.CancelledError:
            self._abandoned(waiting)
            raise
        try:
            _, response = decode_response(api_key, version, payload)
        except ProtocolDecodeError as exc:
            raise ProtocolDecodeError(
                f"Cannot read the {api_name(api_key)} v{version} response of broker {self.broker}: {exc}"
            ) from exc
        self._note_throttle(response)
        return response

    def _note_throttle(self, response: Mapping[str, Any]) -> None:
        throttle_ms = response.get("throttle_time_ms") or 0
        if throttle_ms > 0:
            self._throttle_until = max(self._throttle_until, self._loop.time() + throttle_ms / 1000)

    @property
    def throttled_for(self) -> float:
        """Seconds until the broker's last ThrottleTimeMs has passed (0 when not throttled)."""
        return max(0.0, self._throttle_until - self._loop.time())

    def _abandoned(self, waiting: _Waiting) -> None:
        """A caller gave up; drop the late response, but close if it never comes."""
        if not self.closed:
            self._call_later(self.settings.request_timeout_s, self._check_abandoned, waiting)

    def _check_abandoned(self, waiting: _Waiting) -> None:
        if any(w is waiting for w in self._waiting):
            self._abort(
                KafkaTimeoutError(
                    f"Broker {self.broker} never answered {api_name(waiting.api_key)} "
                    f"(correlation id {waiting.correlation_id}); closing the connection"
                )
            )

    def _call_later(self, delay: float, callback: Callable[..., None], *args: Any) -> None:
        handle: asyncio.TimerHandle | None = None

        def run() -> None:
            assert handle is not None
            self._timers.discard(handle)
            callback(*args)

        handle = self._loop.call_later(delay, run)
        self._timers.add(handle)

    # -- receiving --------------------------------------------------------------------------
    def _on_frame(self, payload: bytes) -> None:
        if len(payload) < 4:
            self._abort(ProtocolDecodeError(f"Broker {self.broker} sent a {len(payload)}-byte response"))
            return
        correlation_id = _CORRELATION.unpack_from(payload)[0]
        if not self._waiting:
            self._abort(
                ProtocolDecodeError(
                    f"Broker {self.broker} sent a response (correlation id {correlation_id}) nobody asked for"
                )
            )
            return
        waiting = self._waiting.popleft()
        if correlation_id != waiting.correlation_id:
            self._abort(
                ProtocolDecodeError(
                    f"Broker {self.broker} answered correlation id {correlation_id} where "
                    f"{waiting.correlation_id} was expected; the connection is out of sync"
                ),
                also=waiting,
            )
            return
        self._answered += 1
        if not waiting.future.done():
            waiting.future.set_result(payload)

    def _on_stream_error(self, exc: KafkaExplorerError) -> None:
        self._abort(exc)

    def _on_lost(self, exc: Exception | None) -> None:
        if self.closed:
            return
        cause = f": {exc}" if exc else ""
        if not self._handshake_done and self._answered == 0 and not self.settings.security.uses_tls:
            self._abort(
                SecurityProtocolMismatchError(
                    f"Broker {self.broker} closed the connection before answering ApiVersions{cause}. The "
                    "listener probably expects TLS (SSL or SASL_SSL): check the security protocol and port."
                )
            )
            return
        hint = ""
        if self._answered <= 1 and not self.settings.security.uses_sasl:
            hint = " If this happens right after connecting, the listener may require SASL."
        self._abort(KafkaConnectionError(f"Lost the connection to broker {self.broker}{cause}.{hint}"))

    # -- closing ----------------------------------------------------------------------------
    def _raise_if_closed(self) -> None:
        reason = self._close_error
        if reason is not None:
            if type(reason) is KafkaConnectionError:
                raise KafkaConnectionError(reason.message) from reason
            message = f"The connection to broker {self.broker} was closed after an error: {reason}"
            raise KafkaConnectionError(message) from reason

    def _abort(
        self, error: KafkaExplorerError, *, graceful: bool = False, also: _Waiting | None = None
    ) -> None:
        """Fail every waiting request with ``error`` and drop the socket; idempotent."""
        if self._close_error is not None:
            return
        self._close_error = error
        pending = [also, *self._waiting] if also is not None else list(self._waiting)
        self._waiting.clear()
        for waiting in pending:
            if waiting is not None and not waiting.future.done():
                waiting.future.set_exception(error)
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()
        if self._reauth_task is not None and not self._reauth_task.done():
            self._reauth_task.cancel()
        self._open_gate.set()
        protocol = self._protocol
        if protocol is not None:
            protocol.stop()
            if protocol.transport is not None:
                protocol.transport.close() if graceful else protocol.transport.abort()
        callbacks, self._close_callbacks = self._close_callbacks, []
        for callback in callbacks:
            callback(self)


async def connect(
    host: str,
    port: int,
    settings: ConnectionSettings,
    *,
    node_id: int | None = None,
    ssl_context: Any = None,
) -> BrokerConnection:
    """Open, negotiate versions with and authenticate to one broker, within the connect timeout.

    ``ssl_context`` is required when the security protocol uses TLS (build it once per client
    with ``protocol.tls.build_ssl_context``).
    """
    conn = BrokerConnection(host, port, settings, node_id)
    stage = "connecting"
    try:
        async with asyncio.timeout(settings.connect_timeout_s):
            await conn._open(ssl_context if settings.security.uses_tls else None)
            stage = "waiting for its ApiVersions response"
            await conn._negotiate()
            if settings.security.uses_sasl:
                stage = "authenticating"
                await conn._authenticate()
            conn._finish_handshake()
    except TimeoutError:
        await conn.close()
        raise KafkaTimeoutError(
            f"Connecting to broker {conn.broker} timed out after {settings.connect_timeout_s:g} s "
            f"while {stage}"
        ) from None
    except BaseException:
        await conn.close()
        raise
    return conn
