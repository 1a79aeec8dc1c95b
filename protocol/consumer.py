"""Reading partitions: Fetch as an async iterator of lazily decoded chunks, without a group.

:class:`PartitionFetcher` reads any set of partitions. Partitions led by the same broker share
one Fetch request; every broker has at most one request in flight, sent again as soon as its
answer arrives (the next offsets come from a walk over batch headers), so the broker works
while the response is decoded and the caller reads it. When a leader moves
(NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, a lost connection...), the partition is fetched
again from its new leader after a metadata refresh, from the same offset. The explorer never
joins a consumer group: it only reads.

    async for chunk in fetch_partition(client, "orders", 0, 42, stop_at_end=True):
        view = chunk.view  # lazy: fields are decoded when asked for
        for i in range(len(view)):
            print(view.offsets[i], view.value(i))

Inside ``async with PartitionFetcher(...)`` (or ``contextlib.aclosing(fetch_partition(...))``),
leaving the loop early ends the requests in flight at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from protocol.codec import ApiKey
from protocol.errors import (
    KafkaApiError,
    KafkaConnectionError,
    KafkaExplorerError,
    KafkaTimeoutError,
    OffsetOutOfRangeError,
    error_for_code,
)
from protocol.fetch_decode import FetchChunk, Row, decode_chunk
from protocol.fetch_wire import FetchTarget, PartitionData, fetch_request, read_fetch_response
from protocol.offsets import EARLIEST, LATEST, list_offsets, watermarks
from protocol.records import IsolationLevel, next_fetch_offset
from protocol.retry import Backoff
from protocol.topic_partition import TopicPartition, group_by_leader, leader_epoch

if TYPE_CHECKING:
    from protocol.client import KafkaClient

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PARTITION_MAX_BYTES",
    "EARLIEST",
    "LATEST",
    "FetchChunk",
    "PartitionFetcher",
    "Row",
    "fetch_partition",
    "fetch_partitions",
]

_BACKOFF_STEPS = 30
"""Failures past this count wait the maximum backoff (and keep ``2**n`` finite)."""
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Per Fetch response (the Java consumer's ``fetch.max.bytes``)."""
DEFAULT_PARTITION_MAX_BYTES = 8 * 1024 * 1024
"""Per partition in a response; the broker still returns a larger first batch whole (KIP-74)."""


@dataclass(slots=True)
class _Cursor:
    """One partition's reading state."""

    tp: TopicPartition
    offset: int
    end: int | None
    failures: int = 0
    failing_since: float = 0.0
    retry_at: float = 0.0


