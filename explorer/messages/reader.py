"""Reading partitions into a :class:`~explorer.messages.store.MessageStore`, never in a group.

A :class:`TopicReader` runs a :class:`~protocol.consumer.PartitionFetcher` from given offsets
and appends each chunk to the store. It keeps the next offset of every partition, so pausing
is just stopping the task, and resuming starts another reader from those positions: no gap and
no duplicate. The fetch sizes are kept small so one response decodes within a frame or two.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from explorer.messages.store import MessageStore
from protocol.consumer import FetchChunk, PartitionFetcher
from protocol.topic_partition import TopicPartition

if TYPE_CHECKING:
    from protocol.client import KafkaClient

FETCH_MAX_BYTES = 1024 * 1024
PARTITION_MAX_BYTES = 512 * 1024
TAIL_MAX_WAIT_MS = 250
YIELD_AFTER_S = 0.008
"""Give the event loop a turn when appending has run this long without one."""


class TopicReader:
    """Appends the records of some partitions to a store from ``starts`` up to ``ends`` (or forever)."""

    def __init__(
        self,
        client: KafkaClient,
        store: MessageStore,
        starts: Mapping[TopicPartition, int],
        ends: Mapping[TopicPartition, int] | None,
        *,
        on_chunk: Callable[[FetchChunk], None] | None = None,
    ) -> None:
        self._client = client
        self._store = store
        self.positions: dict[TopicPartition, int] = dict(starts)
        """The next offset to read, per partition (updated as chunks arrive)."""
        self.ends = None if ends is None else dict(ends)
        self._on_chunk = on_chunk
        self.received = 0
        self.high_watermarks: dict[TopicPartition, int] = {}

    @property
    def tailing(self) -> bool:
        return self.ends is None

    def pending(self) -> dict[TopicPartition, int]:
        """The partitions still to read and where from (all of them when tailing)."""
        if self.ends is None:
            return dict(self.positions)
        return {tp: o for tp, o in self.positions.items() if o < self.ends.get(tp, o)}

    async def run(self) -> None:
        """Read until every partition reached its end (never, when tailing)."""
        starts = self.pending()
        if not starts:
            return
        ends = None if self.ends is None else {tp: self.ends[tp] for tp in starts}
        fetcher = PartitionFetcher(
            self._client,
            starts,
            stop_at_end=False,
            end_offsets=ends,
            max_wait_ms=TAIL_MAX_WAIT_MS,
            max_bytes=FETCH_MAX_BYTES,
            partition_max_bytes=PARTITION_MAX_BYTES,
        )
        turn = time.monotonic()
        async with fetcher:
            async for chunk in fetcher:
                self._take(chunk)
                if time.monotonic() - turn > YIELD_AFTER_S:
                    await asyncio.sleep(0)
                    turn = time.monotonic()

    def _take(self, chunk: FetchChunk) -> None:
        self.received += self._store.append_chunk(chunk)
        self.positions[chunk.tp] = chunk.next_offset
        self.high_watermarks[chunk.tp] = chunk.high_watermark
        if self._on_chunk is not None:
            self._on_chunk(chunk)
