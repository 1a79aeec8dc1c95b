"""Sends the sandbox's demo content: creates the topics, seeds them, then keeps a trickle going.

Qt-free and asyncio-only, so it runs on the app's loop without blocking it: every send is an
awaited request and the seed goes out in bulk batches.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Iterator

from explorer.demo import DEMO_TOPICS, DemoTopic, Message, messages
from protocol.admin import Admin
from protocol.admin.offset_reset import ResetTarget
from protocol.admin.topic_changes import NewTopic
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.producer import ACKS_LEADER, Producer

log = logging.getLogger(__name__)

DEMO_GROUP = "demo-billing"
"""A consumer group with committed offsets half way through ``orders``, so lag shows."""

TICK_S = 0.5


class DemoTraffic:
    """The demo topics' producer: :meth:`seed` once, then :meth:`run` until cancelled."""

    def __init__(self, client: KafkaClient, topics: tuple[DemoTopic, ...] = DEMO_TOPICS) -> None:
        self.client = client
        self.topics = topics
        self._streams: dict[str, Iterator[Message]] = {}
        self._producers: dict[str, Producer] = {}
        self.sent = 0

    def _producer(self, topic: DemoTopic) -> Producer:
        name = topic.codec.name
        if name not in self._producers:
            self._producers[name] = Producer(self.client, acks=ACKS_LEADER, compression=topic.codec)
        return self._producers[name]

    async def create_topics(self) -> None:
        new = [NewTopic(t.name, t.partitions, 1, dict(t.configs)) for t in self.topics]
        await Admin(self.client).create_topics(new)

    async def _send(self, topic: DemoTopic, count: int) -> None:
        stream = self._streams.setdefault(topic.name, messages(topic))
        batch = [(k, v, h) for k, v, h in itertools.islice(stream, count)]
        results = await self._producer(topic).send_many(topic.name, batch)
        if results.errors:
            log.warning("demo traffic to %s: %s", topic.name, results.errors[0])
        self.sent += len(batch)

    async def seed(self) -> None:
        """Create the topics and write their first messages, and a demo consumer group."""
        await self.create_topics()
        await asyncio.gather(*(self._send(t, t.seed_count) for t in self.topics))
        await self._commit_demo_group()

    async def _commit_demo_group(self) -> None:
        orders = next(t for t in self.topics if t.name == "orders")
        per_partition = orders.seed_count // orders.partitions // 2
        target = ResetTarget.to_offsets(
            {TopicPartition("orders", p): per_partition for p in range(orders.partitions)})
        await Admin(self.client).reset_offsets(DEMO_GROUP, target, ["orders"], dry_run=False)

    async def run(self) -> None:
        """Send each topic's trickle, for ever (cancel the task to stop)."""
        owed = dict.fromkeys((t.name for t in self.topics), 0.0)
        while True:
            await asyncio.sleep(TICK_S)
            sends = []
            for topic in self.topics:
                owed[topic.name] += topic.trickle_per_second * TICK_S
                whole = int(owed[topic.name])
                if whole:
                    owed[topic.name] -= whole
                    sends.append(self._send(topic, whole))
            try:
                await asyncio.gather(*sends)
            except Exception as exc:  # the broker may be going away as the app quits
                log.warning("demo traffic paused: %s", exc)
