"""kcat (librdkafka) and we agree on every record, both ways, with every codec."""

from __future__ import annotations

import pytest

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.consumer import EARLIEST, fetch_partitions
from protocol.producer import Producer
from protocol.records import Codec
from protocol.topic_partition import topic_partitions
from tests.conftest import Kcat

from .helpers import CODECS, create_topic, kcat_binary_rows, kcat_json_rows, read_topic, unique

pytestmark = pytest.mark.broker


async def codecs_on_disk(client: KafkaClient, topic: str) -> set[Codec]:
    """The codec of every batch the broker stored (it keeps the producer's compression)."""
    tps = await topic_partitions(client, topic)
    seen = set()
    async for chunk in fetch_partitions(
        client, dict.fromkeys(tps, EARLIEST), stop_at_end=True, max_wait_ms=100
    ):
        seen.update(chunk.records.batch(i).codec for i in range(len(chunk.records)))
    return seen


@pytest.mark.parametrize("codec", CODECS)
async def test_kcat_produces_we_read_the_same(
    client: KafkaClient, kafka: KafkaCluster, kcat: Kcat, codec: str
) -> None:
    topic = unique(f"kcat-in-{codec}")
    await create_topic(client, topic, partitions=3)
    keyed = "\n".join(f"key-{i}:value-{i}-é-{'abc' * 30}" for i in range(60)).encode()
    kcat.run(
        "-P",
        "-b",
        kafka.bootstrap(),
        "-t",
        topic,
        "-p",
        "1",
        "-K",
        ":",
        "-z",
        codec,
        "-H",
        "trace=abc-123",
        "-H",
        "origin=kcat ü",
        input=keyed,
    )
    nulls = "\n".join(f":no key {i} {'xyz' * 30}" if i % 2 else f"key-{i}:" for i in range(20)).encode()
    kcat.run("-P", "-b", kafka.bootstrap(), "-t", topic, "-p", "2", "-K", ":", "-Z", "-z", codec, input=nulls)

    ours = await read_topic(client, topic)
    theirs = kcat_json_rows(kcat, kafka, topic)
    assert len(ours) == 80
    assert ours == theirs
    first = next(r for r in ours if r[0] == 1)
    assert first[3:] == (
        b"key-0",
        f"value-0-é-{'abc' * 30}".encode(),
        (("trace", b"abc-123"), ("origin", "kcat ü".encode())),
    )
    assert {r[1] for r in ours if r[0] == 2} == set(range(20))
    assert any(r[3] is None for r in ours) and any(r[4] is None for r in ours)
    assert await codecs_on_disk(client, topic) == {Codec[codec.upper()]}


@pytest.mark.parametrize("codec", CODECS)
async def test_we_produce_kcat_reads_the_same(
    client: KafkaClient, kafka: KafkaCluster, kcat: Kcat, codec: str
) -> None:
    topic = unique(f"kcat-out-{codec}")
    await create_topic(client, topic, partitions=3)
    records = []
    for i in range(90):
        key = f"k{i}".encode() if i % 5 else None
        value = f"v{i}-ü-{'xyz' * 30}".encode() if i % 7 else None
        headers = [("h1", f"x{i}".encode()), ("h2", None), ("h1", b"dup")] if i % 3 == 0 else []
        partition = i % 3 if i % 4 == 0 else None
        records.append((key, value, headers, partition))
    results = await Producer(client, compression=codec).send_many(topic, records)
    assert results.ok
    expected = sorted(
        (
            (m.partition, m.offset, m.timestamp, k, v, tuple(h))
            for m, (k, v, h, _) in zip(results, records, strict=True)
        ),
        key=lambda r: (r[0], r[1]),
    )
    for meta, (_key, _, _, partition) in zip(results, records, strict=True):
        if partition is not None:
            assert meta.partition == partition
    assert kcat_json_rows(kcat, kafka, topic) == expected
    assert await read_topic(client, topic) == expected
    assert await codecs_on_disk(client, topic) == {Codec[codec.upper()]}


@pytest.mark.parametrize("codec", CODECS)
async def test_binary_keys_and_values_byte_for_byte(
    client: KafkaClient, kafka: KafkaCluster, kcat: Kcat, codec: str
) -> None:
    topic = unique(f"kcat-bin-{codec}")
    await create_topic(client, topic, partitions=1)
    every_byte = bytes(range(256))
    records = [(every_byte[i:] + b"\n@", every_byte * (i % 3) + bytes([i])) for i in range(40)]
    records += [(None, b""), (b"", None), (None, None)]
    results = await Producer(client, compression=codec).send_many(topic, records)
    expected = [
        (m.partition, m.offset, m.timestamp, k, v) for m, (k, v) in zip(results, records, strict=True)
    ]
    assert kcat_binary_rows(kcat, kafka, topic) == expected
    assert [r[:5] for r in await read_topic(client, topic)] == expected
