"""Produce, sans-IO: records accumulated into per-partition batches, request bodies, responses.

A batch remembers which input records it holds (their index in the caller's sequence) and
their create timestamps, so each record's result (partition, offset, timestamp) can be told
without keeping the records themselves.
"""

from __future__ import annotations

import uuid
from array import array
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from protocol.errors import KafkaExplorerError, UnknownTopicIdError
from protocol.produce_batch import BATCH_OVERHEAD, OpenBatch, encode_record
from protocol.records import Codec
from protocol.records.record import Header
from protocol.topic_partition import TopicPartition, by_topic

__all__ = [
    "BatchAccumulator",
    "OutgoingBatch",
    "PartitionResult",
    "RecordTooBig",
    "produce_request",
    "read_produce_response",
]

TOPIC_ID_VERSION = 13
"""Produce v13 (Kafka 4.1) names topics by id instead of by name."""


class OutgoingBatch:
    """One encoded batch for one partition and, once answered, its outcome."""

    __slots__ = ("attempts", "base_offset", "count", "data", "error", "failing_since", "indices",
                 "log_append_time", "retry_at", "timestamps", "tp")  # fmt: skip

    def __init__(self, tp: TopicPartition, data: bytes, indices: array[int], timestamps: array[int]) -> None:
        self.tp = tp
        self.data = data
        self.count = len(indices)
        self.indices = indices
        """Index of each record in the caller's input, in batch order."""
        self.timestamps = timestamps
        self.attempts = 0
        self.retry_at = 0.0
        self.failing_since = 0.0
        self.base_offset = -1
        """The offset of the first record (-1 until acknowledged, and always with acks=0)."""
        self.log_append_time = -1
        self.error: KafkaExplorerError | None = None


class RecordTooBig(Exception):
    """A single record does not fit in ``max_batch_bytes``; carries its encoded size."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class BatchAccumulator:
    """Per-partition batches of at most ``batch_bytes`` uncompressed (a bigger record goes alone).

    A record that alone would make a batch over ``max_batch_bytes`` raises :class:`RecordTooBig`
    and is not added.
    """

    def __init__(
        self, codec: Codec, batch_bytes: int, max_batch_bytes: int, compression_level: int | None = None
    ) -> None:
        self.codec = codec
        self.batch_bytes = batch_bytes
        self.max_batch_bytes = max_batch_bytes
        self.compression_level = compression_level
        self._open: dict[TopicPartition, OpenBatch] = {}

    def add(
        self,
        tp: TopicPartition,
        index: int,
        key: bytes | None,
        value: bytes | None,
        headers: Sequence[Header],
        timestamp: int,
    ) -> OutgoingBatch | None:
        """Append one record; returns the partition's previous batch if this record did not fit in it."""
        current = self._open.get(tp)
        if current is not None:
            record = encode_record(key, value, headers, timestamp - current.base_ts, current.count)
            if current.size + len(record) <= self.batch_bytes:
                current.add(record, index, timestamp)
                return None
        record = encode_record(key, value, headers, 0, 0)
        if BATCH_OVERHEAD + len(record) > self.max_batch_bytes:
            raise RecordTooBig(BATCH_OVERHEAD + len(record))
        closed = None if current is None else self._close(tp, current)
        fresh = self._open[tp] = OpenBatch(timestamp)
        fresh.add(record, index, timestamp)
        return closed

    def drain(self) -> list[OutgoingBatch]:
        """Close every open batch."""
        return [self._close(tp, current) for tp, current in list(self._open.items())]

    def _close(self, tp: TopicPartition, current: OpenBatch) -> OutgoingBatch:
        del self._open[tp]
        data = current.build(self.codec, self.compression_level)
        return OutgoingBatch(tp, data, current.indices, current.timestamps)


class PartitionResult(NamedTuple):
    """One partition of a Produce response."""

    error_code: int
    base_offset: int
    log_append_time: int
    error_message: str | None


def produce_request(
    version: int,
    batches: Sequence[OutgoingBatch],
    topic_ids: Mapping[str, uuid.UUID | None],
    acks: int,
    timeout_ms: int,
) -> dict[str, Any]:
    """A Produce body carrying ``batches`` (at most one per partition)."""
    by_tp = {b.tp: b for b in batches}
    topics = []
    for name, tps in by_topic(by_tp).items():
        entry: dict[str, Any] = {
            "partition_data": [{"index": tp.partition, "records": by_tp[tp].data} for tp in tps]
        }
        if version >= TOPIC_ID_VERSION:
            topic_id = topic_ids.get(name)
            if topic_id is None:
                raise UnknownTopicIdError(
                    f"Produce v{version} names topics by id and metadata gave none",
                    context=f"Producing to {name}",
                )
            entry["topic_id"] = topic_id.bytes
        else:
            entry["name"] = name
        topics.append(entry)
    return {"transactional_id": None, "acks": acks, "timeout_ms": timeout_ms, "topic_data": topics}


def read_produce_response(
    response: Mapping[str, Any], topic_ids: Mapping[str, uuid.UUID | None]
) -> dict[TopicPartition, PartitionResult]:
    """Per-partition outcomes of a decoded Produce response."""
    names = {tid.bytes: name for name, tid in topic_ids.items() if tid is not None}
    out = {}
    for topic in response.get("responses") or ():
        name = topic.get("name") or names.get(bytes(topic.get("topic_id") or b""), "")
        for part in topic["partition_responses"]:
            message = part.get("error_message")
            record_errors = part.get("record_errors") or ()
            details = [e.get("batch_index_error_message") for e in record_errors]
            if not message and any(details):
                message = "; ".join(d for d in details if d)
            out[TopicPartition(name, part["index"])] = PartitionResult(
                part["error_code"], part["base_offset"], part.get("log_append_time_ms", -1), message
            )
    return out
