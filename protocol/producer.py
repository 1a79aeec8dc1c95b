"""Producing records: one at a time or in bulk, with acks 0/1/all, partitioners and compression.

Bulk sends accumulate records per partition into batches of up to ``batch_bytes``; each Produce
request carries at most one batch per partition and at most ``request_bytes``; each broker has
at most ``max_in_flight`` requests outstanding on its produce connection, and each partition
one batch, so a partition's records land in input order even when a batch is retried. The
producer is not idempotent: a batch retried after a lost connection may be written twice (as
with the Java client's ``enable.idempotence=false``).

    producer = Producer(client, acks=ACKS_ALL, compression="zstd")
    meta = await producer.send("orders", b"value", key=b"k", headers=[("source", b"explorer")])
    results = await producer.send_many("orders", [(b"k1", b"v1"), (b"k2", b"v2")])
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

from protocol.errors import UnknownTopicOrPartitionError
from protocol.produce_results import ProduceResults, RecordMetadata, RecordTooLargeError, too_large_here
from protocol.produce_sender import BatchSender
from protocol.produce_wire import BatchAccumulator, RecordTooBig
from protocol.records import Codec, Fnv1aPartitioner, Murmur2Partitioner, RoundRobinPartitioner
from protocol.records.record import Header
from protocol.topic_partition import TopicPartition

if TYPE_CHECKING:
    from protocol.client import KafkaClient

__all__ = [
    "ACKS_ALL",
    "ACKS_LEADER",
    "ACKS_NONE",
    "ProduceResults",
    "Producer",
    "ProducerRecord",
    "RecordMetadata",
    "RecordTooLargeError",
]

ACKS_NONE = 0
"""Fire and forget: no response, offsets unknown (-1)."""
ACKS_LEADER = 1
"""The leader wrote it."""
ACKS_ALL = -1
"""Every in-sync replica wrote it."""

PartitionerName = Literal["murmur2", "fnv1a", "round_robin"]
CodecName = Literal["none", "gzip", "snappy", "lz4", "zstd"]


class Partitioner(Protocol):
    def partition(self, key: bytes | None, num_partitions: int) -> int: ...


ProducerRecord = tuple
"""``(key, value)``, ``(key, value, headers)``, ``(key, value, headers, partition)`` or
``(key, value, headers, partition, timestamp_ms)``; headers are ``(str, bytes | None)`` pairs."""

_PARTITIONERS: dict[str, type[Partitioner]] = {
    "murmur2": Murmur2Partitioner,
    "fnv1a": Fnv1aPartitioner,
    "round_robin": RoundRobinPartitioner,
}


class Producer:
    """Writes records through a started :class:`~protocol.client.KafkaClient`. No transactions.

    ``partitioner``: ``"murmur2"`` (the Java client's keyed default), ``"fnv1a"`` (kafka-go's
    ``Hash``), ``"round_robin"``, or an object with ``partition(key, n)``. With the two hash
    partitioners, records without a key stick to one partition per batch (as Java's sticky
    partitioner does), so bulk keyless sends make full batches.

    ``compression``: ``none``, ``gzip``, ``snappy``, ``lz4`` or ``zstd`` (zstd needs Produce v7,
    Kafka 2.1). ``timeout_ms`` is the broker's wait for acks=all replicas. Retriable errors
    (leader moved, lost connection...) are retried with backoff until ``retries`` attempts or
    ``delivery_timeout_s`` seconds of failing; then the records carry the error.
    """

    def __init__(
        self,
        client: KafkaClient,
        *,
        acks: int = ACKS_ALL,
        compression: Codec | CodecName = Codec.NONE,
        compression_level: int | None = None,
        partitioner: PartitionerName | Partitioner = "murmur2",
        batch_bytes: int = 1_000_000,
        request_bytes: int = 1_048_576,
        max_in_flight: int = 5,
        timeout_ms: int = 30_000,
        retries: int = 1_000_000,
        delivery_timeout_s: float = 120.0,
    ) -> None:
        if acks not in (ACKS_NONE, ACKS_LEADER, ACKS_ALL):
            raise ValueError(f"acks must be 0, 1 or -1 (all), not {acks}")
        self._client = client
        self.acks = acks
        self.codec = Codec[compression.upper()] if isinstance(compression, str) else Codec(compression)
        self.compression_level = compression_level
        self._named = isinstance(partitioner, str) and partitioner != "round_robin"
        self._partitioner: Partitioner = (
            _PARTITIONERS[partitioner]() if isinstance(partitioner, str) else partitioner
        )
        self.batch_bytes = min(batch_bytes, request_bytes)
        self.request_bytes = request_bytes
        self.max_in_flight = max_in_flight
        self.timeout_ms = timeout_ms
        self.retries = retries
        self.delivery_timeout_s = delivery_timeout_s
        self._sticky: dict[str, int] = {}

    async def send(
        self,
        topic: str,
        value: bytes | None,
        *,
        key: bytes | None = None,
        headers: Sequence[Header] = (),
        partition: int | None = None,
        timestamp: int | None = None,
    ) -> RecordMetadata:
        """Write one record; returns where it landed or raises why it did not."""
        results = await self.send_many(topic, [(key, value, headers, partition, timestamp)])
        return results[0]

    async def send_many(
        self, topic: str, records: Iterable[ProducerRecord], *, partition: int | None = None
    ) -> ProduceResults:
        """Write many records (see :data:`ProducerRecord`) in batches; returns per-record results.

        Records that cannot be written carry their error in the results (``results.errors``,
        or ``results[i]`` raises it); a topic that does not exist raises at once.
        """
        num_partitions = await self._partition_count(topic)
        results = ProduceResults(topic)
        sender = BatchSender(self._client, self, results)
        accumulator = BatchAccumulator(
            self.codec, self.batch_bytes, self.request_bytes, self.compression_level
        )
        tps = [TopicPartition(topic, p) for p in range(num_partitions)]
        place = self._placer(topic, partition, num_partitions)
        count = 0
        try:
            for index, record in enumerate(records):
                count = index + 1
                key, value, headers, part, timestamp = _unpack(record)
                if part is None:
                    part = place(key)
                if not 0 <= part < num_partitions:
                    results.fail_record(index, _no_partition(topic, part, num_partitions))
                    continue
                if timestamp is None:
                    timestamp = int(time.time() * 1000)
                try:
                    full = accumulator.add(tps[part], index, key, value, headers, timestamp)
                except RecordTooBig as exc:
                    context = f"Producing to {topic}"
                    results.fail_record(index, too_large_here(exc.size, self.request_bytes, context))
                    continue
                if full is not None:
                    self._batch_closed(topic, full.tp.partition, num_partitions)
                    await sender.submit(full)
            for batch in accumulator.drain():
                await sender.submit(batch)
            await sender.finish()
        finally:
            await sender.cancel()
        results.set_count(count)
        return results

    # -- internals --------------------------------------------------------------------------
    def _placer(self, topic: str, fixed: int | None, num_partitions: int) -> Callable[[bytes | None], int]:
        """The partition of a record without an explicit one, from its key."""
        if fixed is not None:
            return lambda key: fixed
        partition = self._partitioner.partition
        if not self._named:
            return lambda key: partition(key, num_partitions)

        def place(key: bytes | None) -> int:
            if key is not None:
                return partition(key, num_partitions)
            sticky = self._sticky.get(topic)
            if sticky is None or sticky >= num_partitions:
                sticky = self._sticky[topic] = random.randrange(num_partitions)
            return sticky

        return place

    def _batch_closed(self, topic: str, partition: int, num_partitions: int) -> None:
        """Keyless records move to the next partition once the sticky one filled a batch."""
        if self._sticky.get(topic) == partition:
            self._sticky[topic] = (partition + 1) % num_partitions

    async def _partition_count(self, topic: str) -> int:
        meta = await self._client.metadata([topic])
        info = meta.topics[topic]
        if isinstance(info.error, UnknownTopicOrPartitionError):
            raise UnknownTopicOrPartitionError("no such topic", context=f"Producing to {topic}")
        if info.error is not None:
            raise info.error
        if not info.partitions:
            raise UnknownTopicOrPartitionError("it has no partitions", context=f"Producing to {topic}")
        return len(info.partitions)


def _no_partition(topic: str, partition: int, num_partitions: int) -> UnknownTopicOrPartitionError:
    return UnknownTopicOrPartitionError(
        f"the topic has partitions 0 to {num_partitions - 1}", context=f"Producing to {topic}-{partition}"
    )


def _unpack(
    record: ProducerRecord,
) -> tuple[bytes | None, bytes | None, Sequence[Header], int | None, int | None]:
    n = len(record)
    if n == 2:
        return record[0], record[1], (), None, None
    if n == 3:
        return record[0], record[1], record[2] or (), None, None
    if n == 4:
        return record[0], record[1], record[2] or (), record[3], None
    if n == 5:
        return record[0], record[1], record[2] or (), record[3], record[4]
    raise ValueError(f"A record is (key, value[, headers[, partition[, timestamp]]]), not {n} items")
