"""Fixtures for the admin tests: a started client and ``Admin`` per test, and real peers.

Peers that are not ours (confluent-kafka's producer, consumer and AdminClient) are blocking;
tests call them in threads so the event loop keeps running.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from confluent_kafka import Producer

from explorer.harness import KafkaCluster
from protocol.admin import Admin
from protocol.client import ClientConfig, KafkaClient

pytestmark = pytest.mark.broker


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def started_admin(cluster: KafkaCluster) -> Admin:
    client = KafkaClient(ClientConfig(cluster.bootstrap("PLAINTEXT")))
    await client.start()
    return Admin(client)


@pytest.fixture
async def admin(kafka: KafkaCluster) -> AsyncIterator[Admin]:
    """An ``Admin`` on the shared 4.x broker."""
    adm = await started_admin(kafka)
    yield adm
    await adm.client.close()


@pytest.fixture
async def admin25(kafka25: KafkaCluster) -> AsyncIterator[Admin]:
    """An ``Admin`` on the shared Kafka 2.5 (ZooKeeper) broker."""
    adm = await started_admin(kafka25)
    yield adm
    await adm.client.close()


def produce(cluster: KafkaCluster, topic: str, counts: dict[int, int], *,
            timestamp_ms: int | None = None) -> None:
    """Write ``counts[p]`` records to each partition ``p`` with confluent-kafka (blocking)."""
    producer = Producer({"bootstrap.servers": cluster.bootstrap("PLAINTEXT"), "linger.ms": 5})
    for partition, count in counts.items():
        for i in range(count):
            extra = {} if timestamp_ms is None else {"timestamp": timestamp_ms + i}
            producer.produce(topic, value=f"{partition}:{i}".encode(), partition=partition, **extra)
    remaining = producer.flush(30)
    assert remaining == 0, f"{remaining} records were not delivered"
