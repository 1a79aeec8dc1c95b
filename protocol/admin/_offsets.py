"""ListOffsets for many partitions: per leader, in chunks, concurrently, with retries.

A private helper of the admin package (watermarks, lag, resets); ``protocol.offsets`` is the
consumer-side counterpart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from functools import partial
from typing import Any

from protocol.admin._batch import DEFAULT_CONCURRENCY, chunked, gather_bounded, group_by, settle
from protocol.admin._routing import fetch_metadata
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import (
    KafkaApiError,
    LeaderNotAvailableError,
    UnknownTopicOrPartitionError,
    error_for_code,
)

EARLIEST = -2
LATEST = -1
READ_UNCOMMITTED = 0
READ_COMMITTED = 1
NO_LEADER = -1
NO_SUCH_PARTITION = -2
PARTITIONS_PER_REQUEST = 1000
TOPICS_PER_METADATA_REQUEST = 1000

Offsets = dict[TopicPartition, int | KafkaApiError]


async def list_offsets(
    client: KafkaClient,
    timestamps: Mapping[TopicPartition, int],
    leaders: Mapping[TopicPartition, int] | None = None,
    *,
    isolation_level: int = READ_UNCOMMITTED,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> Offsets:
    """The offset for each partition's timestamp (``EARLIEST``, ``LATEST`` or milliseconds).

    A timestamp with no record at or after it gives -1. ``leaders`` saves a metadata lookup;
    partitions whose leader moved are retried after fresh metadata. Errors stay per partition.
    """
    known = dict(leaders or {})
    missing = [tp for tp in timestamps if tp not in known]
    if missing:
        known.update(await find_leaders(client, missing, concurrency))

    async def attempt(pending: list[TopicPartition]) -> Offsets:
        outcomes: Offsets = {}
        jobs = []
        for leader, tps in group_by(pending, lambda tp: known.get(tp, NO_LEADER)).items():
            if leader < 0:
                outcomes.update({tp: no_leader_error(leader, f"Listing offsets of {tp}") for tp in tps})
                continue
            for chunk in chunked(tps, PARTITIONS_PER_REQUEST):
                jobs.append(_job(client, leader, chunk, timestamps, isolation_level))
        for result in await gather_bounded(jobs, concurrency):
            outcomes.update(result)
        return outcomes

    async def refresh(pending: list[TopicPartition]) -> None:
        known.update(await find_leaders(client, pending, concurrency))

    return await settle(list(timestamps), attempt, before_retry=refresh)


async def watermarks(
    client: KafkaClient,
    partitions: Iterable[TopicPartition],
    leaders: Mapping[TopicPartition, int] | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> tuple[Offsets, Offsets]:
    """(low, high) watermarks of the partitions: log start offsets and high watermarks."""
    tps = list(partitions)
    if leaders is None:
        leaders = await find_leaders(client, tps, concurrency)
    low, high = await gather_bounded(
        [partial(list_offsets, client, dict.fromkeys(tps, spec), leaders, concurrency=concurrency)
         for spec in (EARLIEST, LATEST)], 2)  # fmt: skip
    return low, high


async def find_leaders(client: KafkaClient, partitions: Iterable[TopicPartition],
                       concurrency: int = DEFAULT_CONCURRENCY) -> dict[TopicPartition, int]:
    """Current leaders of the partitions from fresh metadata: ``NO_LEADER`` while none is
    elected, ``NO_SUCH_PARTITION`` when the topic or partition does not exist."""
    tps = list(partitions)
    topics = list(dict.fromkeys(tp.topic for tp in tps))
    jobs = [partial(fetch_metadata, client, chunk) for chunk in chunked(topics, TOPICS_PER_METADATA_REQUEST)]
    leaders: dict[TopicPartition, int] = {}
    for meta in await gather_bounded(jobs, concurrency):
        for topic in meta.topics.values():
            for part in topic.partitions.values():
                leaders[TopicPartition(topic.name, part.partition)] = part.leader
    return {tp: leaders.get(tp, NO_SUCH_PARTITION) for tp in tps}


def no_leader_error(leader: int, context: str) -> KafkaApiError:
    """The error for a partition without a leader: worth retrying, unless it does not exist."""
    if leader == NO_SUCH_PARTITION:
        error: KafkaApiError = UnknownTopicOrPartitionError(context=context)
        error.retriable = False  # fresh metadata says so; retrying would only delay the answer
        return error
    return LeaderNotAvailableError(context=context)


def _job(client: KafkaClient, leader: int, chunk: list[TopicPartition],
         timestamps: Mapping[TopicPartition, int], isolation_level: int) -> Callable[[], Awaitable[Offsets]]:
    async def run() -> Offsets:
        response = await client.send(leader, ApiKey.LIST_OFFSETS, _body(chunk, timestamps, isolation_level))
        return _parse(response)

    return run


def _body(chunk: list[TopicPartition], timestamps: Mapping[TopicPartition, int],
          isolation_level: int) -> dict[str, Any]:
    topics = [{"name": topic, "partitions": [{"partition_index": tp.partition, "timestamp": timestamps[tp]}
                                             for tp in tps]}
              for topic, tps in group_by(chunk, lambda tp: tp.topic).items()]  # fmt: skip
    return {"replica_id": -1, "isolation_level": isolation_level, "topics": topics, "timeout_ms": 30000}


def _parse(response: Mapping[str, Any]) -> Offsets:
    outcomes: Offsets = {}
    for topic in response["topics"]:
        for part in topic["partitions"]:
            tp = TopicPartition(topic["name"], part["partition_index"])
            code = part["error_code"]
            error = error_for_code(code, context=f"Listing offsets of {tp}") if code else None
            outcomes[tp] = error or part["offset"]
    return outcomes
