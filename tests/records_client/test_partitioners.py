"""Where keyed records land: as the Java client (via librdkafka's murmur2_random) and kafka-go would."""

from __future__ import annotations

import asyncio

import pytest
from confluent_kafka import Producer as CkProducer

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.producer import Producer
from protocol.records import fnv1a_partition

from .helpers import create_topic, read_topic, unique

pytestmark = pytest.mark.broker
KEYS = [b"k%d" % i for i in range(150)] + [b"", b"\xff" * 7, "ключ".encode(), b"user-4711", b"a" * 300]


def librdkafka_placement(cluster: KafkaCluster, topic: str) -> None:
    producer = CkProducer({"bootstrap.servers": cluster.bootstrap(), "partitioner": "murmur2_random"})
    for key in KEYS:
        producer.produce(topic, b"v", key=key)
    producer.flush(30)
    producer.close()


async def placement(client: KafkaClient, topic: str) -> dict[bytes | None, int]:
    return {row[3]: row[0] for row in await read_topic(client, topic)}


async def test_murmur2_matches_java_compatible_librdkafka(client: KafkaClient, kafka: KafkaCluster) -> None:
    theirs, ours = unique("murmur-ck"), unique("murmur-ours")
    for topic in (theirs, ours):
        await create_topic(client, topic, partitions=7)
    await asyncio.to_thread(librdkafka_placement, kafka, theirs)
    results = await Producer(client).send_many(ours, [(key, b"v") for key in KEYS])
    assert results.ok
    expected = await placement(client, theirs)
    assert len(expected) == len(KEYS)
    assert await placement(client, ours) == expected
    assert len(set(expected.values())) == 7  # the keys really spread


async def test_fnv1a_matches_kafka_go_hash_balancer(client: KafkaClient) -> None:
    three, two = unique("fnv3"), unique("fnv2")
    await create_topic(client, three, partitions=3)
    await create_topic(client, two, partitions=2)
    producer = Producer(client, partitioner="fnv1a")
    # segmentio/kafka-go balancer_test.go TestHashBalancer
    assert (await producer.send(three, b"v", key=b"blah")).partition == 1
    assert (await producer.send(three, b"v", key=b"boop")).partition == 2
    assert (await producer.send(two, b"v", key=b"blah")).partition == 0
    results = await producer.send_many(three, [(key, b"v") for key in KEYS])
    assert [m.partition for m in results] == [fnv1a_partition(key, 3) for key in KEYS]


async def test_round_robin_and_sticky_keyless(client: KafkaClient) -> None:
    topic = unique("rr")
    await create_topic(client, topic, partitions=3)
    spread = await Producer(client, partitioner="round_robin").send_many(topic, [(b"same", b"v")] * 9)
    partitions = [m.partition for m in spread]
    assert sorted(partitions) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert partitions[:3] == partitions[3:6] == partitions[6:]
    sticky = await Producer(client).send_many(topic, [(None, b"v")] * 20)
    assert len({m.partition for m in sticky}) == 1  # one batch, one partition (as Java's sticky default)
