"""``Admin``: every admin operation on one ``KafkaClient``, in one place.

Batch methods return one outcome per item (errors included); single-item methods raise. The
module functions behind them take the client as their first argument and can be used directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from protocol.admin import (
    acls,
    cluster,
    config_changes,
    configs,
    group_offsets,
    groups,
    offset_reset,
    topic_changes,
    topics,
)
from protocol.admin._batch import DEFAULT_CONCURRENCY
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.errors import KafkaApiError


class Admin:
    """Cluster, topic, config, consumer-group and ACL operations over ``client``.

    The client must be started; ``Admin`` owns nothing and needs no closing.
    """

    def __init__(self, client: KafkaClient) -> None:
        self.client = client

    # -- cluster ----------------------------------------------------------------------------
    async def describe_cluster(self) -> cluster.ClusterDescription:
        return await cluster.describe_cluster(self.client)

    async def describe_log_dirs(self, brokers: Iterable[int] | None = None,
                                topics: Sequence[str] | None = None) -> tuple[cluster.LogDirDescription, ...]:
        return await cluster.describe_log_dirs(self.client, brokers, topics)

    # -- topics -----------------------------------------------------------------------------
    async def list_topics(self, *, include_internal: bool = True) -> tuple[topics.TopicListing, ...]:
        return await topics.list_topics(self.client, include_internal=include_internal)

    async def describe_topics(self, names: Sequence[str], *, progress: topics.Progress | None = None,
                              concurrency: int = DEFAULT_CONCURRENCY) -> dict[str, topics.TopicDescription]:
        """Describe many topics in chunks, ``concurrency`` requests at most in flight."""
        return await topics.describe_topics(self.client, names, progress=progress, concurrency=concurrency)

    async def describe_all_topics(
        self, *, include_internal: bool = True, progress: topics.Progress | None = None
    ) -> dict[str, topics.TopicDescription]:
        return await topics.describe_all_topics(self.client, include_internal=include_internal,
                                                progress=progress)  # fmt: skip

    async def describe_topic(self, name: str) -> topics.TopicDescription:
        """One topic; raises if it does not exist or could not be described."""
        result = (await topics.describe_topics(self.client, [name]))[name]
        if result.error is not None:
            raise result.error
        return result

    async def create_topics(self, new: Sequence[topic_changes.NewTopic], *, validate_only: bool = False,
                            timeout_s: float = 60.0) -> dict[str, topic_changes.CreatedTopic]:
        return await topic_changes.create_topics(self.client, new, validate_only=validate_only,
                                                 timeout_s=timeout_s)  # fmt: skip

    async def create_topic(self, name: str, partitions: int = -1, replication_factor: int = -1,
                           configs: Mapping[str, str | None] | None = None, *,
                           validate_only: bool = False) -> topic_changes.CreatedTopic:
        new = topic_changes.NewTopic(name, partitions, replication_factor, dict(configs or {}))
        result = (await self.create_topics([new], validate_only=validate_only))[name]
        if result.error is not None:
            raise result.error
        return result

    async def delete_topics(self, names: Sequence[str]) -> dict[str, KafkaApiError | None]:
        return await topic_changes.delete_topics(self.client, names)

    async def delete_topic(self, name: str) -> None:
        _raise(await self.delete_topics([name]))

    async def create_partitions(self, new_totals: Mapping[str, int], *,
                                validate_only: bool = False) -> dict[str, KafkaApiError | None]:
        return await topic_changes.create_partitions(self.client, new_totals, validate_only=validate_only)

    async def add_partitions(self, topic: str, new_total: int, *, validate_only: bool = False) -> None:
        """Grow ``topic`` to ``new_total`` partitions."""
        _raise(await self.create_partitions({topic: new_total}, validate_only=validate_only))

    async def delete_records(self, before: Mapping[TopicPartition, int]) -> dict[TopicPartition, int]:
        """Delete records below each offset (-1: all); returns the new low watermarks, raising on errors."""
        outcomes = await topic_changes.delete_records(self.client, before)
        _raise({tp: o if isinstance(o, KafkaApiError) else None for tp, o in outcomes.items()})
        return {tp: o for tp, o in outcomes.items() if isinstance(o, int)}

    # -- configs ----------------------------------------------------------------------------
    async def describe_configs(
        self, resources: Sequence[configs.ConfigResource], *, documentation: bool = False
    ) -> dict[configs.ConfigResource, configs.ResourceConfig]:
        return await configs.describe_configs(self.client, resources, documentation=documentation)

    async def describe_config(self, resource: configs.ConfigResource) -> configs.ResourceConfig:
        return await configs.describe_config(self.client, resource)

    async def topic_config(self, topic: str) -> configs.ResourceConfig:
        return await configs.describe_config(self.client, configs.ConfigResource.topic(topic))

    async def alter_config(
        self,
        resource: configs.ConfigResource,
        changes: Sequence[config_changes.ConfigChange],
        *,
        validate_only: bool = False,
        force_legacy: bool = False,
    ) -> config_changes.ConfigAlteration:
        """Change configs incrementally; ``force_legacy`` uses the AlterConfigs fallback."""
        return await config_changes.alter_config(self.client, resource, changes, validate_only=validate_only,
                                                 force_legacy=force_legacy)  # fmt: skip

    # -- consumer groups --------------------------------------------------------------------
    async def list_groups(self, *, states: Sequence[str] | None = None,
                          types: Sequence[str] | None = None) -> tuple[groups.GroupListing, ...]:
        return await groups.list_groups(self.client, states=states, types=types)

    async def describe_groups(self, group_ids: Sequence[str]) -> dict[str, groups.GroupDescription]:
        return await groups.describe_groups(self.client, group_ids)

    async def describe_group(self, group_id: str) -> groups.GroupDescription:
        return await groups.describe_group(self.client, group_id)

    async def committed_offsets(self, group_id: str, topics: Sequence[str] | None = None
                                ) -> dict[TopicPartition, group_offsets.CommittedOffset]:
        return await group_offsets.committed_offsets(self.client, group_id, topics)

    async def group_lag(self, group_id: str, topics: Sequence[str] | None = None) -> group_offsets.GroupLag:
        return await group_offsets.group_lag(self.client, group_id, topics)

    async def plan_offset_reset(self, group_id: str, target: offset_reset.ResetTarget,
                                topics: offset_reset.Scope | None = None) -> offset_reset.ResetPlan:
        return await offset_reset.plan_offset_reset(self.client, group_id, target, topics)

    async def apply_offset_reset(self, plan: offset_reset.ResetPlan) -> offset_reset.ResetPlan:
        return await offset_reset.apply_offset_reset(self.client, plan)

    async def reset_offsets(self, group_id: str, target: offset_reset.ResetTarget,
                            topics: offset_reset.Scope | None = None, *,
                            dry_run: bool = True) -> offset_reset.ResetPlan:
        return await offset_reset.reset_offsets(self.client, group_id, target, topics, dry_run=dry_run)

    async def delete_groups(self, group_ids: Sequence[str]) -> dict[str, KafkaApiError | None]:
        return await group_offsets.delete_groups(self.client, group_ids)

    async def delete_group(self, group_id: str) -> None:
        _raise(await self.delete_groups([group_id]))

    async def delete_group_offsets(self, group_id: str,
                                   topics: Sequence[str]) -> dict[TopicPartition, KafkaApiError | None]:
        return await group_offsets.delete_group_offsets(self.client, group_id, topics)

    # -- ACLs -------------------------------------------------------------------------------
    async def list_acls(self) -> tuple[acls.AclBinding, ...]:
        return await acls.list_acls(self.client)


def _raise(outcomes: Mapping[Any, KafkaApiError | None]) -> None:
    """Raise the first error, with the others as notes."""
    errors = [e for e in outcomes.values() if e is not None]
    if errors:
        for other in errors[1:]:
            errors[0].add_note(f"also: {other}")
        raise errors[0]
