"""Where admin requests go: metadata for a set of topics, the controller, group coordinators.

Admin operations read metadata with their own requests rather than the client's cache, so a
description is always fresh and a 10,000-topic describe never rebuilds the shared cache.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaApiError, error_for_code
from protocol.metadata import ClusterMetadata, metadata_request

NOT_CONTROLLER = 41
Body = Callable[[int], Mapping[str, Any]]


async def fetch_metadata(client: KafkaClient, names: Sequence[str] | None) -> ClusterMetadata:
    """A fresh Metadata answer for ``names`` (all topics when None, none for an empty list)."""
    wanted = None if names is None else list(names)
    response = await read_any(client, ApiKey.METADATA, lambda version: metadata_request(version, wanted))
    check_top_level(response, "Reading cluster metadata")
    return ClusterMetadata.from_response(response)


async def fetch_metadata_by_ids(client: KafkaClient, topic_ids: Sequence[uuid.UUID]) -> ClusterMetadata:
    """Metadata for topics named by id (Metadata v12+, Kafka 3.1+, where ids matter)."""

    def body(version: int) -> dict[str, Any]:
        return {"topics": [{"topic_id": topic_id, "name": None} for topic_id in topic_ids],
                "allow_auto_topic_creation": False}  # fmt: skip

    response = await read_any(client, ApiKey.METADATA, body)
    check_top_level(response, "Reading cluster metadata")
    return ClusterMetadata.from_response(response)


async def read_any(client: KafkaClient, api_key: int, body: Body | Mapping[str, Any]) -> dict[str, Any]:
    """A read-only request to any broker, sent again elsewhere if the connection is lost.

    ``send_any`` never re-sends a written request, since writes may not be idempotent; reads are.
    """
    return await client.retry(lambda: client.send_any(api_key, body))


async def controller_node(client: KafkaClient) -> int:
    """The node that takes topic changes: the controller on ZooKeeper clusters, any broker on KRaft.

    KRaft brokers advertise a random live broker as "controller" and forward the request.
    """
    meta = await fetch_metadata(client, [])
    if meta.controller_id in meta.brokers:
        return meta.controller_id
    if not meta.brokers:
        raise KafkaApiError("the cluster lists no brokers", code=8, context="Finding the controller")
    return min(meta.brokers)


async def send_to_controller(client: KafkaClient, api_key: int, body: Body | Mapping[str, Any],
                             timeout: float | None = None) -> dict[str, Any]:
    """Send a topic-changing request to the controller (per-item errors are the caller's)."""
    node = await controller_node(client)
    return await client.send(node, api_key, body, timeout=timeout)


def check_top_level(response: Mapping[str, Any], context: str) -> None:
    """Raise the response's top-level error code, if it has a non-zero one."""
    code = response.get("error_code", 0)
    if code:
        raise error_for_code(code, response.get("error_message"), context=context)


def item_error(code: int, message: str | None, context: str) -> KafkaApiError | None:
    """The error of one item of a response, or None when its code is 0."""
    return error_for_code(code, message, context=context) if code else None
