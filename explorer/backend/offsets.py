"""Watermarks (ListOffsets) and partition sizes (DescribeLogDirs), asked of the right brokers."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaExplorerError
from protocol.metadata import ClusterMetadata

TopicPartition = tuple[str, int]
Marks = dict[TopicPartition, tuple[int | None, int | None]]
EARLIEST, LATEST = -2, -1
CHUNK = 1000
ATTEMPTS = 4
RETRY_DELAY_S = 0.3
"""Partitions per request: responses stay small enough to decode between two frames."""


def by_leader(meta: ClusterMetadata, partitions: Iterable[TopicPartition]) -> dict[int, list[TopicPartition]]:
    """Partitions grouped by their leader's node id; leaderless ones are left out."""
    groups: dict[int, list[TopicPartition]] = defaultdict(list)
    for topic, partition in partitions:
        info = meta.topics.get(topic)
        part = info.partitions.get(partition) if info is not None else None
        if part is not None and part.leader >= 0:
            groups[part.leader].append((topic, partition))
    return groups


def chunks(items: Sequence[Any], size: int = CHUNK) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def list_offsets_body(partitions: Sequence[TopicPartition], timestamp: int) -> dict[str, Any]:
    topics: dict[str, list[dict[str, int]]] = defaultdict(list)
    for topic, partition in partitions:
        topics[topic].append({"partition_index": partition, "timestamp": timestamp})
    return {"replica_id": -1, "isolation_level": 0, "timeout_ms": 30_000,
            "topics": [{"name": name, "partitions": parts} for name, parts in topics.items()]}


async def list_offsets(client: KafkaClient, node: int, partitions: Sequence[TopicPartition],
                       timestamp: int) -> dict[TopicPartition, int | None]:
    """One ListOffsets to ``node``; partitions it could not answer map to ``None``."""
    response = await client.send(node, ApiKey.LIST_OFFSETS, list_offsets_body(partitions, timestamp))
    found: dict[TopicPartition, int | None] = dict.fromkeys(partitions)
    for topic in response["topics"]:
        for part in topic["partitions"]:
            if part["error_code"] == 0:
                found[(topic["name"], part["partition_index"])] = part["offset"]
    return found


async def watermarks(client: KafkaClient, meta: ClusterMetadata,
                     partitions: Sequence[TopicPartition]) -> Marks:
    """Low and high watermark of each partition; ``(None, None)`` where its leader failed.

    Partitions a leader could not answer (leadership moving, a topic just created) are asked
    again, after a metadata refresh, up to ``ATTEMPTS`` times.
    """
    result: Marks = {tp: (None, None) for tp in partitions}
    missing = list(partitions)
    for attempt in range(ATTEMPTS):
        if attempt:
            await asyncio.sleep(RETRY_DELAY_S * attempt)
            meta = await client.metadata({t for t, _ in missing}, refresh=True)
        jobs = [_both_ends(client, node, chunk)
                for node, owned in by_leader(meta, missing).items() for chunk in chunks(owned)]
        for found in await asyncio.gather(*jobs):
            result.update(found)
        missing = [tp for tp in missing if None in result[tp]]
        if not missing:
            break
    return result


async def _both_ends(client: KafkaClient, node: int,
                     chunk: Sequence[TopicPartition]) -> Marks:
    try:
        low, high = await asyncio.gather(list_offsets(client, node, chunk, EARLIEST),
                                         list_offsets(client, node, chunk, LATEST))
    except KafkaExplorerError:
        return {}
    return {tp: (low[tp], high[tp]) for tp in chunk}


def _replicas_by_broker(meta: ClusterMetadata, topics: Sequence[str]) -> dict[int, dict[str, list[int]]]:
    hosted: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for name in topics:
        info = meta.topics.get(name)
        for part in info.partitions.values() if info is not None else ():
            for node in part.replicas:
                hosted[node][name].append(part.partition)
    return hosted


async def log_sizes(client: KafkaClient, meta: ClusterMetadata,
                    topics: Sequence[str]) -> dict[TopicPartition, int]:
    """Bytes per partition: the largest of its replicas (the data, not counting replication)."""
    jobs = []
    for node, hosted in _replicas_by_broker(meta, topics).items():
        if node not in meta.brokers:
            continue
        for names in chunks(list(hosted)):
            body = {"topics": [{"topic": n, "partitions": hosted[n]} for n in names]}
            jobs.append(_describe_log_dirs(client, node, body))
    sizes: dict[TopicPartition, int] = {}
    for found in await asyncio.gather(*jobs):
        for tp, size in found.items():
            sizes[tp] = max(size, sizes.get(tp, 0))
    return sizes


async def _describe_log_dirs(client: KafkaClient, node: int,
                             body: dict[str, Any]) -> dict[TopicPartition, int]:
    try:
        response = await client.send(node, ApiKey.DESCRIBE_LOG_DIRS, body)
    except KafkaExplorerError:
        return {}
    if response.get("error_code", 0):
        return {}
    sizes: dict[TopicPartition, int] = {}
    for log_dir in response["results"]:
        if log_dir["error_code"]:
            continue
        for topic in log_dir["topics"]:
            for part in topic["partitions"]:
                if not part["is_future_key"]:
                    key = (topic["name"], part["partition_index"])
                    sizes[key] = sizes.get(key, 0) + part["partition_size"]
    return sizes
