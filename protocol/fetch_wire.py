"""Fetch request bodies and responses, sans-IO: what the consumer sends and how it reads answers.

Every fetch is a full one (session id 0, epoch -1, KIP-227 skipped) carrying the leader epoch
from metadata (KIP-320). From v13 the request and the response name topics by id only, so the
body builder needs the ids and the reader maps them back to names.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from protocol.errors import UnknownTopicIdError
from protocol.records import IsolationLevel
from protocol.topic_partition import TopicPartition, by_topic

__all__ = ["FetchTarget", "PartitionData", "fetch_request", "read_fetch_response"]

TOPIC_ID_VERSION = 13
"""Fetch v13 (Kafka 3.1) names topics by id instead of by name."""


class FetchTarget(NamedTuple):
    """One partition of a Fetch request: where to read from, and the leader epoch we know."""

    tp: TopicPartition
    offset: int
    leader_epoch: int
    max_bytes: int


class PartitionData(NamedTuple):
    """One partition of a Fetch response, with its ``records`` bytes still encoded."""

    tp: TopicPartition
    error_code: int
    high_watermark: int
    last_stable_offset: int
    log_start_offset: int
    aborted_transactions: list[tuple[int, int]] | None
    records: bytes


def fetch_request(
    version: int,
    targets: Sequence[FetchTarget],
    topic_ids: Mapping[str, uuid.UUID | None],
    *,
    max_wait_ms: int,
    min_bytes: int,
    max_bytes: int,
    isolation: IsolationLevel,
) -> dict[str, Any]:
    """The Fetch body for ``version``; raises ``UnknownTopicIdError`` if v13+ lacks a topic id."""
    by_tp = {t.tp: t for t in targets}
    topics = []
    for name, tps in by_topic(by_tp).items():
        parts = [
            {
                "partition": tp.partition,
                "fetch_offset": by_tp[tp].offset,
                "current_leader_epoch": by_tp[tp].leader_epoch,
                "partition_max_bytes": by_tp[tp].max_bytes,
            }
            for tp in tps
        ]
        entry: dict[str, Any] = {"partitions": parts}
        if version >= TOPIC_ID_VERSION:
            topic_id = topic_ids.get(name)
            if topic_id is None:
                raise UnknownTopicIdError(
                    f"Fetch v{version} names topics by id and metadata gave none", context=f"Fetching {name}"
                )
            entry["topic_id"] = topic_id.bytes
        else:
            entry["topic"] = name
        topics.append(entry)
    return {
        "replica_id": -1,
        "max_wait_ms": max_wait_ms,
        "min_bytes": min_bytes,
        "max_bytes": max_bytes,
        "isolation_level": int(isolation),
        "session_id": 0,
        "session_epoch": -1,
        "topics": topics,
        "forgotten_topics_data": [],
        "rack_id": "",
    }


def read_fetch_response(
    response: Mapping[str, Any], topic_ids: Mapping[str, uuid.UUID | None]
) -> list[PartitionData]:
    """Every partition of a decoded Fetch response, topic ids mapped back to names."""
    names = {tid.bytes: name for name, tid in topic_ids.items() if tid is not None}
    out = []
    for topic in response.get("responses") or ():
        name = topic.get("topic") or names.get(bytes(topic.get("topic_id") or b""), "")
        for part in topic["partitions"]:
            aborted = part.get("aborted_transactions")
            out.append(
                PartitionData(
                    TopicPartition(name, part["partition_index"]),
                    part["error_code"],
                    part["high_watermark"],
                    part.get("last_stable_offset", -1),
                    part.get("log_start_offset", -1),
                    None if aborted is None else [(a["producer_id"], a["first_offset"]) for a in aborted],
                    part.get("records") or b"",
                )
            )
    return out
