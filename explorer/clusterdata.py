"""What the explorer shows of a cluster, as plain data: brokers, topics, partitions, configs.

Built from ``protocol`` results by :mod:`explorer.backend`; adapted for views by
:mod:`explorer.models`. Nothing here knows about Qt or sockets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protocol.metadata import ClusterMetadata, TopicInfo


@dataclass(frozen=True, slots=True)
class BrokerRow:
    node_id: int
    host: str
    port: int
    rack: str | None
    is_controller: bool

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(slots=True)
class TopicRow:
    """One line of the topics table. Counts and sizes arrive after the names (``None`` until then)."""

    name: str
    internal: bool
    partitions: int
    replication: int
    under_replicated: int = 0
    messages: int | None = None
    size: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PartitionRow:
    partition: int
    leader: int
    replicas: tuple[int, ...]
    isr: tuple[int, ...]
    offline: tuple[int, ...]
    low: int | None = None
    high: int | None = None
    size: int | None = None

    @property
    def messages(self) -> int | None:
        """High minus low watermark: exact for plain topics, an upper bound with compaction."""
        if self.low is None or self.high is None:
            return None
        return max(0, self.high - self.low)

    @property
    def under_replicated(self) -> bool:
        return len(self.isr) < len(self.replicas)


@dataclass(frozen=True, slots=True)
class ConfigEntry:
    name: str
    value: str | None
    source: str
    sensitive: bool
    read_only: bool
    is_default: bool
    documentation: str | None = None

    @property
    def shown_value(self) -> str:
        if self.sensitive:
            return "(hidden)"
        return "(null)" if self.value is None else self.value


@dataclass(frozen=True, slots=True)
class NewTopic:
    name: str
    partitions: int
    replication: int
    configs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    cluster_id: str | None
    controller_id: int
    brokers: list[BrokerRow]


def summary_from(meta: ClusterMetadata) -> ClusterSummary:
    brokers = [
        BrokerRow(b.node_id, b.host, b.port, b.rack, b.node_id == meta.controller_id)
        for b in sorted(meta.brokers.values(), key=lambda b: b.node_id)
    ]
    return ClusterSummary(meta.cluster_id, meta.controller_id, brokers)


def topic_row(info: TopicInfo) -> TopicRow:
    parts = info.partitions.values()
    replication = max((len(p.replicas) for p in parts), default=0)
    under = sum(1 for p in parts if len(p.isr) < len(p.replicas))
    error = str(info.error) if info.error is not None else None
    return TopicRow(info.name, info.is_internal, len(info.partitions), replication, under, error=error)


def partition_rows(info: TopicInfo) -> list[PartitionRow]:
    return [
        PartitionRow(p.partition, p.leader, p.replicas, p.isr, p.offline_replicas)
        for p in sorted(info.partitions.values(), key=lambda p: p.partition)
    ]
