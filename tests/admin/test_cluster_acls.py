"""Cluster description, log-dir sizes and ACL listing against real brokers."""

from __future__ import annotations

import asyncio

import pytest
from confluent_kafka.admin import AclBinding as KafkaAclBinding
from confluent_kafka.admin import (
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
)

from explorer.harness import KafkaCluster
from protocol.admin import (
    AclBinding,
    AclPatternType,
    AclPermission,
    AclResourceType,
    TopicPartition,
    partition_sizes,
)
from protocol.admin import AclOperation as Operation
from tests.admin.conftest import produce, started_admin, unique

pytestmark = pytest.mark.broker


async def test_describe_cluster(cluster: KafkaCluster) -> None:
    admin = await started_admin(cluster)
    try:
        described = await admin.describe_cluster()
        # DescribeCluster arrived in 2.8; older brokers are described from Metadata.
        assert described.source == ("DescribeCluster" if cluster.kraft else "Metadata")
        (broker,) = described.brokers
        port = int(cluster.bootstrap("PLAINTEXT").rsplit(":", 1)[1])
        assert (broker.node_id, broker.host, broker.port, broker.rack) == (1, "127.0.0.1", port, None)
        assert described.controller_id == 1 and described.cluster_id
        assert described.cluster_id == admin.client.cluster.cluster_id
    finally:
        await admin.client.close()


async def test_three_brokers_replicas_and_offline_replicas(kafka3: KafkaCluster) -> None:
    admin = await started_admin(kafka3)
    try:
        described = await admin.describe_cluster()
        assert [b.node_id for b in described.brokers] == [1, 2, 3]
        topic = unique("rf3")
        await admin.create_topic(topic, 2, 3)
        info = await admin.describe_topic(topic)
        assert all(sorted(p.replicas) == [1, 2, 3] and sorted(p.isr) == [1, 2, 3] for p in info.partitions)
        victim = 3 if described.controller_id != 3 else 2
        kafka3.stop_node(victim)
        try:
            for _ in range(200):
                info = await admin.describe_topic(topic)
                if all(victim in p.offline_replicas for p in info.partitions):
                    break
                await asyncio.sleep(0.1)
            for part in info.partitions:
                assert victim in part.offline_replicas and victim not in part.isr and part.under_replicated
                assert part.leader != victim and part.high_watermark == 0
        finally:
            kafka3.start_node(victim)
        await admin.delete_topic(topic)
    finally:
        await admin.client.close()


async def test_log_dir_sizes(cluster: KafkaCluster) -> None:
    admin = await started_admin(cluster)
    try:
        topic = unique("sizes")
        await admin.create_topic(topic, 2, 1)
        await asyncio.to_thread(produce, cluster, topic, {0: 50})
        dirs = await admin.describe_log_dirs(topics=[topic])
        (log_dir,) = dirs
        assert log_dir.broker == 1 and log_dir.error is None and log_dir.path
        assert (log_dir.total_bytes is not None) == cluster.kraft  # DescribeLogDirs v4 (3.3+)
        sizes = partition_sizes(dirs)
        assert set(sizes) == {TopicPartition(topic, 0), TopicPartition(topic, 1)}
        assert sizes[TopicPartition(topic, 0)][1] > 50 * 3 and sizes[TopicPartition(topic, 1)] == {1: 0}
        everything = await admin.describe_log_dirs()
        assert topic in {r.topic for d in everything for r in d.replicas}
        await admin.delete_topic(topic)
    finally:
        await admin.client.close()


async def test_list_acls_made_by_another_client(cluster: KafkaCluster) -> None:
    admin = await started_admin(cluster)
    other = AdminClient({"bootstrap.servers": cluster.bootstrap("PLAINTEXT")})
    topic, prefix = unique("acl"), unique("deny")
    bindings = [
        KafkaAclBinding(ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, "User:alice", "*",
                        AclOperation.READ, AclPermissionType.ALLOW),
        KafkaAclBinding(ResourceType.GROUP, prefix, ResourcePatternType.PREFIXED, "User:bob", "10.0.0.1",
                        AclOperation.DESCRIBE, AclPermissionType.DENY),
    ]  # fmt: skip
    try:
        for future in other.create_acls(bindings).values():
            await asyncio.to_thread(future.result, 30)
        listed = set(await admin.list_acls())
        assert AclBinding(AclResourceType.TOPIC, topic, AclPatternType.LITERAL, "User:alice", "*",
                          Operation.READ, AclPermission.ALLOW) in listed
        denied = AclBinding(AclResourceType.GROUP, prefix, AclPatternType.PREFIXED, "User:bob", "10.0.0.1",
                            Operation.DESCRIBE, AclPermission.DENY)
        assert denied in listed
        assert str(denied) == f"DENY User:bob from 10.0.0.1 DESCRIBE on GROUP PREFIXED '{prefix}'"
    finally:
        filters = [AclBindingFilter(b.restype, b.name, b.resource_pattern_type, b.principal, b.host,
                                    b.operation, b.permission_type) for b in bindings]  # fmt: skip
        for future in other.delete_acls(filters).values():
            await asyncio.to_thread(future.result, 30)
        await admin.client.close()
    assert not {b.resource_name for b in await _acls(cluster)} & {topic, prefix}


async def _acls(cluster: KafkaCluster) -> tuple[AclBinding, ...]:
    admin = await started_admin(cluster)
    try:
        return await admin.list_acls()
    finally:
        await admin.client.close()
