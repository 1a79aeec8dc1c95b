"""What the explorer asks of a cluster, behind one small interface.

:class:`ClusterBackend` is the seam between the views and the cluster: the cluster browser only
calls these methods. :class:`explorer.backend.admin.AdminBackend` implements them on
``protocol.admin.Admin``; tests can give a session a fake one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from explorer.clusterdata import ConfigEntry, NewTopic
from protocol.metadata import ClusterMetadata

TopicPartition = tuple[str, int]
Watermarks = dict[TopicPartition, tuple[int | None, int | None]]
"""(low, high) per partition; ``None`` where the leader could not answer."""


class ClusterBackend(Protocol):
    async def metadata(self, refresh: bool = True) -> ClusterMetadata:
        """Brokers and every topic, fresh from a broker when ``refresh``."""
        ...

    async def watermarks(self, meta: ClusterMetadata, partitions: Sequence[TopicPartition]) -> Watermarks:
        """Low and high watermarks, asked of each partition's leader."""
        ...

    async def log_sizes(self, meta: ClusterMetadata, topics: Sequence[str]) -> dict[TopicPartition, int]:
        """Bytes on disk per partition (largest replica); empty when the cluster does not say."""
        ...

    async def topic_configs(self, topic: str) -> list[ConfigEntry]: ...

    async def create_topic(self, topic: NewTopic) -> None: ...

    async def delete_topic(self, name: str) -> None: ...

    async def add_partitions(self, name: str, total: int) -> None: ...

    async def alter_topic_config(self, topic: str, name: str, value: str | None) -> None:
        """Set ``name`` (``value`` None: remove the override, back to the default)."""
        ...
