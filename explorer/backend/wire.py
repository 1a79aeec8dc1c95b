""":class:`ClusterBackend` on ``protocol.client.KafkaClient``, speaking raw requests."""

from __future__ import annotations

from collections.abc import Sequence

from explorer.backend import TopicPartition, Watermarks, admin_ops, offsets
from explorer.clusterdata import ConfigEntry, NewTopic
from protocol.client import KafkaClient
from protocol.metadata import ClusterMetadata


class WireBackend:
    """Everything the cluster browser needs, on one started client (which it does not own)."""

    def __init__(self, client: KafkaClient) -> None:
        self.client = client

    async def metadata(self, refresh: bool = True) -> ClusterMetadata:
        return await self.client.metadata(refresh=refresh)

    async def watermarks(self, meta: ClusterMetadata, partitions: Sequence[TopicPartition]) -> Watermarks:
        return await offsets.watermarks(self.client, meta, partitions)

    async def log_sizes(self, meta: ClusterMetadata, topics: Sequence[str]) -> dict[TopicPartition, int]:
        return await offsets.log_sizes(self.client, meta, topics)

    async def topic_configs(self, topic: str) -> list[ConfigEntry]:
        return await admin_ops.topic_configs(self.client, topic)

    async def create_topic(self, topic: NewTopic) -> None:
        await admin_ops.create_topic(self.client, topic)

    async def delete_topic(self, name: str) -> None:
        await admin_ops.delete_topic(self.client, name)

    async def add_partitions(self, name: str, total: int) -> None:
        await admin_ops.add_partitions(self.client, name, total)

    async def alter_topic_config(self, topic: str, name: str, value: str | None) -> None:
        await admin_ops.alter_topic_config(self.client, topic, name, value)
