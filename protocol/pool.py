"""Connections by (broker, purpose), opened on demand, shared, and re-opened with backoff.

Each purpose gets its own socket to a broker so that a Fetch long-poll (which the broker may
hold for ``max_wait_ms``) never sits in front of an admin or metadata request in the broker's
per-connection queue.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Literal

from protocol.connection import BrokerConnection, ConnectionSettings, connect
from protocol.errors import KafkaConnectionError, KafkaExplorerError
from protocol.retry import Backoff, FailureTracker
from protocol.tls import build_ssl_context
from protocol.versions import NegotiatedVersions

Purpose = Literal["admin", "fetch", "produce", "coordinator"]
PURPOSES: tuple[Purpose, ...] = ("admin", "fetch", "produce", "coordinator")


class ConnectionPool:
    """Owns every broker connection of one client; ``close()`` closes them all."""

    def __init__(self, settings: ConnectionSettings, backoff: Backoff) -> None:
        self.settings = settings
        self.ssl_context: ssl.SSLContext | None = (
            build_ssl_context(settings.security) if settings.security.uses_tls else None
        )
        self.addresses: dict[int, tuple[str, int]] = {}
        self.versions: dict[int, NegotiatedVersions] = {}
        """The last negotiated versions of each node, kept across reconnects."""
        self._failures = FailureTracker(backoff)
        self._connections: dict[tuple[int, Purpose], BrokerConnection] = {}
        self._connecting: dict[tuple[int, Purpose], asyncio.Task[BrokerConnection]] = {}
        self._loose: set[BrokerConnection] = set()
        self._closing: set[asyncio.Task[None]] = set()
        self._closed = False

    def set_address(self, node_id: int, host: str, port: int) -> None:
        """Record where ``node_id`` listens; connections to an old address are closed."""
        if self.addresses.get(node_id) == (host, port):
            return
        self.addresses[node_id] = (host, port)
        for (node, _), conn in list(self._connections.items()):
            if node == node_id:
                self._close_soon(conn)

    def connection(self, node_id: int, purpose: Purpose = "admin") -> BrokerConnection | None:
        """The open connection for (node, purpose), if there is one."""
        conn = self._connections.get((node_id, purpose))
        return conn if conn is not None and not conn.closed else None

    def load(self, node_id: int) -> int:
        """Requests in flight to ``node_id`` over all purposes."""
        return sum(c.in_flight for (n, _), c in self._connections.items() if n == node_id)

    def backoff_remaining(self, node_id: int) -> float:
        return self._failures.wait_time(node_id)

    async def get(self, node_id: int, purpose: Purpose = "admin") -> BrokerConnection:
        """The connection for (node, purpose), opening it (after any backoff) if needed."""
        conn = self.connection(node_id, purpose)
        if conn is not None:
            return conn
        self._check_open()
        key = (node_id, purpose)
        task = self._connecting.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._open(key), name=f"connect {key}")
            self._connecting[key] = task
            task.add_done_callback(lambda t: self._connect_done(key, t))
        # Shielded: one caller giving up must not cancel a connect others are waiting for.
        return await asyncio.shield(task)

    async def open_address(self, host: str, port: int) -> BrokerConnection:
        """A connection to an address with no known node id (bootstrap); the pool tracks it."""
        self._check_open()
        conn = await connect(host, port, self.settings, ssl_context=self.ssl_context)
        self._loose.add(conn)
        conn.on_close(self._loose.discard)
        return conn

    def adopt(self, conn: BrokerConnection, node_id: int, purpose: Purpose = "admin") -> bool:
        """Keep a bootstrap connection as (node, purpose) if that slot is free; True if kept."""
        key = (node_id, purpose)
        if self.connection(node_id, purpose) is not None or key in self._connecting or conn.closed:
            return False
        conn.assign_node(node_id)
        self._register(key, conn)
        self._loose.discard(conn)
        return True

    async def close(self) -> None:
        """Cancel pending connects and close every connection; returns when all sockets are gone."""
        self._closed = True
        tasks = list(self._connecting.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        conns = [*self._connections.values(), *self._loose]
        self._connections.clear()
        self._loose.clear()
        await asyncio.gather(*(c.close() for c in conns), *self._closing, return_exceptions=True)

    # -- internals --------------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise KafkaConnectionError("The client is closed")

    async def _open(self, key: tuple[int, Purpose]) -> BrokerConnection:
        node_id, _ = key
        address = self.addresses.get(node_id)
        if address is None:
            raise KafkaConnectionError(f"Broker node {node_id} is not in the cluster metadata")
        await self._failures.wait(node_id)
        try:
            conn = await connect(*address, self.settings, node_id=node_id, ssl_context=self.ssl_context)
        except KafkaExplorerError:
            self._failures.failed(node_id)
            raise
        self._failures.succeeded(node_id)
        if self._closed:
            await conn.close()
            raise KafkaConnectionError("The client is closed")
        self._register(key, conn)
        return conn

    def _register(self, key: tuple[int, Purpose], conn: BrokerConnection) -> None:
        self._connections[key] = conn
        self.versions[key[0]] = conn.versions
        conn.on_close(lambda c: self._forget(key, c))

    def _forget(self, key: tuple[int, Purpose], conn: BrokerConnection) -> None:
        if self._connections.get(key) is conn:
            del self._connections[key]

    def _connect_done(self, key: tuple[int, Purpose], task: asyncio.Task[BrokerConnection]) -> None:
        if self._connecting.get(key) is task:
            del self._connecting[key]
        if not task.cancelled():
            task.exception()  # retrieved here so an unawaited failure is not logged as lost

    def _close_soon(self, conn: BrokerConnection) -> None:
        task = asyncio.get_running_loop().create_task(conn.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
