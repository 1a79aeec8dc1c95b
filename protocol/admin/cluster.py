"""The cluster itself: its id, controller and brokers, and what each broker's log dirs hold."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from protocol.admin._batch import DEFAULT_CONCURRENCY, gather_bounded
from protocol.admin._routing import check_top_level, fetch_metadata, item_error, read_any
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaApiError, UnsupportedVersionError


@dataclass(frozen=True, slots=True)
class BrokerDescription:
    """One broker; ``rack`` is None when it has none."""

    node_id: int
    host: str
    port: int
    rack: str | None = None


@dataclass(frozen=True, slots=True)
class ClusterDescription:
    """Cluster id, controller and brokers (sorted by id).

    KRaft clusters do not expose their controllers to clients: ``controller_id`` is then a
    broker that forwards controller requests. ``source`` names the API that answered.
    """

    cluster_id: str | None
    controller_id: int
    brokers: tuple[BrokerDescription, ...]
    source: str


@dataclass(frozen=True, slots=True)
class ReplicaSize:
    """One replica in a log dir: its size on disk and how far it lags (future = being moved here)."""

    topic: str
    partition: int
    size_bytes: int
    offset_lag: int
    is_future: bool


@dataclass(frozen=True, slots=True)
class LogDirDescription:
    """One log dir of one broker; space figures are None before Kafka 3.3 (DescribeLogDirs v4)."""

    broker: int
    path: str
    replicas: tuple[ReplicaSize, ...]
    total_bytes: int | None = None
    usable_bytes: int | None = None
    error: KafkaApiError | None = None

    @property
    def size_bytes(self) -> int:
        return sum(r.size_bytes for r in self.replicas)


async def describe_cluster(client: KafkaClient) -> ClusterDescription:
    """Id, controller and brokers: DescribeCluster on Kafka 2.8+, Metadata before that."""
    try:
        response = await read_any(client, ApiKey.DESCRIBE_CLUSTER, {"endpoint_type": 1})
    except UnsupportedVersionError:
        meta = await fetch_metadata(client, [])
        brokers = [BrokerDescription(b.node_id, b.host, b.port, b.rack) for b in meta.brokers.values()]
        return ClusterDescription(meta.cluster_id, meta.controller_id, _sorted(brokers), "Metadata")
    check_top_level(response, "Describing the cluster")
    brokers = [BrokerDescription(b["broker_id"], b["host"], b["port"], b.get("rack"))
               for b in response["brokers"]]  # fmt: skip
    return ClusterDescription(response["cluster_id"], response["controller_id"], _sorted(brokers),
                              "DescribeCluster")  # fmt: skip


async def describe_log_dirs(
    client: KafkaClient,
    brokers: Iterable[int] | None = None,
    topics: Sequence[str] | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> tuple[LogDirDescription, ...]:
    """The log dirs of each broker (all by default) and the replicas in them.

    ``topics`` limits the answer to those topics' partitions (the partition lists come from
    fresh metadata); by default every replica is reported.
    """
    meta = await fetch_metadata(client, [] if topics is None else list(topics))
    nodes = sorted(meta.brokers) if brokers is None else list(brokers)
    wanted: list[dict[str, Any]] | None = None
    if topics is not None:
        wanted = [{"topic": t.name, "partitions": sorted(t.partitions)}
                  for t in meta.topics.values() if t.error is None]  # fmt: skip
    jobs = [partial(_log_dirs_of, client, node, wanted) for node in nodes]
    results = await gather_bounded(jobs, concurrency)
    return tuple(d for dirs in results for d in dirs)


def partition_sizes(log_dirs: Iterable[LogDirDescription]) -> dict[TopicPartition, dict[int, int]]:
    """Bytes on disk per partition and broker (current replicas only, not future ones)."""
    sizes: dict[TopicPartition, dict[int, int]] = {}
    for log_dir in log_dirs:
        for replica in log_dir.replicas:
            if not replica.is_future:
                per_broker = sizes.setdefault(TopicPartition(replica.topic, replica.partition), {})
                per_broker[log_dir.broker] = per_broker.get(log_dir.broker, 0) + replica.size_bytes
    return sizes


async def _log_dirs_of(client: KafkaClient, node: int,
                       wanted: list[dict[str, Any]] | None) -> list[LogDirDescription]:
    response = await client.retry(lambda: client.send(node, ApiKey.DESCRIBE_LOG_DIRS, {"topics": wanted}))
    check_top_level(response, f"Describing the log dirs of broker {node}")
    return [_log_dir(node, result) for result in response["results"]]


def _log_dir(node: int, result: Mapping[str, Any]) -> LogDirDescription:
    path = result["log_dir"]
    error = item_error(result["error_code"], None, f"Log dir {path} of broker {node}")
    replicas = tuple(ReplicaSize(t["name"], p["partition_index"], p["partition_size"], p["offset_lag"],
                                 p["is_future_key"])
                     for t in result["topics"] for p in t["partitions"])  # fmt: skip
    total, usable = result.get("total_bytes", -1), result.get("usable_bytes", -1)
    return LogDirDescription(node, path, replicas, total if total >= 0 else None,
                             usable if usable >= 0 else None, error)  # fmt: skip


def _sorted(brokers: list[BrokerDescription]) -> tuple[BrokerDescription, ...]:
    return tuple(sorted(brokers, key=lambda b: b.node_id))