class PartitionFetcher:
    """Fetches a set of partitions from given offsets; iterate it once for :class:`FetchChunk`\\ s.

    ``positions`` maps partitions to a start offset, or to :data:`EARLIEST` / :data:`LATEST`.
    With ``stop_at_end`` the iteration ends once every partition reached the end offset it
    had when iteration began (the high watermark, or the last stable offset for read_committed);
    records written after that are not returned. Otherwise it tails forever. ``end_offsets``
    (exclusive) stops partitions earlier; without ``stop_at_end`` they may lie in the future.

    Errors: ``OffsetOutOfRangeError`` (saying which offsets the partition holds) when a start
    offset is not in the log; authorization and other non-retriable errors as they come; the
    last retriable error when a partition kept failing for ``retry_timeout_s``. Leaving the
    iteration (break, exception, cancellation) or :meth:`close` cancels requests in flight.
    """

    def __init__(
        self,
        client: KafkaClient,
        positions: Mapping[TopicPartition, int],
        *,
        max_wait_ms: int = 500,
        min_bytes: int = 1,
        max_bytes: int = DEFAULT_MAX_BYTES,
        partition_max_bytes: int = DEFAULT_PARTITION_MAX_BYTES,
        isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
        stop_at_end: bool = False,
        end_offsets: Mapping[TopicPartition, int] | None = None,
        include_control: bool = False,
        verify_crc: bool = True,
        eager: bool = False,
        retry_timeout_s: float = 30.0,
    ) -> None:
        self._client = client
        self._start = {TopicPartition(*tp): offset for tp, offset in positions.items()}
        self._explicit_ends = {TopicPartition(*tp): end for tp, end in (end_offsets or {}).items()}
        self._options = dict(
            max_wait_ms=max_wait_ms,
            min_bytes=min_bytes,
            max_bytes=max_bytes,
            isolation=IsolationLevel(isolation),
        )
        self._partition_max_bytes = partition_max_bytes
        self._isolation = IsolationLevel(isolation)
        self._stop_at_end = stop_at_end
        self._include_control = include_control
        self._verify_crc = verify_crc
        self._eager = eager
        self._retry_timeout_s = retry_timeout_s
        self._backoff = Backoff(client.config.reconnect_backoff_s, client.config.reconnect_backoff_max_s)
        self._cursors: dict[TopicPartition, _Cursor] = {}
        self._inflight: dict[int, tuple[asyncio.Task[list[PartitionData]], list[_Cursor]]] = {}
        self._refresh_needed = False
        self._rotation = 0
        self._iterator: AsyncGenerator[FetchChunk, None] | None = None
        self._prepared = False

    # -- public -----------------------------------------------------------------------------
    @property
    def positions(self) -> dict[TopicPartition, int]:
        """The next offset of every partition still being read."""
        return {tp: c.offset for tp, c in self._cursors.items()}

    @property
    def end_offsets(self) -> dict[TopicPartition, int]:
        """With ``stop_at_end``: where each partition still being read stops."""
        return {tp: c.end for tp, c in self._cursors.items() if c.end is not None}

    def __aiter__(self) -> AsyncIterator[FetchChunk]:
        return self.chunks()

    async def __aenter__(self) -> PartitionFetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """End the iteration and cancel the requests in flight; returns once they are gone.

        Inside ``async with``, leaving the block (``break``, an error, a cancellation) does this.
        """
        iterator = self._iterator
        if iterator is not None and not getattr(iterator, "ag_running", False):
            await iterator.aclose()
        await self._cancel_requests()

    async def _cancel_requests(self) -> None:
        tasks = [task for task, _ in self._inflight.values()]
        self._inflight.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def chunks(self) -> AsyncGenerator[FetchChunk, None]:
        """The chunks, in the order responses arrive (per partition, in offset order)."""
        if self._iterator is not None:
            raise RuntimeError("A PartitionFetcher can be iterated only once")
        self._iterator = self._chunks()
        return self._iterator

    async def _chunks(self) -> AsyncGenerator[FetchChunk, None]:
        try:
            await self.prepare()
            while self._cursors:
                await self._refresh_if_needed()
                self._launch()
                if not self._inflight:
                    await asyncio.sleep(self._next_retry_in())
                    continue
                ready = await self._next_responses()
                self._launch()  # the next requests go out before the caller sees these chunks
                for chunk in ready:
                    yield chunk
        finally:
            await self._cancel_requests()

    # -- set-up -----------------------------------------------------------------------------
    async def prepare(self) -> None:
        """Resolve EARLIEST/LATEST start offsets and the end offsets (iterating does it first).

        Afterwards ``positions`` and ``end_offsets`` say what will be read.
        """
        if self._prepared:
            return
        self._prepared = True
        symbolic = {tp: spec for tp, spec in self._start.items() if spec < 0}
        starts = {tp: spec for tp, spec in self._start.items() if spec >= 0}
        if symbolic:
            found = await list_offsets(self._client, symbolic, isolation=self._isolation)
            starts.update({tp: r.offset or 0 for tp, r in found.items()})
        ends: dict[TopicPartition, int | None] = {tp: self._explicit_ends.get(tp) for tp in starts}
        if self._stop_at_end and starts:
            latest = await list_offsets(
                self._client, dict.fromkeys(starts, LATEST), isolation=self._isolation
            )
            for tp, answer in latest.items():
                end, high = ends[tp], answer.offset or 0
                if starts[tp] > high and self._isolation == IsolationLevel.READ_UNCOMMITTED:
                    raise await self._out_of_range(tp, starts[tp])
                ends[tp] = high if end is None else min(end, high)
        for tp, offset in starts.items():
            end = ends[tp]
            if end is None or offset < end:
                self._cursors[tp] = _Cursor(tp, offset, end)

    # -- the loop ---------------------------------------------------------------------------
    async def _refresh_if_needed(self) -> None:
        if not self._refresh_needed:
            return
        self._refresh_needed = False
        topics = sorted({tp.topic for tp in self._cursors})
        with contextlib.suppress(KafkaExplorerError):  # the next fetch fails and retries anyway
            await self._client.refresh_metadata(topics)

    def _launch(self) -> None:
        """Send a Fetch to every broker that leads idle partitions and has none in flight."""
        busy = {c.tp for _, cursors in self._inflight.values() for c in cursors}
        now = time.monotonic()
        idle = [c for c in self._cursors.values() if c.tp not in busy and c.retry_at <= now]
        if not idle:
            return
        meta = self._client.cluster
        by_node, no_leader = group_by_leader(meta, [c.tp for c in idle])
        for tp, error in no_leader.items():
            self._failed(self._cursors[tp], error)
        for node, tps in by_node.items():
            if node in self._inflight:
                continue
            self._rotation += 1
            cut = self._rotation % len(tps)
            cursors = [self._cursors[tp] for tp in tps[cut:] + tps[:cut]]  # fairness under max_bytes
            task = asyncio.get_running_loop().create_task(
                self._fetch(node, cursors), name=f"fetch node {node}"
            )
            self._inflight[node] = (task, cursors)

    async def _fetch(self, node: int, cursors: list[_Cursor]) -> list[PartitionData]:
        meta = self._client.cluster
        targets = [
            FetchTarget(c.tp, c.offset, leader_epoch(meta, c.tp), self._partition_max_bytes) for c in cursors
        ]
        topic_ids = {c.tp.topic: meta.topic_ids.get(c.tp.topic) for c in cursors}

        def body(version: int) -> dict[str, Any]:
            return fetch_request(version, targets, topic_ids, **self._options)  # type: ignore[arg-type]

        timeout = self._options["max_wait_ms"] / 1000 + self._client.config.request_timeout_s
        response = await self._client.send(node, ApiKey.FETCH, body, timeout=timeout, purpose="fetch")
        code = response.get("error_code", 0)
        if code:
            raise error_for_code(code, context=f"Fetch from broker node {node}")
        return read_fetch_response(response, topic_ids)

    async def _next_responses(self) -> list[FetchChunk]:
        tasks = {task: node for node, (task, _) in self._inflight.items()}
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        received: list[tuple[_Cursor, PartitionData, int]] = []
        for task in done:
            _, cursors = self._inflight.pop(tasks[task])
            received.extend(await self._settle(task, cursors))
        self._launch()  # the next requests go out before these responses are decoded
        chunks = []
        for cursor, part, start in received:
            chunk = decode_chunk(part, start, cursor.end, isolation=self._isolation,
                                 include_control=self._include_control, verify_crc=self._verify_crc,
                                 eager=self._eager)  # fmt: skip
            if chunk is not None:
                chunks.append(chunk)
        return chunks

    async def _settle(
        self, task: asyncio.Task[list[PartitionData]], cursors: list[_Cursor]
    ) -> list[tuple[_Cursor, PartitionData, int]]:
        """Move each partition past what one response brought (a walk over batch headers only);
        returns (cursor, data, offset it was read from) to decode. Failed partitions are retried."""
        try:
            parts = {p.tp: p for p in task.result()}
        except (KafkaConnectionError, KafkaTimeoutError) as exc:
            for cursor in cursors:
                self._failed(cursor, exc)
            return []
        except KafkaApiError as exc:
            if not exc.retriable:
                raise
            for cursor in cursors:
                self._failed(cursor, exc)
            return []
        received = []
        for cursor in cursors:
            part = parts.get(cursor.tp)
            if part is None or self._cursors.get(cursor.tp) is not cursor:
                continue
            if part.error_code:
                await self._partition_error(cursor, part.error_code)
                continue
            cursor.failures = 0
            start = cursor.offset
            cursor.offset = next_fetch_offset(part.records, start)
            if cursor.end is not None:
                cursor.offset = min(cursor.offset, cursor.end)
            if cursor.offset > start:
                received.append((cursor, part, start))
            if cursor.end is not None and cursor.offset >= cursor.end:
                del self._cursors[cursor.tp]
        return received

    # -- errors -----------------------------------------------------------------------------
    async def _partition_error(self, cursor: _Cursor, code: int) -> None:
        if code == OffsetOutOfRangeError.default_code:
            raise await self._out_of_range(cursor.tp, cursor.offset)
        error = error_for_code(code, context=f"Fetching {cursor.tp}")
        if not error.retriable:
            raise error
        self._failed(cursor, error)

    def _failed(self, cursor: _Cursor, error: KafkaExplorerError) -> None:
        """Count a retriable failure; raise it once the partition has failed for too long."""
        if not error.retriable:
            raise error
        now = time.monotonic()
        if cursor.failures == 0:
            cursor.failing_since = now
        cursor.failures += 1
        if now - cursor.failing_since > self._retry_timeout_s:
            raise error
        cursor.retry_at = now + self._backoff.delay(min(cursor.failures, _BACKOFF_STEPS))
        if not isinstance(error, KafkaApiError) or error.needs_metadata_refresh:
            self._refresh_needed = True

    def _next_retry_in(self) -> float:
        soonest = min((c.retry_at for c in self._cursors.values()), default=0.0)
        return max(0.0, soonest - time.monotonic())

    async def _out_of_range(self, tp: TopicPartition, offset: int) -> OffsetOutOfRangeError:
        """OFFSET_OUT_OF_RANGE with the partition's actual range in the message."""
        try:
            low, high = (await watermarks(self._client, [tp]))[tp]
        except KafkaExplorerError:
            return OffsetOutOfRangeError(f"asked for offset {offset}", context=f"Fetching {tp}")
        held = (
            f"it holds offsets {low} to {high - 1}"
            if high > low
            else f"it is empty; the next offset is {high}"
        )
        return OffsetOutOfRangeError(f"asked for offset {offset}; {held}", context=f"Fetching {tp}")


