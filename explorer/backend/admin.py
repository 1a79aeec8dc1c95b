""":class:`ClusterBackend` on ``protocol.admin.Admin``: the admin layer the protocol package provides."""

from __future__ import annotations

from collections.abc import Sequence

from explorer.backend import TopicPartition, Watermarks
from explorer.clusterdata import ConfigEntry, NewTopic
from protocol.admin.cluster import partition_sizes
from protocol.admin.config_changes import ConfigChange
from protocol.admin.configs import ConfigEntry as AdminConfigEntry
from protocol.admin.configs import ConfigResource, ConfigSource
from protocol.admin.facade import Admin
from protocol.client import KafkaClient
from protocol.errors import KafkaApiError
from protocol.metadata import ClusterMetadata

SOURCES = {
    ConfigSource.UNKNOWN: "unknown",
    ConfigSource.DYNAMIC_TOPIC_CONFIG: "topic override",
    ConfigSource.DYNAMIC_BROKER_CONFIG: "broker (dynamic)",
    ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG: "cluster default (dynamic)",
    ConfigSource.STATIC_BROKER_CONFIG: "broker (server.properties)",
    ConfigSource.DEFAULT_CONFIG: "Kafka default",
    ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG: "broker logger",
    ConfigSource.CLIENT_METRICS_CONFIG: "client metrics",
    ConfigSource.GROUP_CONFIG: "group",
}
"""Where a value comes from, as the configs table says it."""


def config_entry(entry: AdminConfigEntry) -> ConfigEntry:
    return ConfigEntry(
        entry.name,
        entry.value,
        SOURCES.get(entry.source, "unknown"),
        entry.sensitive,
        entry.read_only,
        entry.is_default,
        entry.documentation,
    )


class AdminBackend:
    """Everything the cluster browser needs, on one started client (which it does not own)."""

    def __init__(self, client: KafkaClient) -> None:
        self.client = client
        self.admin = Admin(client)

    async def metadata(self, refresh: bool = True) -> ClusterMetadata:
        return await self.client.metadata(refresh=refresh)

    async def watermarks(self, meta: ClusterMetadata, partitions: Sequence[TopicPartition]) -> Watermarks:
        """Described a chunk of topics at a time (Metadata, then ListOffsets per leader)."""
        topics = list(dict.fromkeys(topic for topic, _ in partitions))
        described = await self.admin.describe_topics(topics)
        found = {
            (name, p.partition): (p.low_watermark, p.high_watermark)
            for name, topic in described.items()
            for p in topic.partitions
        }
        return {tp: found.get(tp, (None, None)) for tp in partitions}

    async def log_sizes(self, meta: ClusterMetadata, topics: Sequence[str]) -> dict[TopicPartition, int]:
        """The largest replica of each partition; empty when the cluster will not say (no permission)."""
        try:
            dirs = await self.admin.describe_log_dirs(topics=topics)
        except KafkaApiError:
            return {}
        return {(tp.topic, tp.partition): max(sizes.values()) for tp, sizes in partition_sizes(dirs).items()}

    async def topic_configs(self, topic: str) -> list[ConfigEntry]:
        resource = ConfigResource.topic(topic)
        config = (await self.admin.describe_configs([resource], documentation=True))[resource]
        if config.error is not None:
            raise config.error
        return sorted((config_entry(e) for e in config.entries), key=lambda e: e.name)

    async def create_topic(self, topic: NewTopic) -> None:
        await self.admin.create_topic(topic.name, topic.partitions, topic.replication, topic.configs)

    async def delete_topic(self, name: str) -> None:
        await self.admin.delete_topic(name)

    async def add_partitions(self, name: str, total: int) -> None:
        await self.admin.add_partitions(name, total)

    async def alter_topic_config(self, topic: str, name: str, value: str | None) -> None:
        change = ConfigChange.delete(name) if value is None else ConfigChange.set(name, value)
        await self.admin.alter_config(ConfigResource.topic(topic), [change])
