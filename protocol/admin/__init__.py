"""Admin operations: cluster, topics, configs, consumer groups and ACLs.

Built on ``protocol.client.KafkaClient``'s raw requests. ``Admin(client)`` gathers them; the
modules (``topics``, ``topic_changes``, ``configs``, ``config_changes``, ``groups``,
``group_offsets``, ``offset_reset``, ``cluster``, ``acls``) hold the functions, which take the
client as first argument. Results are frozen dataclasses; errors are ``protocol.errors``
exceptions (plus the few in ``protocol.admin.errors``) whose text is a sentence.

Nothing here joins a consumer group: groups are observed with ListGroups, DescribeGroups,
ConsumerGroupDescribe and OffsetFetch, and offsets are reset with admin commits only.
"""

from __future__ import annotations

from protocol.admin.acls import AclBinding, AclOperation, AclPatternType, AclPermission, AclResourceType
from protocol.admin.cluster import (
    BrokerDescription,
    ClusterDescription,
    LogDirDescription,
    ReplicaSize,
    partition_sizes,
)
from protocol.admin.config_changes import AlterOp, ConfigAlteration, ConfigChange
from protocol.admin.configs import (
    ConfigEntry,
    ConfigResource,
    ConfigSource,
    ConfigSynonym,
    ConfigType,
    ResourceConfig,
    ResourceType,
)
from protocol.admin.errors import AdminRefusedError, ConfigFallbackError, GroupActiveError, OffsetResetError
from protocol.admin.facade import Admin
from protocol.admin.group_offsets import CommittedOffset, GroupLag, PartitionLag
from protocol.admin.groups import GroupDescription, GroupListing, GroupMember
from protocol.admin.offset_reset import OffsetChange, ResetPlan, ResetTarget
from protocol.admin.topic_changes import CreatedTopic, NewTopic
from protocol.admin.topics import PartitionDescription, TopicDescription, TopicListing
from protocol.admin.types import TopicPartition

__all__ = [
    "AclBinding",
    "AclOperation",
    "AclPatternType",
    "AclPermission",
    "AclResourceType",
    "Admin",
    "AdminRefusedError",
    "AlterOp",
    "BrokerDescription",
    "ClusterDescription",
    "CommittedOffset",
    "ConfigAlteration",
    "ConfigChange",
    "ConfigEntry",
    "ConfigFallbackError",
    "ConfigResource",
    "ConfigSource",
    "ConfigSynonym",
    "ConfigType",
    "CreatedTopic",
    "GroupActiveError",
    "GroupDescription",
    "GroupLag",
    "GroupListing",
    "GroupMember",
    "LogDirDescription",
    "NewTopic",
    "OffsetChange",
    "OffsetResetError",
    "PartitionDescription",
    "PartitionLag",
    "ReplicaSize",
    "ResetPlan",
    "ResetTarget",
    "ResourceConfig",
    "ResourceType",
    "TopicDescription",
    "TopicListing",
    "TopicPartition",
    "partition_sizes",
]
