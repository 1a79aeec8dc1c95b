"""Committed and aborted records of a transactional confluent-kafka producer, per isolation level."""

from __future__ import annotations

import asyncio

import pytest
from confluent_kafka import Producer as CkProducer

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.consumer import EARLIEST, fetch_partition
from protocol.offsets import latest_offsets
from protocol.records import IsolationLevel

from .helpers import HANG_GUARD, create_topic, read_topic, tp, unique

pytestmark = pytest.mark.broker
COMMITTED, UNCOMMITTED = IsolationLevel.READ_COMMITTED, IsolationLevel.READ_UNCOMMITTED


def transactional(cluster: KafkaCluster, codec: str = "none") -> CkProducer:
    producer = CkProducer(
        {
            "bootstrap.servers": cluster.bootstrap(),
            "transactional.id": unique("txn"),
            "compression.type": codec,
            "linger.ms": 5,
        }
    )
    producer.init_transactions(30)
    return producer


def write(producer: CkProducer, topic: str, values: list[str], *, commit: bool) -> None:
    producer.begin_transaction()
    for value in values:
        producer.produce(topic, value.encode(), key=b"k")
    producer.flush(30)
    if commit:
        producer.commit_transaction(30)
    else:
        producer.abort_transaction(30)


async def markers_written(client: KafkaClient, topic: str) -> None:
    """commit_transaction returns before the coordinator wrote the markers: wait for LSO == HW."""
    async with asyncio.timeout(HANG_GUARD):
        while True:
            stable = await latest_offsets(client, [tp(topic)], COMMITTED)
            if stable == await latest_offsets(client, [tp(topic)], UNCOMMITTED):
                return
            await asyncio.sleep(0.05)


@pytest.mark.parametrize("codec", ["none", "zstd"])
async def test_isolation_levels_show_and_hide_the_right_records(
    client: KafkaClient, kafka: KafkaCluster, codec: str
) -> None:
    topic = unique(f"txn-{codec}")
    await create_topic(client, topic)

    def produce_all() -> None:
        producer = transactional(kafka, codec)
        write(producer, topic, [f"c{i}" for i in range(5)], commit=True)
        write(producer, topic, [f"a{i}" for i in range(5)], commit=False)
        plain = CkProducer({"bootstrap.servers": kafka.bootstrap()})
        plain.produce(topic, b"p0")
        plain.flush(30)
        plain.close()
        write(producer, topic, [f"c{i}" for i in range(5, 10)], commit=True)
        producer.close()

    await asyncio.to_thread(produce_all)
    await markers_written(client, topic)
    committed = [r[4] for r in await read_topic(client, topic, COMMITTED)]
    assert committed == [b"c0", b"c1", b"c2", b"c3", b"c4", b"p0", b"c5", b"c6", b"c7", b"c8", b"c9"]
    everything = [r[4] for r in await read_topic(client, topic, UNCOMMITTED)]
    assert everything == [f"c{i}".encode() for i in range(5)] + [f"a{i}".encode() for i in range(5)] + [
        b"p0",
        *(f"c{i}".encode() for i in range(5, 10)),
    ]
    # Control records (3 markers) are hidden, yet reading still got past them to the end (19).
    assert await latest_offsets(client, [tp(topic)]) == {tp(topic): 19}
    markers = []
    async with asyncio.timeout(HANG_GUARD):
        async for chunk in fetch_partition(
            client, topic, 0, EARLIEST, stop_at_end=True, include_control=True
        ):
            markers.extend(
                chunk.records.offsets[i]
                for i in range(len(chunk.records))
                if chunk.records.batch(i).is_control
            )
    assert markers == [5, 11, 18]


async def test_open_transaction_stops_read_committed_at_the_last_stable_offset(
    client: KafkaClient, kafka: KafkaCluster
) -> None:
    topic = unique("txn-open")
    await create_topic(client, topic)
    producer = await asyncio.to_thread(transactional, kafka)
    await asyncio.to_thread(write, producer, topic, ["c0", "c1"], commit=True)
    await markers_written(client, topic)
    producer.begin_transaction()
    for i in range(3):
        producer.produce(topic, f"open{i}".encode())
    await asyncio.to_thread(producer.flush, 30)
    try:
        part = tp(topic)
        assert await latest_offsets(client, [part], COMMITTED) == {part: 3}  # the COMMIT marker is 2
        assert await latest_offsets(client, [part], UNCOMMITTED) == {part: 6}
        assert [r[4] for r in await read_topic(client, topic, COMMITTED)] == [b"c0", b"c1"]
        assert len(await read_topic(client, topic, UNCOMMITTED)) == 5
    finally:
        await asyncio.to_thread(producer.abort_transaction, 30)
        await asyncio.to_thread(producer.close)
