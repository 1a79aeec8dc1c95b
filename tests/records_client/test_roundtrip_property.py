"""Property: whatever records we produce (any codec), fetching them back gives the same records."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from protocol.consumer import fetch_partition
from protocol.producer import Producer
from protocol.records import Codec, Record
from tests.protocol.protocol_helpers import client_for

from .helpers import CODECS, HANG_GUARD, create_topic, unique

pytestmark = pytest.mark.broker

NOW_MS = int(time.time() * 1000)
header_names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
records_strategy = st.lists(
    st.tuples(
        st.none() | st.binary(max_size=40),
        st.none() | st.binary(max_size=400),
        st.lists(st.tuples(header_names, st.none() | st.binary(max_size=30)), max_size=4),
        st.integers(0, NOW_MS),
    ),
    min_size=1,
    max_size=25,
)


@dataclass
class Session:
    """One event loop and client for all examples (a client per example would dominate the time)."""

    runner: asyncio.Runner
    client: KafkaClient
    topics: dict[str, str] = field(default_factory=dict)

    def topic(self, codec: str) -> str:
        if codec not in self.topics:
            name = unique(f"prop-{codec}")
            self.runner.run(create_topic(self.client, name))
            self.topics[codec] = name
        return self.topics[codec]


@pytest.fixture(scope="module")
def session(kafka: KafkaCluster) -> Iterator[Session]:
    runner = asyncio.Runner()
    client = client_for(kafka)
    runner.run(client.start())
    try:
        yield Session(runner, client)
    finally:
        runner.run(client.close())
        runner.close()


async def produce_and_fetch(
    client: KafkaClient, topic: str, codec: str, records: list[tuple]
) -> list[Record]:
    async with asyncio.timeout(HANG_GUARD):
        results = await Producer(client, compression=codec).send_many(
            topic, [(k, v, h, None, ts) for k, v, h, ts in records]
        )
        first, last = results[0].offset, results[-1].offset
        assert last - first == len(records) - 1  # one batch, contiguous
        fetched: list[Record] = []
        async with contextlib.aclosing(fetch_partition(client, topic, 0, first, max_wait_ms=50)) as chunks:
            async for chunk in chunks:
                fetched.extend(r for r in chunk.records if r.offset <= last)
                assert chunk.records.batch(0).codec == Codec[codec.upper()]
                if chunk.next_offset > last:
                    break
        return [r._replace(offset=r.offset - first) for r in fetched]


@pytest.mark.parametrize("codec", CODECS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=records_strategy)
def test_produce_fetch_round_trip(session: Session, codec: str, records: list[tuple]) -> None:
    topic = session.topic(codec)
    fetched = session.runner.run(produce_and_fetch(session.client, topic, codec, records))
    expected = [Record(i, ts, k, v, tuple(h)) for i, (k, v, h, ts) in enumerate(records)]
    assert fetched == expected
