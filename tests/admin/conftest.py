"""Fixtures for the admin tests: a started client and ``Admin`` per test, and real peers.

Peers that are not ours (confluent-kafka's producer, consumer and AdminClient) are blocking;
tests call them in threads so the event loop keeps running.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import pytest
from confluent_kafka import Consumer, Message, Producer
from confluent_kafka import TopicPartition as KafkaTopicPartition

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
            stamp = 0 if timestamp_ms is None else timestamp_ms + i  # 0: the producer's clock
            producer.produce(topic, value=f"{partition}:{i}".encode(), partition=partition, timestamp=stamp)
    remaining = producer.flush(30)
    assert remaining == 0, f"{remaining} records were not delivered"


class GroupConsumer:
    """A confluent-kafka consumer in a group: a real client to observe and to resume after resets.

    Auto-commit is off; the test commits what it wants. Methods block: call them in a thread.
    """

    def __init__(self, cluster: KafkaCluster, group: str, topics: list[str], *, client_id: str = "lag-probe",
                 protocol: str = "classic") -> None:
        conf = {"bootstrap.servers": cluster.bootstrap("PLAINTEXT"), "group.id": group,
                "client.id": client_id, "auto.offset.reset": "earliest", "enable.auto.commit": False}
        if protocol == "consumer":
            conf["group.protocol"] = "consumer"
        self.consumer = Consumer(conf)
        self.consumer.subscribe(topics)
        self.pending: list[Message] = []

    def wait_assigned(self, partitions: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.consumer.assignment()) < partitions:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {self.consumer.assignment()} assigned after {timeout}s")
            message = self.consumer.poll(0.1)
            if message is not None and message.error() is None:
                self.pending.append(message)

    def commit(self, topic: str, offsets: dict[int, int]) -> None:
        self.consumer.commit(offsets=[KafkaTopicPartition(topic, p, o) for p, o in offsets.items()],
                             asynchronous=False)  # fmt: skip

    def first_offsets(self, partitions: int, timeout: float = 30) -> dict[int, int]:
        """The offset of the first record received from each partition."""
        first: dict[int, int] = {}
        deadline = time.monotonic() + timeout
        while len(first) < partitions:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {first} received after {timeout}s")
            message = self.pending.pop(0) if self.pending else self.consumer.poll(0.1)
            if message is not None and message.error() is None:
                partition, offset = message.partition(), message.offset()
                assert partition is not None and offset is not None
                first.setdefault(partition, offset)
        return first

    def close(self) -> None:
        self.consumer.close()
