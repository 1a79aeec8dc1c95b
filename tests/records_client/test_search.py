"""Topic search: strings and regexes in keys, values and headers, ranges, progress, cancellation."""

from __future__ import annotations

import asyncio
import re

import pytest

from protocol.client import KafkaClient
from protocol.producer import Producer
from protocol.search import SearchHit, SearchProgress, TopicSearch, count_matches, search_topic
from tests.protocol.protocol_helpers import other_tasks

from .helpers import HANG_GUARD, create_topic, unique

pytestmark = pytest.mark.broker


async def haystack(client: KafkaClient, codec: str = "lz4") -> str:
    """3 partitions x 400 records; the needle 'Nadel' hides in some keys, values and headers."""
    topic = unique("search")
    await create_topic(client, topic, partitions=3)
    producer = Producer(client, compression=codec, batch_bytes=4000)
    for p in range(3):
        records = []
        for i in range(400):
            key = b"key-Nadel-%d" % i if i % 100 == 7 else b"key-%d" % i
            value = b"some value with Nadel inside %d" % i if i % 50 == 3 else b"plain value %d" % i
            headers = [("tag", b"nadel" if i % 120 == 5 else b"x"), ("none", None)]
            records.append((key, value, headers, p))
        (await producer.send_many(topic, records)).raise_first()
    return topic


async def hits(client: KafkaClient, topic: str, needle: object, **options: object) -> list[SearchHit]:
    async with asyncio.timeout(HANG_GUARD):
        return [h async for h in search_topic(client, topic, needle, **options)]  # type: ignore[arg-type]


def where(found: list[SearchHit]) -> list[tuple[int, int]]:
    return sorted((h.partition, h.offset) for h in found)


KEY_HITS = [i for i in range(400) if i % 100 == 7]
VALUE_HITS = [i for i in range(400) if i % 50 == 3]
HEADER_HITS = [i for i in range(400) if i % 120 == 5]


async def test_string_in_every_field_across_the_topic(client: KafkaClient) -> None:
    topic = await haystack(client)
    found = await hits(client, topic, "Nadel")
    expected = sorted(set(KEY_HITS) | set(VALUE_HITS))
    assert where(found) == [(p, i) for p in range(3) for i in expected]
    first = next(h for h in found if h.partition == 1 and h.offset == 3)
    assert first.value == b"some value with Nadel inside 3" and first.key == b"key-3"
    assert first.headers == (("tag", b"x"), ("none", None)) and first.topic == topic
    assert where(await hits(client, topic, "nadel", fields=["headers"])) == [
        (p, i) for p in range(3) for i in HEADER_HITS
    ]
    ignoring_case = await hits(client, topic, "nadel", ignore_case=True)
    assert where(ignoring_case) == [
        (p, i) for p in range(3) for i in sorted({*KEY_HITS, *VALUE_HITS, *HEADER_HITS})
    ]
    assert where(await hits(client, topic, b"Nadel", fields=("key",))) == [
        (p, i) for p in range(3) for i in KEY_HITS
    ]


async def test_regex_and_counting(client: KafkaClient) -> None:
    topic = await haystack(client, codec="zstd")
    pattern = re.compile(r"inside 1\d3$")
    assert where(await hits(client, topic, pattern, fields=["value"])) == [
        (p, i) for p in range(3) for i in (103, 153, 163, 173, 183, 193) if i % 50 == 3
    ]
    assert await count_matches(client, topic, re.compile(rb"key-Nadel-\d+")) == 3 * len(KEY_HITS)
    assert await count_matches(client, topic, "not there at all") == 0


async def test_partition_and_offset_range(client: KafkaClient) -> None:
    topic = await haystack(client)
    found = await hits(client, topic, "Nadel", partitions=[2], start=100, end=300)
    assert where(found) == [(2, i) for i in sorted({*KEY_HITS, *VALUE_HITS}) if 100 <= i < 300]
    per_partition = await hits(client, topic, "Nadel", start={0: 350, 1: 0}, end={1: 10})
    assert where(per_partition) == [(0, 353), (1, 3), (1, 7)] + [
        (2, i) for i in sorted({*KEY_HITS, *VALUE_HITS})
    ]
    with pytest.raises(ValueError, match="no partition 9"):
        await hits(client, topic, "x", partitions=[9])


async def test_progress_reports_every_chunk(client: KafkaClient) -> None:
    topic = await haystack(client, codec="none")
    reports: list[SearchProgress] = []
    search = TopicSearch(
        client,
        topic,
        "Nadel",
        on_progress=reports.append,
        fetch_options={"partition_max_bytes": 3000, "max_bytes": 6000},
    )
    async with asyncio.timeout(HANG_GUARD):
        assert await search.count() == 3 * len({*KEY_HITS, *VALUE_HITS})
    assert len(reports) > 10
    assert [r.scanned for r in reports] == sorted(r.scanned for r in reports)
    assert [r.offsets_done for r in reports] == sorted(r.offsets_done for r in reports)
    last = reports[-1]
    assert (last.scanned, last.offsets_done, last.offsets_total, last.fraction) == (1200, 1200, 1200, 1.0)
    assert last.matches == search.matches and 0 < reports[0].fraction < 1


@pytest.mark.parametrize("how", ["count", "async with"])
async def test_cancelling_a_search_leaves_nothing_running(client: KafkaClient, how: str) -> None:
    topic = await haystack(client, codec="none")
    started = asyncio.Event()
    search = TopicSearch(
        client,
        topic,
        "Nadel",
        on_progress=lambda _: started.set(),
        fetch_options={"partition_max_bytes": 500, "max_bytes": 1000},
    )

    async def run() -> None:
        if how == "count":  # cancelled while the search itself awaits a fetch
            await search.count()
            return
        async with search:  # cancelled while the caller awaits something else between hits
            async for _ in search:
                await asyncio.sleep(0.05)

    task = asyncio.create_task(run())
    await asyncio.wait_for(started.wait(), HANG_GUARD)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert other_tasks() == set()
    assert search.scanned < 1200
