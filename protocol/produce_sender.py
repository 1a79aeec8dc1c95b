"""Sending produced batches: per-broker requests, bounded in flight, retries on leader moves.

Batches wait in a queue per partition. Whenever a broker has room (fewer than
``max_in_flight`` requests outstanding), it gets one request holding the head batch of each
partition it leads that has no batch in flight, up to ``request_bytes``. One batch in flight per
partition keeps records in order even when a batch is retried (as aiokafka does; without
idempotence, pipelining one partition would let a later batch overtake a retried one).
Retriable failures put a batch back at the head of its queue after a backoff (and a metadata
refresh when the leader may have moved).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, deque
from typing import TYPE_CHECKING, Any, Protocol

from protocol.codec import ApiKey
from protocol.errors import (
    KafkaApiError,
    KafkaConnectionError,
    KafkaExplorerError,
    KafkaTimeoutError,
    error_for_code,
)
from protocol.produce_results import ProduceResults, too_large_at_broker
from protocol.produce_wire import OutgoingBatch, PartitionResult, produce_request, read_produce_response
from protocol.records import Codec
from protocol.retry import Backoff
from protocol.topic_partition import TopicPartition, group_by_leader

if TYPE_CHECKING:
    from protocol.client import KafkaClient

__all__ = ["BatchSender"]

_ZSTD_PRODUCE_VERSION = 7
_BACKOFF_STEPS = 30
"""Failures past this count wait the maximum backoff (and keep ``2**n`` finite)."""
_TOO_LARGE_CODES = (10, 18)  # MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE


class SenderSettings(Protocol):
    acks: int
    codec: Codec
    request_bytes: int
    max_in_flight: int
    timeout_ms: int
    retries: int
    delivery_timeout_s: float


class BatchSender:
    """Delivers the batches of one bulk send and records each batch's outcome."""

    def __init__(self, client: KafkaClient, settings: SenderSettings, results: ProduceResults) -> None:
        self._client = client
        self._settings = settings
        self._results = results
        self._backoff = Backoff(client.config.reconnect_backoff_s, client.config.reconnect_backoff_max_s)
        self._queues: dict[TopicPartition, deque[OutgoingBatch]] = {}
        self._queued = 0
        self._inflight: dict[
            asyncio.Task[dict[TopicPartition, PartitionResult]], tuple[int, list[OutgoingBatch]]
        ]
        self._inflight = {}
        self._per_node: Counter[int] = Counter()
        self._busy: set[TopicPartition] = set()
        """Partitions with a batch in flight: the next waits, so a retry cannot reorder them."""
        self._refresh_needed = False
        self._progress = asyncio.Event()
        self._failure: Exception | None = None
        self._max_queued = 2 * settings.max_in_flight

    async def submit(self, batch: OutgoingBatch) -> None:
        """Queue a batch and send what can be sent; waits while too many batches are queued."""
        self._results.add_batch(batch)
        self._queues.setdefault(batch.tp, deque()).append(batch)
        self._queued += 1
        self._dispatch()
        while self._queued >= self._max_queued:
            await self._step()
        await asyncio.sleep(0)  # let the requests just made reach the socket

    async def finish(self) -> None:
        """Wait until every batch is written or has failed for good."""
        while self._queued or self._inflight:
            await self._step()

    async def cancel(self) -> None:
        """Abandon whatever is still in flight (after an error or a cancellation)."""
        tasks = list(self._inflight)
        self._inflight.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- the loop ---------------------------------------------------------------------------
    async def _step(self) -> None:
        """Wait for a response (handled in :meth:`_done`), or for the next retry to be due."""
        if self._refresh_needed:
            self._refresh_needed = False
            with contextlib.suppress(KafkaExplorerError):
                await self._client.refresh_metadata(sorted({tp.topic for tp in self._queues}))
        self._dispatch()
        if not self._inflight:
            await asyncio.sleep(self._next_retry_in())
            return
        self._progress.clear()
        await self._progress.wait()
        if self._failure is not None:
            raise self._failure

    def _done(self, task: asyncio.Task[dict[TopicPartition, PartitionResult]]) -> None:
        """A response arrived: record it and send the next batches at once, before anyone awaits."""
        entry = self._inflight.pop(task, None)
        if entry is None:  # cancelled by cancel()
            return
        node, batches = entry
        self._per_node[node] -= 1
        self._busy.difference_update(b.tp for b in batches)
        try:
            self._settle(task, batches)
            self._dispatch()
        except Exception as exc:  # a callback's error would only be logged: hand it to the waiter
            self._failure = exc
        finally:
            self._progress.set()

    def _dispatch(self) -> None:
        now = time.monotonic()
        ready = [tp for tp, q in self._queues.items() if q and q[0].retry_at <= now and tp not in self._busy]
        if not ready:
            return
        by_node, no_leader = group_by_leader(self._client.cluster, ready)
        for tp, error in no_leader.items():
            self._queued -= 1
            self._retry_or_fail(self._queues[tp].popleft(), error)
        for node, tps in by_node.items():
            while self._per_node[node] < self._settings.max_in_flight:
                batches = self._take(tps, now)
                if not batches:
                    break
                task = asyncio.get_running_loop().create_task(
                    self._send(node, batches), name=f"produce node {node}"
                )
                self._inflight[task] = (node, batches)
                task.add_done_callback(self._done)
                self._per_node[node] += 1

    def _take(self, tps: list[TopicPartition], now: float) -> list[OutgoingBatch]:
        """The head batch of each ready partition, while they fit in one request."""
        batches: list[OutgoingBatch] = []
        size = 0
        for tp in tps:
            queue = self._queues[tp]
            if not queue or queue[0].retry_at > now or tp in self._busy:
                continue
            if batches and size + len(queue[0].data) > self._settings.request_bytes:
                continue
            batch = queue.popleft()
            self._queued -= 1
            self._busy.add(tp)
            batches.append(batch)
            size += len(batch.data)
        return batches

    async def _send(self, node: int, batches: list[OutgoingBatch]) -> dict[TopicPartition, PartitionResult]:
        settings = self._settings
        meta = self._client.cluster
        topic_ids = {b.tp.topic: meta.topic_ids.get(b.tp.topic) for b in batches}

        def body(version: int) -> dict[str, Any]:
            if settings.codec == Codec.ZSTD and version < _ZSTD_PRODUCE_VERSION:
                raise error_for_code(
                    76,
                    f"zstd needs Produce v7 (Kafka 2.1); broker node {node} speaks v{version}",
                    context=f"Producing to {batches[0].tp.topic}",
                )
            return produce_request(version, batches, topic_ids, settings.acks, settings.timeout_ms)

        timeout = settings.timeout_ms / 1000 + self._client.config.request_timeout_s
        response = await self._client.send(node, ApiKey.PRODUCE, body, timeout=timeout, purpose="produce")
        return {} if settings.acks == 0 else read_produce_response(response, topic_ids)

    # -- outcomes ---------------------------------------------------------------------------
    def _settle(
        self, task: asyncio.Task[dict[TopicPartition, PartitionResult]], batches: list[OutgoingBatch]
    ) -> None:
        try:
            outcome = task.result()
        except (KafkaConnectionError, KafkaTimeoutError, KafkaApiError) as exc:
            for batch in batches:
                self._retry_or_fail(batch, exc)
            return
        for batch in batches:
            if self._settings.acks == 0:
                continue
            result = outcome.get(batch.tp)
            if result is None:
                self._retry_or_fail(
                    batch,
                    KafkaApiError(
                        "the broker's answer left the partition out",
                        code=-1,
                        context=f"Producing to {batch.tp}",
                    ),
                )
            elif result.error_code:
                self._retry_or_fail(batch, _batch_error(batch, result))
            else:
                batch.base_offset = result.base_offset
                batch.log_append_time = result.log_append_time

    def _retry_or_fail(self, batch: OutgoingBatch, error: KafkaExplorerError) -> None:
        now = time.monotonic()
        if batch.attempts == 0:
            batch.failing_since = now
        settings = self._settings
        too_late = now - batch.failing_since > settings.delivery_timeout_s
        if not error.retriable or batch.attempts >= settings.retries or too_late:
            batch.error = error
            return
        batch.attempts += 1
        batch.retry_at = now + self._backoff.delay(min(batch.attempts, _BACKOFF_STEPS))
        self._queues[batch.tp].appendleft(batch)
        self._queued += 1
        if not isinstance(error, KafkaApiError) or error.needs_metadata_refresh:
            self._refresh_needed = True

    def _next_retry_in(self) -> float:
        heads = [q[0].retry_at for q in self._queues.values() if q]
        return max(0.0, min(heads, default=0.0) - time.monotonic())


def _batch_error(batch: OutgoingBatch, result: PartitionResult) -> KafkaApiError:
    context = f"Producing to {batch.tp}"
    if result.error_code in _TOO_LARGE_CODES:
        return too_large_at_broker(len(batch.data), context)
    return error_for_code(result.error_code, result.error_message, context=context)
