"""One open cluster: its client, its state, its models, and the work running for it.

A :class:`ClusterSession` connects, loads the cluster in batches (see :mod:`explorer.loader`) and
performs topic changes. It emits plain signals; the models it owns adapt the data for views.
Every task it starts is kept, and cancelled by :meth:`ClusterSession.close`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from explorer import loader, topic_ops
from explorer.backend import ClusterBackend
from explorer.backend.admin import AdminBackend
from explorer.clusterdata import ClusterSummary, NewTopic
from explorer.models.brokers import BrokersModel
from explorer.models.topics import TopicsModel
from explorer.overview import ClusterFacts
from explorer.tasks import TaskSet
from protocol.client import ClientConfig, KafkaClient

log = logging.getLogger(__name__)
T = TypeVar("T")
CONNECTING, LOADING, CONNECTED, FAILED, CLOSED = "connecting", "loading", "connected", "failed", "closed"


class ClusterSession(QObject):
    """A named connection to one cluster."""

    state_changed = Signal(str)
    """The state (``connecting``, ``loading``, ``connected``, ``failed``, ``closed``) changed."""
    summary_changed = Signal()
    """The cluster id, controller or brokers changed (see :attr:`summary`)."""
    progress = Signal(str, int, int)
    """A load step, how much of it is done and its total (0 total: not measurable yet)."""
    load_finished = Signal()
    """A full load or refresh completed (successfully)."""
    topic_changed = Signal(str)
    """This topic was created or changed: its detail views should reload."""
    topic_removed = Signal(str)
    """This topic was deleted."""

    def __init__(
        self,
        name: str,
        config: ClientConfig,
        *,
        parent: QObject | None = None,
        backend_factory: Callable[[KafkaClient], ClusterBackend] = AdminBackend,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.config = config
        self.client = KafkaClient(config)
        self.backend: ClusterBackend = backend_factory(self.client)
        self.topics = TopicsModel(self)
        self.brokers = BrokersModel(self)
        self.summary: ClusterSummary | None = None
        self.state = CONNECTING
        self.error: str | None = None
        self.loaded_at: float | None = None
        self.load_seconds: float | None = None
        self.tasks = TaskSet(f"session {name}")
        self._load_task: asyncio.Task[None] | None = None

    @property
    def bootstrap(self) -> str:
        servers = self.config.bootstrap_servers
        return servers if isinstance(servers, str) else ",".join(servers)

    # -- life cycle -------------------------------------------------------------------------
    def open(self) -> asyncio.Task[None]:
        """Connect and load everything; returns the task (its failure also sets ``failed``)."""
        return self.refresh()

    def refresh(self) -> asyncio.Task[None]:
        """(Re)load brokers, topics, counts and sizes; a refresh already running is replaced."""
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()
        self._load_task = self.tasks.start(self._load(), name=f"load {self.name}")
        return self._load_task

    async def close(self) -> None:
        """Cancel everything running for this cluster and close its connections."""
        await self.tasks.wait_cancelled()
        await self.client.close()
        self._set_state(CLOSED)

    # -- topic changes (each raises on failure, with a sentence) ----------------------------
    async def create_topic(self, topic: NewTopic) -> None:
        row = await self._run(topic_ops.create_topic(self.backend, topic))
        self.topics.merge([row])
        self.topics.set_messages({row.name: 0})
        self.topic_changed.emit(topic.name)

    async def delete_topic(self, name: str) -> None:
        await self._run(topic_ops.delete_topic(self.backend, name))
        self.topics.keep_only(set(self.topics.names()) - {name})
        self.topic_removed.emit(name)

    async def add_partitions(self, name: str, total: int) -> None:
        row = await self._run(topic_ops.add_partitions(self.backend, name, total))
        self.topics.merge([row])
        self.topic_changed.emit(name)

    async def alter_config(self, topic: str, key: str, value: str | None) -> None:
        await self._run(self.backend.alter_topic_config(topic, key, value))
        self.topic_changed.emit(topic)

    async def topic_detail(self, name: str) -> topic_ops.TopicDetail:
        detail = await self._run(topic_ops.load_topic_detail(self.backend, name))
        self.topics.merge([detail.row])
        self.topics.set_messages({name: detail.row.messages})
        self.topics.set_sizes({name: detail.row.size})
        return detail

    async def _run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` as a task of this session, so closing the session cancels it."""
        return await self.tasks.start(work)

    # -- loading ----------------------------------------------------------------------------
    async def _load(self) -> None:
        began = time.monotonic()
        try:
            if self.summary is None:
                self._set_state(CONNECTING)
                await self.client.start()
            self._set_state(LOADING)
            async for event in loader.load_cluster(self.backend):
                self._apply(event)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # every failure becomes the session's state
            log.info("Loading %s failed: %s", self.name, exc)
            self.error = str(exc)
            self._set_state(FAILED)
            return
        self.loaded_at, self.load_seconds = time.time(), time.monotonic() - began
        self.error = None
        self._set_state(CONNECTED)
        self.load_finished.emit()

    def _apply(self, event: loader.LoadEvent) -> None:
        if isinstance(event, loader.Progress):
            self.progress.emit(event.stage, event.done, event.total)
        elif isinstance(event, loader.TopicsBatch):
            self.topics.merge(event.rows)
        elif isinstance(event, loader.CountsBatch):
            self.topics.set_messages(event.messages)
        elif isinstance(event, loader.SizesBatch):
            self.topics.set_sizes(event.sizes)
        else:
            self.summary = event.summary
            self.brokers.set_rows(event.summary.brokers)
            self.topics.keep_only(set(event.meta.topics))
            self.summary_changed.emit()

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)


def facts_of(session: ClusterSession) -> ClusterFacts:
    """The session's current picture as plain values, for the overview page."""
    rows = session.topics.rows
    counts = [r.messages for r in rows]
    sizes = [r.size for r in rows]
    summary = session.summary
    return ClusterFacts(
        session.name,
        session.state,
        session.bootstrap,
        session.error,
        summary.cluster_id if summary else None,
        summary.controller_id if summary else None,
        len(session.brokers.rows),
        len(rows),
        sum(1 for r in rows if r.internal),
        sum(r.partitions for r in rows),
        None if not rows or None in counts else sum(c or 0 for c in counts),
        None if not rows or None in sizes else sum(s or 0 for s in sizes),
        session.loaded_at,
        session.load_seconds,
    )
