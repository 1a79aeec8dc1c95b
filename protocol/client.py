"""The cluster client: bootstrap, metadata, routing requests to brokers, retries, coordinators.

``KafkaClient`` speaks raw API bodies (dicts); the admin and consumer operations of the explorer
are built on top of ``send`` and ``retry``. Everything it opens, ``close()`` closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from protocol.codec import ApiKey
from protocol.connection import BrokerConnection, ConnectionSettings
from protocol.coordinator import CoordinatorCache, coordinator_from_response, find_coordinator_request
from protocol.errors import (
    COORDINATOR_REFRESH_CODES,
    KafkaApiError,
    KafkaConnectionError,
    KafkaExplorerError,
    KafkaTimeoutError,
    TlsError,
)
from protocol.metadata import BrokerInfo, ClusterMetadata, metadata_request
from protocol.pool import ConnectionPool, Purpose
from protocol.retry import Backoff, check_error, is_retriable, retry
from protocol.security import SecurityConfig
from protocol.versions import NegotiatedVersions

T = TypeVar("T")
Body = Mapping[str, Any] | Callable[[int], Mapping[str, Any]]
"""A request body, or a function building it for the negotiated version."""

DEFAULT_PORT = 9092


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """How to reach a cluster and how patient to be with it."""

    bootstrap_servers: list[str] | str
    client_id: str = "kafka-explorer"
    security: SecurityConfig = field(default_factory=SecurityConfig)
    request_timeout_s: float = 30.0
    connect_timeout_s: float = 10.0
    metadata_max_age_s: float = 300.0
    metadata_min_refresh_interval_s: float = 1.0
    """Error-triggered refreshes are at least this far apart (explicit ones are not limited)."""
    reconnect_backoff_s: float = 0.1
    reconnect_backoff_max_s: float = 5.0
    retry_attempts: int = 5

    def addresses(self) -> list[tuple[str, int]]:
        """The bootstrap servers as (host, port), in the order given."""
        raw = self.bootstrap_servers
        items = raw.split(",") if isinstance(raw, str) else raw
        addresses = [parse_address(item) for item in items if item.strip()]
        if not addresses:
            raise ValueError("bootstrap_servers is empty")
        return addresses


def parse_address(text: str) -> tuple[str, int]:
    """``host:port``, ``[v6::addr]:port`` or a bare host (port 9092)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.lstrip(":")
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host, port = text, ""
    if not host:
        raise ValueError(f"no host in broker address {text!r}")
    try:
        return host, int(port) if port else DEFAULT_PORT
    except ValueError:
        raise ValueError(f"bad port in broker address {text!r}") from None


