"""Shared pieces of the record-client tests: topics, reading a topic back, kcat output parsing."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Mapping
from typing import Any

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.consumer import EARLIEST, fetch_partitions
from protocol.errors import LeaderNotAvailableError
from protocol.records import IsolationLevel, Record
from protocol.retry import check_error
from protocol.topic_partition import TopicPartition, topic_partitions
from tests.conftest import Kcat

HANG_GUARD = 90.0
"""Upper bound for anything that must not hang; never a performance assertion."""

CODECS = ("none", "gzip", "snappy", "lz4", "zstd")

Row = tuple[int, int, int, bytes | None, bytes | None, tuple[tuple[str, bytes | None], ...]]
"""(partition, offset, timestamp, key, value, headers): one record as both sides see it."""


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def create_topic(
    client: KafkaClient,
    name: str,
    partitions: int = 1,
    replication: int = 1,
    configs: Mapping[str, str] | None = None,
) -> None:
    """CreateTopics on the controller, then wait until every partition has a leader and full ISR."""
    meta = await client.metadata()
    entry = {
        "name": name,
        "num_partitions": partitions,
        "replication_factor": replication,
        "configs": [{"name": k, "value": v} for k, v in (configs or {}).items()],
    }
    response = await client.send(
        meta.controller_id, ApiKey.CREATE_TOPICS, {"topics": [entry], "timeout_ms": 30000}
    )
    result = response["topics"][0]
    check_error(result["error_code"], result.get("error_message"), context=f"Creating {name}")

    async def ready() -> None:
        info = (await client.metadata([name], refresh=True)).topics[name]
        if info.error is not None:
            raise info.error
        for p in range(partitions):
            part = info.partitions.get(p)
            if part is None or part.leader < 0 or len(part.isr) < replication:
                raise LeaderNotAvailableError(context=f"{name}-{p} has no leader or full ISR yet")

    await client.retry(ready, attempts=40)


async def read_topic(
    client: KafkaClient,
    topic: str,
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
    **options: Any,
) -> list[Row]:
    """Every record of ``topic`` up to its current end, sorted by (partition, offset)."""
    tps = await topic_partitions(client, topic)
    rows: list[Row] = []
    async with asyncio.timeout(HANG_GUARD):
        async for chunk in fetch_partitions(
            client,
            dict.fromkeys(tps, EARLIEST),
            stop_at_end=True,
            isolation=isolation,
            max_wait_ms=100,
            **options,
        ):
            rows.extend((chunk.partition, *r) for r in chunk.records)
    return sorted(rows, key=lambda r: (r[0], r[1]))


def as_rows(records: list[Record], partition: int) -> list[Row]:
    return [(partition, *r) for r in records]


def kcat_json_rows(kcat: Kcat, cluster: KafkaCluster, topic: str, *extra: str) -> list[Row]:
    """kcat -C -J of the whole topic, as rows (text keys, values and headers, UTF-8)."""
    done = kcat.run("-C", "-b", cluster.bootstrap(), "-t", topic, "-o", "beginning", "-e", "-q", "-J", *extra)
    rows = []
    for line in done.stdout.decode().splitlines():
        msg = json.loads(line)
        flat = msg.get("headers") or []
        headers = tuple(
            (flat[i], None if flat[i + 1] is None else flat[i + 1].encode()) for i in range(0, len(flat), 2)
        )
        rows.append(
            (msg["partition"], msg["offset"], msg["ts"], _utf8(msg["key"]), _utf8(msg["payload"]), headers)
        )
    return sorted(rows, key=lambda r: (r[0], r[1]))


def kcat_binary_rows(
    kcat: Kcat, cluster: KafkaCluster, topic: str
) -> list[tuple[int, int, int, bytes | None, bytes | None]]:
    """kcat -C with a length-prefixed ``-f`` format: binary-safe keys and values (no headers)."""
    fmt = r"@%p %o %T %K %S\n%k%s"
    done = kcat.run("-C", "-b", cluster.bootstrap(), "-t", topic, "-o", "beginning", "-e", "-q", "-f", fmt)
    data, pos, rows = done.stdout, 0, []
    while pos < len(data):
        assert data[pos : pos + 1] == b"@", data[pos : pos + 40]
        end = data.index(b"\n", pos)
        partition, offset, ts, klen, vlen = (int(x) for x in data[pos + 1 : end].split())
        pos = end + 1
        key = None if klen < 0 else data[pos : pos + klen]
        pos += max(klen, 0)
        value = None if vlen < 0 else data[pos : pos + vlen]
        pos += max(vlen, 0)
        rows.append((partition, offset, ts, key, value))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def _utf8(text: str | None) -> bytes | None:
    return None if text is None else text.encode()


def tp(topic: str, partition: int = 0) -> TopicPartition:
    return TopicPartition(topic, partition)
