"""The same work done by every client: read a topic to its end, write N records, count matches.

Each function reads or writes partition 0 of one topic and returns how many records it saw (or
matched), so the caller can check the count. Producers all write 1 MB batches with acks=1 (the
fastest setting for each of them, measured). Consumers use each client's default fetch sizes,
which were faster for the peers than larger ones; ours asks for 8 MiB per partition.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Awaitable, Callable

from protocol.client import ClientConfig, KafkaClient
from protocol.consumer import EARLIEST, fetch_partition
from protocol.producer import Producer
from protocol.search import count_matches

FETCH_BYTES = 8 * 1024 * 1024
BATCH_BYTES = 1_000_000


def _kcat() -> str:
    path = shutil.which("kcat")
    if path is None:
        raise RuntimeError("kcat is needed for the benchmark (Debian package 'kcat')")
    return path


# -- protocol (ours) ---------------------------------------------------------------------------


def _with_client(bootstrap: str, work: Callable[[KafkaClient], Awaitable[int]]) -> int:
    async def run() -> int:
        client = KafkaClient(ClientConfig(bootstrap))
        await client.start()
        try:
            return await work(client)
        finally:
            await client.close()

    return asyncio.run(run())


def protocol_consume(bootstrap: str, topic: str, expected: int, *, lazy: bool) -> int:
    """Eager: every record decoded into a tuple (key and value bytes). Lazy: records indexed only."""

    async def work(client: KafkaClient) -> int:
        n = 0
        eager = not lazy
        chunks = fetch_partition(
            client, topic, 0, EARLIEST, max_bytes=FETCH_BYTES, stop_at_end=True, eager=eager
        )
        async for chunk in chunks:
            if lazy:
                n += len(chunk.records)
            else:
                for _offset, _ts, _key, _value, _headers in chunk.records:
                    n += 1
        return n

    return _with_client(bootstrap, work)


def protocol_produce(bootstrap: str, topic: str, count: int, value: bytes) -> int:
    records = [(None, value)] * count

    async def work(client: KafkaClient) -> int:
        producer = Producer(client, acks=1, batch_bytes=BATCH_BYTES)
        results = await producer.send_many(topic, records, partition=0)
        results.raise_first()
        return len(results)

    return _with_client(bootstrap, work)


def protocol_search(bootstrap: str, topic: str, expected: int, needle: bytes) -> int:
    async def work(client: KafkaClient) -> int:
        options = {"partition_max_bytes": FETCH_BYTES}
        return await count_matches(client, topic, needle, fields=["value"], fetch_options=options)

    return _with_client(bootstrap, work)


# -- aiokafka ----------------------------------------------------------------------------------


async def _aiokafka_read(bootstrap: str, topic: str, expected: int, needle: bytes | None) -> int:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        seen = hits = 0
        while seen < expected:
            for messages in (await consumer.getmany(timeout_ms=1000)).values():
                for message in messages:
                    seen += 1
                    if needle is not None and needle in message.value:
                        hits += 1
        return hits if needle is not None else seen
    finally:
        await consumer.stop()


def aiokafka_consume(bootstrap: str, topic: str, expected: int) -> int:
    return asyncio.run(_aiokafka_read(bootstrap, topic, expected, None))


def aiokafka_search(bootstrap: str, topic: str, expected: int, needle: bytes) -> int:
    return asyncio.run(_aiokafka_read(bootstrap, topic, expected, needle))


def aiokafka_produce(bootstrap: str, topic: str, count: int, value: bytes) -> int:
    from aiokafka import AIOKafkaProducer

    async def work() -> int:
        producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            acks=1,
            max_batch_size=BATCH_BYTES,
            linger_ms=5,
            max_request_size=2 * BATCH_BYTES,
        )
        await producer.start()
        try:
            last = None
            for _ in range(count):
                last = await producer.send(topic, value, partition=0)
            await producer.flush()
            if last is not None:
                await last
        finally:
            await producer.stop()
        return count

    return asyncio.run(work())


# -- kafka-python ------------------------------------------------------------------------------


def _kafka_python_read(bootstrap: str, topic: str, expected: int, needle: bytes | None) -> int:
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        seen = hits = 0
        while seen < expected:
            for messages in consumer.poll(timeout_ms=1000, max_records=100_000).values():
                for message in messages:
                    seen += 1
                    if needle is not None and needle in message.value:
                        hits += 1
        return hits if needle is not None else seen
    finally:
        consumer.close()


def kafka_python_consume(bootstrap: str, topic: str, expected: int) -> int:
    return _kafka_python_read(bootstrap, topic, expected, None)


def kafka_python_search(bootstrap: str, topic: str, expected: int, needle: bytes) -> int:
    return _kafka_python_read(bootstrap, topic, expected, needle)


def kafka_python_produce(bootstrap: str, topic: str, count: int, value: bytes) -> int:
    from kafka import KafkaProducer

    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        acks=1,
        batch_size=BATCH_BYTES,
        linger_ms=5,
        max_request_size=2 * BATCH_BYTES,
    )
    try:
        for _ in range(count):
            producer.send(topic, value, partition=0)
        producer.flush()
    finally:
        producer.close()
    return count


# -- confluent-kafka (librdkafka) --------------------------------------------------------------


def _confluent_read(bootstrap: str, topic: str, expected: int, needle: bytes | None) -> int:
    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "bench-assign-only",  # required by the API; assign() joins no group
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
        }
    )
    try:
        consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        seen = hits = 0
        while seen < expected:
            for message in consumer.consume(num_messages=10_000, timeout=1.0):
                if message.error():
                    raise RuntimeError(message.error())
                seen += 1
                value = message.value()
                if needle is not None and value is not None and needle in value:
                    hits += 1
        return hits if needle is not None else seen
    finally:
        consumer.close()


def confluent_consume(bootstrap: str, topic: str, expected: int) -> int:
    return _confluent_read(bootstrap, topic, expected, None)


def confluent_search(bootstrap: str, topic: str, expected: int, needle: bytes) -> int:
    return _confluent_read(bootstrap, topic, expected, needle)


def confluent_produce(bootstrap: str, topic: str, count: int, value: bytes) -> int:
    from confluent_kafka import Producer as CkProducer

    producer = CkProducer(
        {
            "bootstrap.servers": bootstrap,
            "acks": 1,
            "linger.ms": 5,
            "batch.size": BATCH_BYTES,
            "queue.buffering.max.messages": 1_000_000,
        }
    )
    for _ in range(count):
        while True:
            try:
                producer.produce(topic, value, partition=0)
                break
            except BufferError:
                producer.poll(0.01)
    if producer.flush(300):
        raise RuntimeError("confluent-kafka did not deliver everything")
    return count


# -- kcat --------------------------------------------------------------------------------------


def kcat_consume(bootstrap: str, topic: str, expected: int) -> int:
    """``kcat -C -e``, values printed one per line into a pipe (and counted)."""
    command = [_kcat(), "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
               "-f", "%s\n"]  # fmt: skip
    return subprocess.run(command, capture_output=True, check=True).stdout.count(b"\n")


def kcat_search(bootstrap: str, topic: str, expected: int, needle: bytes) -> int:
    """``kcat -C -e ... | grep -c needle``."""
    command = (f"{_kcat()} -C -b {bootstrap} -t {topic} -o beginning -e -q -f '%s\\n' "
               f"| grep -c -F '{needle.decode()}' || true")  # fmt: skip
    return int(subprocess.run(command, shell=True, capture_output=True, check=True).stdout)


def kcat_produce(bootstrap: str, topic: str, count: int, value: bytes) -> int:
    """``kcat -P`` reading ``count`` newline-separated values from stdin."""
    command = [_kcat(), "-P", "-b", bootstrap, "-t", topic, "-p", "0", "-X", "acks=1",
               "-X", "linger.ms=5", "-X", f"batch.size={BATCH_BYTES}"]  # fmt: skip
    subprocess.run(command, input=(value + b"\n") * count, capture_output=True, check=True)
    return count
