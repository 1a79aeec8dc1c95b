"""The client's picture of the cluster: brokers, topics, partitions and leaders.

Immutable snapshots built from Metadata responses; a refresh makes a new snapshot, so a caller
holding one never sees it change underneath. Topic ids (Metadata v10+, Kafka 2.8+) are mapped
both ways because Fetch v13+ and other newer requests name topics only by id.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from protocol.errors import (
    KafkaApiError,
    LeaderNotAvailableError,
    UnknownTopicOrPartitionError,
    error_for_code,
)

_ZERO_UUID = uuid.UUID(int=0)


@dataclass(frozen=True, slots=True)
class BrokerInfo:
    """One broker as the cluster advertises it."""

    node_id: int
    host: str
    port: int
    rack: str | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class PartitionInfo:
    """Leadership and replicas of one partition; ``leader`` is -1 while none is elected."""

    partition: int
    leader: int
    leader_epoch: int
    replicas: tuple[int, ...]
    isr: tuple[int, ...]
    offline_replicas: tuple[int, ...]
    error_code: int = 0


@dataclass(frozen=True, slots=True)
class TopicInfo:
    """One topic; ``error`` is set when the broker could not describe it (e.g. it doesn't exist)."""

    name: str
    topic_id: uuid.UUID | None
    is_internal: bool
    partitions: dict[int, PartitionInfo]
    error: KafkaApiError | None = None


@dataclass(frozen=True, slots=True)
class ClusterMetadata:
    """One snapshot of the cluster, with name <-> topic-id maps."""

    cluster_id: str | None
    controller_id: int
    brokers: dict[int, BrokerInfo]
    topics: dict[str, TopicInfo]
    topic_ids: dict[str, uuid.UUID] = field(init=False, repr=False)
    topic_names: dict[uuid.UUID, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ids = {t.name: t.topic_id for t in self.topics.values() if t.topic_id is not None}
        object.__setattr__(self, "topic_ids", ids)
        object.__setattr__(self, "topic_names", {v: k for k, v in ids.items()})

    @classmethod
    def from_response(cls, response: Mapping[str, Any]) -> ClusterMetadata:
        """A snapshot from a decoded Metadata response body (any version)."""
        brokers = {b["node_id"]: BrokerInfo(b["node_id"], b["host"], b["port"], b.get("rack"))
                   for b in response["brokers"]}  # fmt: skip
        topics = {}
        for raw in response["topics"]:
            topic = topic_from_response(raw)
            topics[topic.name] = topic
        return cls(response.get("cluster_id"), response.get("controller_id", -1), brokers, topics)

    def merged(self, update: ClusterMetadata) -> ClusterMetadata:
        """This snapshot with brokers and controller from ``update`` and its topics replaced."""
        topics = dict(self.topics)
        topics.update(update.topics)
        return ClusterMetadata(update.cluster_id or self.cluster_id, update.controller_id,
                               update.brokers, topics)  # fmt: skip

    def subset(self, names: Iterable[str]) -> ClusterMetadata:
        """The same cluster with only the named topics; unknown names carry UNKNOWN_TOPIC_OR_PARTITION."""
        topics = {n: self.topics.get(n) or _unknown_topic(n) for n in names}
        return ClusterMetadata(self.cluster_id, self.controller_id, self.brokers, topics)

    def leader_for(self, topic: str, partition: int) -> int:
        """The leader's node id; raises when the topic/partition is unknown or has no leader."""
        info = self.topics.get(topic)
        if info is not None and info.error is not None:
            raise info.error
        part = info.partitions.get(partition) if info is not None else None
        if part is None:
            raise UnknownTopicOrPartitionError(context=f"Partition {topic}-{partition}")
        if part.leader < 0:
            raise LeaderNotAvailableError(context=f"Partition {topic}-{partition}")
        return part.leader

    def topic_name(self, topic_id: uuid.UUID | bytes) -> str | None:
        """The name of a topic id (as a UUID or its 16 raw bytes), if known."""
        key = topic_id if isinstance(topic_id, uuid.UUID) else uuid.UUID(bytes=bytes(topic_id))
        return self.topic_names.get(key)


def _unknown_topic(name: str) -> TopicInfo:
    error = UnknownTopicOrPartitionError(context=f"Metadata for topic '{name}'")
    return TopicInfo(name, None, False, {}, error)


def topic_from_response(raw: Mapping[str, Any]) -> TopicInfo:
    """One entry of a Metadata response's ``topics`` array."""
    name = raw.get("name") or ""
    code = raw["error_code"]
    error = error_for_code(code, context=f"Metadata for topic '{name}'") if code else None
    partitions = {
        p["partition_index"]: PartitionInfo(
            p["partition_index"],
            p["leader_id"],
            p.get("leader_epoch", -1),
            tuple(p["replica_nodes"]),
            tuple(p["isr_nodes"]),
            tuple(p.get("offline_replicas") or ()),
            p["error_code"],
        )
        for p in raw.get("partitions") or ()
    }
    return TopicInfo(name, as_topic_id(raw.get("topic_id")), bool(raw.get("is_internal", False)),
                     partitions, error)  # fmt: skip


def as_topic_id(raw: bytes | uuid.UUID | None) -> uuid.UUID | None:
    """A topic id from the codec (16 bytes or a UUID); the all-zero id means "none"."""
    if raw is None:
        return None
    value = raw if isinstance(raw, uuid.UUID) else uuid.UUID(bytes=bytes(raw))
    return None if value == _ZERO_UUID else value


def metadata_request(version: int, topics: Iterable[str] | None) -> dict[str, Any]:
    """A Metadata request body for ``version``: all topics when ``topics`` is None."""
    if topics is None:
        wanted: list[dict[str, Any]] | None = None if version >= 1 else []
    else:
        wanted = [{"name": name} for name in topics]
    return {"topics": wanted, "allow_auto_topic_creation": False,
            "include_topic_authorized_operations": False}  # fmt: skip
