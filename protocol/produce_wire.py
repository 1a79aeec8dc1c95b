"""Produce, sans-IO: records accumulated into per-partition batches, request bodies, responses.

A batch remembers which input records it holds (their index in the caller's sequence) and
their create timestamps, so each record's result (partition, offset, timestamp) can be told
without keeping the records themselves.
"""

from __future__ import annotations

import uuid
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from protocol.errors import KafkaExplorerError, UnknownTopicIdError
from protocol.records import Codec, RecordBatchBuilder
from protocol.records.record import Header
from protocol.topic_partition import TopicPartition, by_topic

__all__ = ["BatchAccumulator", "OutgoingBatch", "PartitionResult", "produce_request", "read_produce_response"]

TOPIC_ID_VERSION = 13
"""Produce v13 (Kafka 4.1) names topics by id instead of by name."""
RECORD_OVERHEAD = 24
"""Upper bound of a record's framing bytes (length, attributes, deltas, lengths) in a batch."""
BATCH_OVERHEAD = 61


def record_size(key: bytes | None, value: bytes | None, headers: Iterable[Header]) -> int:
    """An upper bound of the bytes one record takes in an uncompressed batch."""
    size = RECORD_OVERHEAD + (len(key) if key else 0) + (len(value) if value else 0)
    for name, hvalue in headers:
        size += 10 + len(name) * 3 + (len(hvalue) if hvalue else 0)
    return size


class OutgoingBatch:
    """One encoded batch for one partition and, once answered, its outcome."""

    __slots__ = (
        "attempts",
        "base_offset",
        "count",
        "data",
        "error",
        "indices",
        "log_append_time",
        "retry_at",
        "timestamps",
        "tp",
    )

    def __init__(self, tp: TopicPartition, data: bytes, indices: array[int], timestamps: array[int]) -> None:
        self.tp = tp
        self.data = data
        self.count = len(indices)
        self.indices = indices
        """Index of each record in the caller's input, in batch order."""
        self.timestamps = timestamps
        self.attempts = 0
        self.retry_at = 0.0
        self.base_offset = -1
        """The offset of the first record (-1 until acknowledged, and always with acks=0)."""
        self.log_append_time = -1
        self.error: KafkaExplorerError | None = None


class _Open:
    """A batch being filled."""

    __slots__ = ("builder", "indices", "size", "timestamps")

    def __init__(self, codec: Codec, level: int | None) -> None:
        self.builder = RecordBatchBuilder(codec, compression_level=level)
        self.indices: array[int] = array("q")
        self.timestamps: array[int] = array("q")
        self.size = BATCH_OVERHEAD


class BatchAccumulator:
    """Per-partition batches of at most ``batch_bytes`` (uncompressed; a bigger record goes alone)."""

    def __init__(self, codec: Codec, batch_bytes: int, compression_level: int | None = None) -> None:
        self.codec = codec
        self.batch_bytes = batch_bytes
        self.compression_level = compression_level
        self._open: dict[TopicPartition, _Open] = {}

    def add(
        self,
        tp: TopicPartition,
        index: int,
        key: bytes | None,
        value: bytes | None,
        headers: Sequence[Header],
        timestamp: int,
        size: int,
    ) -> OutgoingBatch | None:
        """Append one record (``size`` from :func:`record_size`); returns a batch that filled up."""
        current = self._open.get(tp)
        closed = None
        if current is not None and current.size + size > self.batch_bytes:
            closed = self._close(tp, current)
            current = None
        if current is None:
            current = self._open[tp] = _Open(self.codec, self.compression_level)
        current.builder.append(key, value, headers, timestamp=timestamp)
        current.indices.append(index)
        current.timestamps.append(timestamp)
        current.size += size
        return closed

    def drain(self) -> list[OutgoingBatch]:
        """Close every open batch."""
        return [self._close(tp, current) for tp, current in list(self._open.items())]

    def _close(self, tp: TopicPartition, current: _Open) -> OutgoingBatch:
        del self._open[tp]
        return OutgoingBatch(tp, current.builder.build(), current.indices, current.timestamps)


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
