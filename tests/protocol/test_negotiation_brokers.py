"""Connecting and negotiating versions with real brokers: Kafka 4.4, 3.9 and 2.5 (ZooKeeper)."""

from __future__ import annotations

import asyncio

import pytest

from explorer.harness import KafkaCluster
from protocol.codec import API_VERSIONS_SUPPORTED, ApiKey
from protocol.connection import ConnectionSettings, connect
from protocol.errors import UnsupportedVersionError
from tests.protocol.protocol_helpers import HANG_GUARD, LeakCheck

pytestmark = pytest.mark.broker


async def negotiate(cluster: KafkaCluster) -> tuple[int, dict[int, int]]:
    leaks = LeakCheck()
    port = cluster.brokers[0].ports.PLAINTEXT
    conn = await asyncio.wait_for(connect("127.0.0.1", port, ConnectionSettings()), HANG_GUARD)
    try:
        response = await conn.request(ApiKey.METADATA, {"topics": None})
        assert response is not None and response["brokers"][0]["port"] == port
        return conn.api_versions_version, dict(conn.versions.versions)
    finally:
        await conn.close()
        await leaks.assert_clean()


async def test_kafka_4x_speaks_flexible_versions(kafka: KafkaCluster) -> None:
    api_versions, versions = await negotiate(kafka)
    assert api_versions >= 3  # flexible ApiVersions
    assert versions[ApiKey.METADATA] >= 12
    assert versions[ApiKey.FETCH] >= 13  # topic ids
    assert versions[ApiKey.PRODUCE] >= 9
    for key, version in versions.items():
        assert API_VERSIONS_SUPPORTED[key][0] <= version <= API_VERSIONS_SUPPORTED[key][1]


async def test_kafka_39(kafka39: KafkaCluster) -> None:
    api_versions, versions = await negotiate(kafka39)
    assert api_versions >= 3
    assert 12 <= versions[ApiKey.METADATA] <= 12
    assert ApiKey.DESCRIBE_TOPIC_PARTITIONS in versions  # 3.8+


async def test_kafka_25_zookeeper(kafka25: KafkaCluster) -> None:
    api_versions, versions = await negotiate(kafka25)
    assert api_versions == 3  # 2.5 knows ApiVersions v0-3, so our v4 attempt fell back
    assert versions[ApiKey.METADATA] == 9  # 2.5's highest (v9 is the first flexible Metadata)
    assert versions[ApiKey.FETCH] == 11 and versions[ApiKey.PRODUCE] == 8
    assert versions[ApiKey.FIND_COORDINATOR] == 3
    assert ApiKey.DESCRIBE_CLUSTER not in versions  # 2.8+
    assert ApiKey.DESCRIBE_TOPIC_PARTITIONS not in versions


async def test_missing_api_names_api_and_broker(kafka25: KafkaCluster) -> None:
    port = kafka25.brokers[0].ports.PLAINTEXT
    conn = await asyncio.wait_for(connect("127.0.0.1", port, ConnectionSettings(), node_id=1), HANG_GUARD)
    try:
        with pytest.raises(UnsupportedVersionError) as err:
            await conn.request(ApiKey.DESCRIBE_CLUSTER, {})
        assert "DescribeCluster" in str(err.value) and f"127.0.0.1:{port} (node 1)" in str(err.value)
    finally:
        await conn.close()
