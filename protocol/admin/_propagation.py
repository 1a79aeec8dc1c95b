"""Waiting for topic changes to reach every broker.

The controller acknowledges a created or deleted topic before the brokers' metadata shows it;
until then a broker may still answer "no such topic" (or list a deleted one). Each broker is
asked in turn, so a describe that lands anywhere afterwards sees the change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import partial

from protocol.admin._batch import chunked, gather_bounded
from protocol.admin._routing import fetch_metadata
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaConnectionError, KafkaTimeoutError, UnknownTopicOrPartitionError
from protocol.metadata import ClusterMetadata, TopicInfo, metadata_request

TOPICS_PER_REQUEST = 1000


async def settled_in_metadata(client: KafkaClient, names: Sequence[str], present: bool,
                              timeout_s: float) -> bool:
    """Poll every broker until the topics exist with leaders (``present``) or are gone.

    Returns False on timeout. Brokers that cannot be reached are left out, not waited for.
    """
    if not names:
        return True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    nodes = sorted((await fetch_metadata(client, [])).brokers)
    pending = {node: list(names) for node in nodes}
    delay = 0.02
    while True:
        jobs = [partial(_unsettled, client, node, chunk, present)
                for node, waiting in pending.items()
                for chunk in chunked(waiting, TOPICS_PER_REQUEST)]  # fmt: skip
        pending = {}
        for node, unsettled in await gather_bounded(jobs):
            if unsettled:
                pending.setdefault(node, []).extend(unsettled)
        if not pending:
            return True
        if loop.time() + delay > deadline:
            return False
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.5)


async def _unsettled(client: KafkaClient, node: int, names: list[str],
                     present: bool) -> tuple[int, list[str]]:
    """The names ``node`` does not yet show as wanted (none if the node is unreachable)."""
    try:
        response = await client.send(node, ApiKey.METADATA, lambda version: metadata_request(version, names))
    except (KafkaConnectionError, KafkaTimeoutError):
        return node, []
    topics = ClusterMetadata.from_response(response).topics
    return node, [n for n in names if not _settled(topics.get(n), present)]


def _settled(topic: TopicInfo | None, present: bool) -> bool:
    if not present:
        return topic is None or isinstance(topic.error, UnknownTopicOrPartitionError)
    return (topic is not None and topic.error is None and bool(topic.partitions)
            and all(p.leader >= 0 for p in topic.partitions.values()))  # fmt: skip
