"""Partitions and where they live: the routing shared by ListOffsets, Fetch and Produce.

Every record operation is addressed to a partition's leader, batched per broker. These helpers
read a metadata snapshot; when it names no usable leader they return the error instead of
raising, so a caller can retry just those partitions after refreshing metadata.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from protocol.errors import (
    KafkaApiError,
    LeaderNotAvailableError,
    UnknownTopicOrPartitionError,
)
from protocol.metadata import ClusterMetadata

if TYPE_CHECKING:
    from protocol.client import KafkaClient

__all__ = [
    "TopicPartition",
    "by_topic",
    "group_by_leader",
    "leader_epoch",
    "topic_ids_for",
    "topic_partitions",
]


class TopicPartition(NamedTuple):
    """A partition of a topic; hashable, cheap, and printed as ``topic-partition``."""

    topic: str
    partition: int

    def __str__(self) -> str:
        return f"{self.topic}-{self.partition}"


def group_by_leader(
    meta: ClusterMetadata, partitions: Iterable[TopicPartition]
) -> tuple[dict[int, list[TopicPartition]], dict[TopicPartition, KafkaApiError]]:
    """Partitions by leader node id, and the error of each partition that has no leader now.

    The errors are retriable ones (unknown partition, no leader) except when the topic itself
    could not be described (e.g. an authorization failure), which the topic's error says.
    """
    by_node: dict[int, list[TopicPartition]] = {}
    errors: dict[TopicPartition, KafkaApiError] = {}
    for tp in partitions:
        topic = meta.topics.get(tp.topic)
        if topic is not None and topic.error is not None:
            errors[tp] = topic.error
            continue
        part = topic.partitions.get(tp.partition) if topic is not None else None
        if part is None:
            errors[tp] = UnknownTopicOrPartitionError(context=f"Partition {tp}")
        elif part.leader < 0 or part.leader not in meta.brokers:
            errors[tp] = LeaderNotAvailableError(context=f"Partition {tp}")
        else:
            by_node.setdefault(part.leader, []).append(tp)
    return by_node, errors


def leader_epoch(meta: ClusterMetadata, tp: TopicPartition) -> int:
    """The leader epoch metadata reports for ``tp`` (-1 if unknown: no fencing)."""
    topic = meta.topics.get(tp.topic)
    part = topic.partitions.get(tp.partition) if topic is not None else None
    return -1 if part is None else part.leader_epoch


def topic_ids_for(meta: ClusterMetadata, topics: Iterable[str]) -> dict[str, uuid.UUID | None]:
    """The topic id of each name (None when metadata has none, e.g. a pre-2.8 broker)."""
    return {name: meta.topic_ids.get(name) for name in topics}


def by_topic(partitions: Iterable[TopicPartition]) -> dict[str, list[TopicPartition]]:
    """Partitions grouped by topic, topics in first-seen order (the request layout)."""
    grouped: dict[str, list[TopicPartition]] = {}
    for tp in partitions:
        grouped.setdefault(tp.topic, []).append(tp)
    return grouped


async def topic_partitions(client: KafkaClient, topic: str) -> list[TopicPartition]:
    """Every partition of ``topic``, in order; raises the topic's error if it can't be described."""
    meta = await client.metadata([topic])
    info = meta.topics[topic]
    if info.error is not None:
        raise info.error
    return [TopicPartition(topic, p) for p in sorted(info.partitions)]