async def fetch_partitions(
    client: KafkaClient, positions: Mapping[TopicPartition, int], **options: Any
) -> AsyncIterator[FetchChunk]:
    """Chunks of several partitions (see :class:`PartitionFetcher` for ``options``)."""
    async with PartitionFetcher(client, positions, **options) as fetcher:
        async for chunk in fetcher:
            yield chunk


async def fetch_partition(
    client: KafkaClient,
    topic: str,
    partition: int,
    offset: int,
    *,
    max_wait_ms: int = 500,
    min_bytes: int = 1,
    max_bytes: int = DEFAULT_PARTITION_MAX_BYTES,
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
    stop_at_end: bool = False,
    include_control: bool = False,
    eager: bool = False,
) -> AsyncIterator[FetchChunk]:
    """Chunks of one partition from ``offset`` (or EARLIEST/LATEST), following its leader.

    Leave the loop early inside ``contextlib.aclosing(...)`` to end the fetch at once.
    """
    positions = {TopicPartition(topic, partition): offset}
    async with PartitionFetcher(
        client,
        positions,
        max_wait_ms=max_wait_ms,
        min_bytes=min_bytes,
        max_bytes=max_bytes,
        partition_max_bytes=max_bytes,
        isolation=isolation,
        stop_at_end=stop_at_end,
        include_control=include_control,
        eager=eager,
    ) as fetcher:
        async for chunk in fetcher:
            yield chunk
