"""ListOffsets: a partition's earliest and latest offsets, the offset at a time, max timestamp.

Requests go to each partition's leader, up to 1,000 partitions per request, all brokers at once. Partitions
whose leader moved (or has none yet) are retried after a metadata refresh; other errors raise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from protocol.codec import ApiKey
from protocol.errors import (
    KafkaApiError,
    KafkaConnectionError,
    KafkaExplorerError,
    KafkaTimeoutError,
    UnsupportedVersionError,
    error_for_code,
)
from protocol.records import IsolationLevel
from protocol.retry import Backoff
from protocol.topic_partition import TopicPartition, by_topic, group_by_leader, leader_epoch

if TYPE_CHECKING:
    from protocol.client import KafkaClient

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_TIMESTAMP",
    "OffsetAndTimestamp",
    "earliest_offsets",
    "latest_offsets",
    "list_offsets",
    "offsets_for_time",
    "watermarks",
]

LATEST = -1
"""The offset the next record will get (the high watermark; the LSO under read_committed)."""
EARLIEST = -2
"""The first offset still in the log (the log start offset)."""
MAX_TIMESTAMP = -3
"""The record with the largest timestamp (ListOffsets v7+, Kafka 3.0+)."""

_MAX_TIMESTAMP_VERSION = 7
PARTITIONS_PER_REQUEST = 1000
"""Large clusters get several moderate requests per broker, never one giant one."""


def _chunks(items: list[TopicPartition], size: int) -> list[list[TopicPartition]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True, slots=True)
class OffsetAndTimestamp:
    """One partition's answer.

    ``offset`` is None when no record has a timestamp at or after the one asked for.
    ``timestamp`` is the found record's timestamp for time lookups, -1 for earliest/latest.
    """

    offset: int | None
    timestamp: int
    leader_epoch: int


async def list_offsets(
    client: KafkaClient,
    specs: Mapping[TopicPartition, int],
    *,
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
    attempts: int | None = None,
) -> dict[TopicPartition, OffsetAndTimestamp]:
    """Look up one offset per partition: ``specs`` maps each to a timestamp in ms or a sentinel.

    Sentinels: :data:`EARLIEST`, :data:`LATEST`, :data:`MAX_TIMESTAMP`. With read_committed,
    LATEST is the last stable offset. Retries partitions whose leader is moving.
    """
    pending = dict(specs)
    results: dict[TopicPartition, OffsetAndTimestamp] = {}
    if not pending:
        return results
    tries = attempts or max(client.config.retry_attempts, 8)
    backoff = Backoff(client.config.reconnect_backoff_s, client.config.reconnect_backoff_max_s)
    topics = sorted({tp.topic for tp in pending})
    meta = await client.metadata(topics)
    for attempt in range(1, tries + 1):
        by_node, no_leader = group_by_leader(meta, pending)
        failures: dict[TopicPartition, KafkaExplorerError] = dict(no_leader)
        outcomes = await asyncio.gather(
            *(
                _list_on_node(
                    client, node, {tp: (pending[tp], leader_epoch(meta, tp)) for tp in chunk}, isolation
                )
                for node, tps in by_node.items()
                for chunk in _chunks(list(tps), PARTITIONS_PER_REQUEST)
            )
        )
        for found, failed in outcomes:
            results.update(found)
            failures.update(failed)
        for tp in results:
            pending.pop(tp, None)
        if not pending:
            return results
        error = _first_fatal(failures) or next(iter(failures.values()))
        if not error.retriable or attempt == tries:
            raise error
        await asyncio.sleep(backoff.delay(attempt))
        meta = await client.refresh_metadata(topics)
    raise AssertionError("unreachable")


async def earliest_offsets(
    client: KafkaClient, partitions: Iterable[TopicPartition]
) -> dict[TopicPartition, int]:
    """The log start offset of each partition."""
    return _plain(await list_offsets(client, dict.fromkeys(partitions, EARLIEST)))


async def latest_offsets(
    client: KafkaClient,
    partitions: Iterable[TopicPartition],
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
) -> dict[TopicPartition, int]:
    """The high watermark (or, read_committed, the last stable offset) of each partition."""
    return _plain(await list_offsets(client, dict.fromkeys(partitions, LATEST), isolation=isolation))


async def offsets_for_time(
    client: KafkaClient, partitions: Iterable[TopicPartition], timestamp_ms: int
) -> dict[TopicPartition, OffsetAndTimestamp]:
    """The first record at or after ``timestamp_ms`` in each partition (offset None: none)."""
    if timestamp_ms < 0:
        raise ValueError(f"A timestamp must be >= 0 (got {timestamp_ms}); use EARLIEST/LATEST for the ends.")
    return await list_offsets(client, dict.fromkeys(partitions, timestamp_ms))


async def watermarks(
    client: KafkaClient,
    partitions: Iterable[TopicPartition],
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
) -> dict[TopicPartition, tuple[int, int]]:
    """``(earliest, latest)`` of each partition: the range of offsets a fetch can read."""
    wanted = list(partitions)
    low, high = await asyncio.gather(
        earliest_offsets(client, wanted), latest_offsets(client, wanted, isolation)
    )
    return {tp: (low[tp], high[tp]) for tp in wanted}


def _plain(found: Mapping[TopicPartition, OffsetAndTimestamp]) -> dict[TopicPartition, int]:
    return {tp: -1 if r.offset is None else r.offset for tp, r in found.items()}


def _first_fatal(failures: Mapping[TopicPartition, KafkaExplorerError]) -> KafkaExplorerError | None:
    return next((e for e in failures.values() if not e.retriable), None)


async def _list_on_node(
    client: KafkaClient,
    node: int,
    wanted: Mapping[TopicPartition, tuple[int, int]],
    isolation: IsolationLevel,
) -> tuple[dict[TopicPartition, OffsetAndTimestamp], dict[TopicPartition, KafkaExplorerError]]:
    """One ListOffsets to ``node``: (answers, per-partition errors); lost connections are errors."""

    def body(version: int) -> dict[str, Any]:
        if version < _MAX_TIMESTAMP_VERSION and any(spec == MAX_TIMESTAMP for spec, _ in wanted.values()):
            raise UnsupportedVersionError(
                f"the broker speaks ListOffsets up to v{version}; "
                f"v{_MAX_TIMESTAMP_VERSION} (Kafka 3.0) is needed",
                context=f"Broker node {node} cannot look up the record with the largest timestamp",
            )
        return list_offsets_request(wanted, isolation, int(client.config.request_timeout_s * 1000))

    try:
        response = await client.send(node, ApiKey.LIST_OFFSETS, body)
    except (KafkaConnectionError, KafkaTimeoutError) as exc:
        return {}, dict.fromkeys(wanted, exc)
    return read_list_offsets_response(response, wanted)


def list_offsets_request(
    wanted: Mapping[TopicPartition, tuple[int, int]], isolation: IsolationLevel, timeout_ms: int
) -> dict[str, Any]:
    """A ListOffsets body: ``wanted`` maps partitions to (timestamp or sentinel, leader epoch)."""
    topics = [
        {
            "name": name,
            "partitions": [
                {
                    "partition_index": tp.partition,
                    "timestamp": wanted[tp][0],
                    "current_leader_epoch": wanted[tp][1],
                }
                for tp in tps
            ],
        }
        for name, tps in by_topic(wanted).items()
    ]
    return {"replica_id": -1, "isolation_level": int(isolation), "topics": topics, "timeout_ms": timeout_ms}


def read_list_offsets_response(
    response: Mapping[str, Any], wanted: Mapping[TopicPartition, tuple[int, int]]
) -> tuple[dict[TopicPartition, OffsetAndTimestamp], dict[TopicPartition, KafkaExplorerError]]:
    """Answers and errors by partition; partitions the broker left out count as errors."""
    found: dict[TopicPartition, OffsetAndTimestamp] = {}
    failed: dict[TopicPartition, KafkaExplorerError] = {}
    for topic in response.get("topics") or ():
        for part in topic["partitions"]:
            tp = TopicPartition(topic["name"], part["partition_index"])
            if tp not in wanted:
                continue
            code = part["error_code"]
            if code:
                failed[tp] = error_for_code(code, context=f"Looking up offsets of {tp}")
                continue
            offset = part.get("offset", -1)
            by_time = wanted[tp][0] >= 0 or wanted[tp][0] == MAX_TIMESTAMP
            found[tp] = OffsetAndTimestamp(
                None if offset < 0 and by_time else offset,
                part.get("timestamp", -1),
                part.get("leader_epoch", -1),
            )
    for tp in wanted:
        if tp not in found and tp not in failed:
            failed[tp] = KafkaApiError(
                "the broker's answer left it out", code=-1, context=f"Looking up offsets of {tp}"
            )
    return found, failed
