"""Reading a topic for the message page: start, pause, resume, clear, search, go to offset.

:class:`MessageReading` owns the stores and the tasks that fill them; the page only calls it
and follows its signals. A read resolves a :class:`~explorer.messages.seek.ReadPlan`, then a
:class:`~explorer.messages.reader.TopicReader` appends to a fresh store that the
:class:`~explorer.models.messages.MessagesModel` shows. Pausing stops the reader and keeps its
positions; resuming reads on from them. A whole-topic search fills a second store with hits,
shown instead of the loaded rows until :meth:`show_loaded`. Nothing here joins a group.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from explorer.messages.hits import HitCollector
from explorer.messages.reader import TopicReader
from explorer.messages.seek import ReadPlan, StartAt, resolve
from explorer.messages.store import MessageStore
from explorer.models.messages import MessagesModel
from explorer.tasks import TaskSet
from protocol.client import KafkaClient
from protocol.errors import KafkaExplorerError
from protocol.search import SearchProgress, TopicSearch

log = logging.getLogger(__name__)

IDLE, RESOLVING, READING, TAILING, PAUSED, DONE, FAILED = (
    "idle",
    "resolving",
    "reading",
    "tailing",
    "paused",
    "done",
    "failed",
)
SEARCH_RUNNING, SEARCH_DONE, SEARCH_CANCELLED, SEARCH_FAILED = "running", "done", "cancelled", "failed"
_HIT_FLUSH_S = 0.075


class MessageReading(QObject):
    """The reading state of one message page."""

    state_changed = Signal(str)
    """``idle``, ``resolving``, ``reading``, ``tailing``, ``paused``, ``done`` or ``failed``."""
    failed = Signal(str)
    """A read failed; the sentence says why."""
    search_changed = Signal(str, int, int, int)
    """Search state (``running``, ``done``, ``cancelled``, ``failed``), scanned, total, matches."""
    search_failed = Signal(str)
    showing_changed = Signal(bool)
    """True when the table shows search hits, False for the loaded rows."""

    def __init__(
        self, client: KafkaClient, topic: str, model: MessagesModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.topic = topic
        self.model = model
        self.loaded = model.store
        self.hits: MessageStore | None = None
        self.plan: ReadPlan | None = None
        self.reader: TopicReader | None = None
        self.state = IDLE
        self.error: str | None = None
        self.tasks = TaskSet(f"messages {topic}")
        self._read_task: asyncio.Task[None] | None = None
        self._search_task: asyncio.Task[None] | None = None
        self.search: TopicSearch | None = None
        self._search_total = 0

    # -- reading ----------------------------------------------------------------------------
    def start(self, plan: ReadPlan) -> asyncio.Task[None]:
        """Read ``plan`` into a new store (the previous read stops, its rows go)."""
        self._cancel_read()
        self.plan = plan
        old = self.loaded
        self.loaded = MessageStore(self.topic)
        self._show(self.loaded)
        old.close()
        self.reader = None
        self._set_state(RESOLVING)
        return self._launch(self._read(plan))

    def pause(self) -> None:
        if self._read_task is not None and not self._read_task.done():
            self._cancel_read()
            self._set_state(PAUSED)

    def resume(self) -> asyncio.Task[None] | None:
        if self.state != PAUSED or self.reader is None:
            return None
        return self._launch(self._run_reader(self.reader))

    def clear(self) -> None:
        """Forget the loaded rows; a tail goes on."""
        if self.model.store is self.loaded:
            self.model.clear()
        else:
            self.loaded.clear()

    def shutdown(self) -> None:
        """Stop everything and delete the stores' files; the table shows an empty store."""
        self.tasks.cancel_all()
        self._read_task = self._search_task = None
        stores = [self.loaded, self.hits]
        self.loaded, self.hits = MessageStore(self.topic), None
        self.model.set_store(self.loaded)
        for store in stores:
            if store is not None:
                store.close()

    @property
    def running(self) -> bool:
        return self._read_task is not None and not self._read_task.done()

    def go_to(self, partition: int, offset: int, *, tail: bool = False) -> int | None:
        """The table row of a loaded record, or None after starting a read of that partition there."""
        row = self.loaded.find(partition, offset)
        if row is not None:
            if self.model.store is not self.loaded:
                self.show_loaded()
            self.model.tick()
            return self.model.table_row(row)
        self.start(ReadPlan(self.topic, StartAt.OFFSET, offset, (partition,), tail))
        return None

    # -- searching --------------------------------------------------------------------------
    def search_topic(
        self, text: str, *, regex: bool = False, partitions: tuple[int, ...] | None = None
    ) -> asyncio.Task[None]:
        """Search the whole topic (or some partitions) for ``text``; hits replace the table."""
        self.cancel_search()
        if self.hits is not None:
            self.hits.close()
        self.hits = MessageStore(self.topic)
        collector = HitCollector(self.hits)
        needle: str | re.Pattern[str] = re.compile(text) if regex else text
        self.search = TopicSearch(
            self.client,
            self.topic,
            needle,
            ignore_case=True,
            partitions=partitions,
            on_progress=self._search_progress,
        )
        self._show(self.hits)
        self._search_task = self.tasks.start(self._search(self.search, collector), name="search")
        return self._search_task

    def cancel_search(self) -> None:
        if self._search_task is not None and not self._search_task.done():
            self._search_task.cancel()
            search = self.search
            if search is not None:
                self.search_changed.emit(SEARCH_CANCELLED, search.scanned, self._search_total, search.matches)

    def show_loaded(self) -> None:
        self.cancel_search()
        self._show(self.loaded)

    @property
    def showing_hits(self) -> bool:
        return self.hits is not None and self.model.store is self.hits

    # -- internals --------------------------------------------------------------------------
    def _show(self, store: MessageStore) -> None:
        if self.model.store is not store:
            self.model.set_store(store)
            self.showing_changed.emit(store is self.hits)

    def _launch(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        self._read_task = self.tasks.start(work, name=f"read {self.topic}")
        return self._read_task

    def _cancel_read(self) -> None:
        if self._read_task is not None and not self._read_task.done():
            self._read_task.cancel()
        self._read_task = None

    async def _read(self, plan: ReadPlan) -> None:
        try:
            positions = await resolve(self.client, plan)
        except (KafkaExplorerError, ValueError) as exc:
            self._fail(exc)
            return
        store = self.loaded
        self.reader = TopicReader(
            self.client, store, positions.starts, positions.ends, on_chunk=lambda _chunk: self._arrived(store)
        )
        await self._run_reader(self.reader)

    async def _run_reader(self, reader: TopicReader) -> None:
        self._set_state(TAILING if reader.tailing else READING)
        try:
            await reader.run()
        except (KafkaExplorerError, OSError) as exc:
            self._fail(exc)
            return
        self._arrived(self.loaded)
        self._set_state(DONE)

    def _arrived(self, store: MessageStore) -> None:
        if self.model.store is store:
            self.model.notify()

    async def _search(self, search: TopicSearch, collector: HitCollector) -> None:
        self._search_total = 0
        self.search_changed.emit(SEARCH_RUNNING, 0, 0, 0)
        flushed = time.monotonic()
        try:
            async for hit in search:
                collector.add(hit)
                if time.monotonic() - flushed > _HIT_FLUSH_S:
                    self._flush_hits(collector)
                    flushed = time.monotonic()
        except asyncio.CancelledError:
            self._flush_hits(collector)
            raise
        except (KafkaExplorerError, ValueError) as exc:
            self._search_ended(SEARCH_FAILED, search, collector)
            self.search_failed.emit(str(exc))
            return
        self._search_ended(SEARCH_DONE, search, collector)

    def _search_ended(self, state: str, search: TopicSearch, collector: HitCollector) -> None:
        self._flush_hits(collector)
        self.search_changed.emit(state, search.scanned, self._search_total, search.matches)

    def _flush_hits(self, collector: HitCollector) -> None:
        if collector.flush():
            self._arrived(collector.store)

    def _search_progress(self, progress: SearchProgress) -> None:
        self._search_total = progress.total
        self.search_changed.emit(SEARCH_RUNNING, progress.scanned, progress.total, progress.matches)

    def _fail(self, exc: BaseException) -> None:
        log.info("Reading %s failed: %s", self.topic, exc)
        self.error = str(exc)
        self._set_state(FAILED)
        self.failed.emit(self.error)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)