class KafkaClient:
    """A connection to one cluster: ``await start()``, use it, ``await close()``."""

    def __init__(self, config: ClientConfig) -> None:
        self.config = config
        self._bootstrap = config.addresses()
        self._backoff = Backoff(config.reconnect_backoff_s, config.reconnect_backoff_max_s)
        self._settings = ConnectionSettings(config.client_id, config.security,
                                            config.connect_timeout_s, config.request_timeout_s)  # fmt: skip
        self._pool: ConnectionPool | None = None
        self._cluster = ClusterMetadata(None, -1, {}, {})
        self._full_refresh_at = -math.inf
        self._topic_refresh_at: dict[str, float] = {}
        self._last_refresh_done = -math.inf
        self._refreshing: dict[frozenset[str] | None, asyncio.Task[ClusterMetadata]] = {}
        self._coordinators = CoordinatorCache()
        self._closed = False

    # -- life cycle -------------------------------------------------------------------------
    async def start(self) -> ClusterMetadata:
        """Connect to the first bootstrap server that answers and load the cluster metadata.

        Raises the first bootstrap server's error if none answers (the others are added to it
        as notes), so a wrong password or CA is reported as such, not as "no broker".
        """
        if self._closed:
            raise KafkaConnectionError("The client is closed")
        if self._pool is None:
            self._pool = ConnectionPool(self._settings, self._backoff)
        return await self._bootstrap_metadata(None)

    async def close(self) -> None:
        """Stop refreshes and close every connection; nothing of the client survives this."""
        self._closed = True
        tasks = list(self._refreshing.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._pool is not None:
            await self._pool.close()

    async def __aenter__(self) -> KafkaClient:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def cluster(self) -> ClusterMetadata:
        """The latest metadata snapshot (possibly stale; ``metadata()`` refreshes it)."""
        return self._cluster

    # -- metadata ---------------------------------------------------------------------------
    async def metadata(self, topics: Iterable[str] | None = None, refresh: bool = False) -> ClusterMetadata:
        """Cluster metadata, from the cache when younger than ``metadata_max_age_s``.

        With ``topics`` only those topics are returned (unknown ones carry their error);
        ``refresh=True`` asks a broker now. Concurrent refreshes share one request.
        """
        names = None if topics is None else list(dict.fromkeys(topics))
        if not refresh:
            cached = self._cached(names)
            if cached is not None:
                return cached
        return await self._refresh(names, triggered=False)

    async def refresh_metadata(self, topics: Iterable[str] | None = None) -> ClusterMetadata:
        """A refresh triggered by an error: shared, and no sooner than the minimum interval."""
        return await self._refresh(None if topics is None else list(dict.fromkeys(topics)), triggered=True)

    async def leader_for(self, topic: str, partition: int) -> int:
        """The leader's node id, fetching metadata for the topic if it is not cached."""
        meta = await self.metadata([topic])
        return meta.leader_for(topic, partition)

    def _cached(self, names: list[str] | None) -> ClusterMetadata | None:
        now = time.monotonic()
        max_age = self.config.metadata_max_age_s
        if names is None:
            return self._cluster if now - self._full_refresh_at < max_age else None
        for name in names:
            fetched = max(self._full_refresh_at, self._topic_refresh_at.get(name, -math.inf))
            if name not in self._cluster.topics or now - fetched >= max_age:
                return None
        return self._cluster.subset(names)

    async def _refresh(self, names: list[str] | None, *, triggered: bool) -> ClusterMetadata:
        self._check_started()
        key = None if names is None else frozenset(names)
        task = self._refreshing.get(None) or self._refreshing.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._do_refresh(names, triggered),
                                                          name="metadata refresh")  # fmt: skip
            self._refreshing[key] = task
            task.add_done_callback(lambda t: self._refresh_done(key, t))
        meta = await asyncio.shield(task)
        return meta if names is None else meta.subset(names)

    def _refresh_done(self, key: frozenset[str] | None, task: asyncio.Task[ClusterMetadata]) -> None:
        if self._refreshing.get(key) is task:
            del self._refreshing[key]
        if not task.cancelled():
            task.exception()

    async def _do_refresh(self, names: list[str] | None, triggered: bool) -> ClusterMetadata:
        if triggered:
            wait = self._last_refresh_done + self.config.metadata_min_refresh_interval_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        try:
            return await self._fetch_metadata(names)
        finally:
            self._last_refresh_done = time.monotonic()

    async def _fetch_metadata(self, names: list[str] | None) -> ClusterMetadata:
        errors: list[KafkaExplorerError] = []
        for node_id in self._ranked_nodes():
            try:
                conn = await self._get_pool().get(node_id, "admin")
                return self._install(await self._metadata_from(conn, names), names)
            except (KafkaConnectionError, KafkaTimeoutError) as exc:
                errors.append(exc)
        try:
            return await self._bootstrap_metadata(names)  # every known broker failed: re-bootstrap
        except KafkaExplorerError as exc:
            raise _first_error([*errors, exc]) from None

    async def _bootstrap_metadata(self, names: list[str] | None) -> ClusterMetadata:
        pool = self._get_pool()
        errors: list[KafkaExplorerError] = []
        for host, port in self._bootstrap:
            try:
                conn = await pool.open_address(host, port)
            except KafkaExplorerError as exc:
                errors.append(exc)
                continue
            try:
                meta = self._install(await self._metadata_from(conn, names), names)
            except KafkaExplorerError as exc:
                errors.append(exc)
                await conn.close()
                continue
            node = next((b.node_id for b in meta.brokers.values() if (b.host, b.port) == (host, port)), None)
            if node is None or not pool.adopt(conn, node, "admin"):
                await conn.close()
            return meta
        raise _first_error(errors)

    async def _metadata_from(self, conn: BrokerConnection, names: list[str] | None) -> ClusterMetadata:
        version = conn.api_version(ApiKey.METADATA)
        response = await conn.request(ApiKey.METADATA, metadata_request(version, names))
        assert response is not None
        check_error(response.get("error_code", 0), context=f"Metadata from broker {conn.broker}")
        return ClusterMetadata.from_response(response)

    def _install(self, meta: ClusterMetadata, names: list[str] | None) -> ClusterMetadata:
        """Take a fresh response into the cache; returns the full cache or the asked-for topics."""
        now = time.monotonic()
        pool = self._get_pool()
        for broker in meta.brokers.values():
            pool.set_address(broker.node_id, broker.host, broker.port)
        if names is None:
            self._cluster, self._full_refresh_at = meta, now
            self._topic_refresh_at.clear()
            return meta
        good = {n: t for n, t in meta.topics.items() if t.error is None}
        gone = {n for n, t in meta.topics.items() if t.error is not None}
        kept = {n: t for n, t in self._cluster.topics.items() if n not in gone}
        old = self._cluster
        base = ClusterMetadata(old.cluster_id, old.controller_id, old.brokers, kept)
        self._cluster = base.merged(ClusterMetadata(meta.cluster_id, meta.controller_id, meta.brokers, good))
        for name in good:
            self._topic_refresh_at[name] = now
        return meta

    # -- requests ---------------------------------------------------------------------------
    async def send(
        self,
        node_id: int,
        api_key: int,
        body: Body,
        *,
        timeout: float | None = None,
        purpose: Purpose = "admin",
        version: int | None = None,
    ) -> dict[str, Any]:
        """Send one request to broker ``node_id`` on its ``purpose`` connection; returns the body.

        ``body`` may be a function of the negotiated version. ``version`` pins a version (it
        must be one both sides speak). A Produce with acks=0 returns ``{}`` (no response).
        """
        conn = await self._get_pool().get(node_id, purpose)
        return await self._request(conn, api_key, body, timeout, version)

    async def send_any(
        self, api_key: int, body: Body, *, timeout: float | None = None, version: int | None = None
    ) -> dict[str, Any]:
        """Send to the least-loaded reachable broker (for requests any broker can answer).

        Only failures to *connect* move on to the next broker; once written, a request is not
        sent again, since it may not be idempotent.
        """
        errors: list[KafkaExplorerError] = []
        for node_id in self._ranked_nodes():
            try:
                conn = await self._get_pool().get(node_id, "admin")
            except (KafkaConnectionError, KafkaTimeoutError) as exc:
                errors.append(exc)
                continue
            return await self._request(conn, api_key, body, timeout, version)
        if not errors:
            raise KafkaConnectionError("No broker is known; call start() first")
        raise _first_error(errors)

    async def _request(
        self, conn: BrokerConnection, api_key: int, body: Body, timeout: float | None, version: int | None
    ) -> dict[str, Any]:
        chosen = conn.api_version(api_key) if version is None else conn.versions.check(api_key, version)
        payload = body(chosen) if callable(body) else body
        response = await conn.request(api_key, payload, version=chosen, timeout=timeout)
        return {} if response is None else response

    def api_version(self, node_id: int, api_key: int) -> int:
        """The version ``send`` would use for ``api_key`` with ``node_id``.

        Known once any connection to the node has been made (``await api_versions(node_id)``
        makes one); raises ``KafkaConnectionError`` before that.
        """
        versions = self._get_pool().versions.get(node_id)
        if versions is None:
            raise KafkaConnectionError(f"No connection to broker node {node_id} has been made yet")
        return versions.version(api_key)

    async def api_versions(self, node_id: int) -> NegotiatedVersions:
        """What ``node_id`` speaks, connecting to it if needed."""
        return (await self._get_pool().get(node_id, "admin")).versions

    def connection(self, node_id: int, purpose: Purpose = "admin") -> BrokerConnection | None:
        """The open connection to ``node_id`` for ``purpose``, if any (for diagnostics and tests)."""
        return self._get_pool().connection(node_id, purpose)

    def _ranked_nodes(self) -> list[int]:
        """Known brokers, best first: connected, not backing off, least loaded, random."""
        pool = self._get_pool()
        nodes = set(self._cluster.brokers) | set(pool.addresses)

        def rank(node: int) -> tuple[bool, bool, int, float]:
            connected = pool.connection(node, "admin") is not None
            return (not connected, pool.backoff_remaining(node) > 0, pool.load(node), random.random())

        return sorted(nodes, key=rank)

    # -- retries ----------------------------------------------------------------------------
    async def retry(
        self,
        op: Callable[[], Awaitable[T]],
        *,
        attempts: int | None = None,
        on: Callable[[BaseException], bool] = is_retriable,
        coordinator_key: str | None = None,
    ) -> T:
        """Run ``op`` again after retriable errors, with backoff, at most ``attempts`` times.

        Before each retry, metadata is refreshed after codes 3, 5, 6, 74, 75, 100, 103 and after
        lost connections, and the coordinator of ``coordinator_key`` is forgotten after 14-16.
        """

        async def before_retry(exc: BaseException) -> None:
            if isinstance(exc, KafkaApiError):
                if exc.needs_coordinator_refresh and coordinator_key is not None:
                    self._coordinators.forget_key(coordinator_key)
                if exc.needs_metadata_refresh:
                    await self._refresh_quietly()
            elif isinstance(exc, KafkaConnectionError | KafkaTimeoutError):
                if coordinator_key is not None:
                    self._coordinators.forget_key(coordinator_key)
                await self._refresh_quietly()

        return await retry(op, attempts=attempts or self.config.retry_attempts, backoff=self._backoff,
                           on=on, before_retry=before_retry)  # fmt: skip

    async def _refresh_quietly(self) -> None:
        with contextlib.suppress(KafkaExplorerError):  # the next attempt fails and retries anyway
            await self.refresh_metadata()

    # -- coordinators -----------------------------------------------------------------------
    async def find_coordinator(
        self, group_id: str, *, key_type: int = 0, refresh: bool = False
    ) -> BrokerInfo:
        """The coordinator of a group (``key_type`` 0) or transactional id (1), cached.

        Retries while the coordinator is loading or not available yet (a new cluster creates
        ``__consumer_offsets`` on the first lookup).
        """
        if not refresh:
            cached = self._coordinators.get(key_type, group_id)
            if cached is not None:
                return cached

        async def lookup() -> BrokerInfo:
            body = find_coordinator_request(key_type, group_id)
            response = await self.send_any(ApiKey.FIND_COORDINATOR, body)
            return coordinator_from_response(response, group_id)

        broker = await self.retry(lookup, attempts=max(self.config.retry_attempts, 8))
        pool = self._get_pool()
        if broker.node_id not in pool.addresses:
            pool.set_address(broker.node_id, broker.host, broker.port)
        self._coordinators.put(key_type, group_id, broker)
        return broker

    def invalidate_coordinator(self, group_id: str, *, key_type: int = 0) -> None:
        """Forget the cached coordinator (after NOT_COORDINATOR and friends)."""
        self._coordinators.forget(key_type, group_id)

    async def send_coordinator(
        self,
        group_id: str,
        api_key: int,
        body: Body,
        *,
        key_type: int = 0,
        timeout: float | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """Send to the coordinator of ``group_id`` on its own "coordinator" connection.

        The cached coordinator is forgotten when the connection fails or the answer carries
        code 14, 15 or 16 (at the top level or for a group in ``groups``), so that the next
        attempt (e.g. under ``retry(..., coordinator_key=group_id)``) looks it up again. The
        response is returned as it is: checking its error codes is the caller's business.
        """
        broker = await self.find_coordinator(group_id, key_type=key_type)
        try:
            response = await self.send(broker.node_id, api_key, body, timeout=timeout,
                                       purpose="coordinator", version=version)  # fmt: skip
        except (KafkaConnectionError, KafkaTimeoutError):
            self.invalidate_coordinator(group_id, key_type=key_type)
            raise
        codes = {response.get("error_code")} | {g.get("error_code") for g in response.get("groups") or ()}
        if codes & COORDINATOR_REFRESH_CODES:
            self.invalidate_coordinator(group_id, key_type=key_type)
        return response

    # -- helpers ----------------------------------------------------------------------------
    def _get_pool(self) -> ConnectionPool:
        self._check_started()
        assert self._pool is not None
        return self._pool

    def _check_started(self) -> None:
        if self._closed:
            raise KafkaConnectionError("The client is closed")
        if self._pool is None:
            raise KafkaConnectionError("The client is not started; call await client.start() first")


def _first_error(errors: list[KafkaExplorerError]) -> KafkaExplorerError:
    """The first error, with the others attached as notes (configuration errors come first)."""
    if not errors:
        return KafkaConnectionError("No bootstrap server is configured")
    ordered = sorted(errors, key=_is_reachability_error)
    first = ordered[0]
    for other in ordered[1:]:
        first.add_note(f"also: {other}")
    return first


def _is_reachability_error(error: KafkaExplorerError) -> bool:
    """Timeouts and refused/lost connections, as opposed to TLS or credential problems."""
    if isinstance(error, KafkaTimeoutError):
        return True
    return isinstance(error, KafkaConnectionError) and not isinstance(error, TlsError)
