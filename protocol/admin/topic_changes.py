"""Changing topics: create, delete, add partitions, delete records before an offset.

Topic changes go to the controller (ZooKeeper clusters insist; KRaft brokers forward them) in
batches of many topics per request, and come back with one outcome per topic.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from protocol.admin._batch import DEFAULT_CONCURRENCY, chunked, gather_bounded, group_by, settle
from protocol.admin._offsets import find_leaders, no_leader_error
from protocol.admin._propagation import settled_in_metadata
from protocol.admin._routing import NOT_CONTROLLER, item_error, send_to_controller
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import (
    KafkaApiError,
    error_for_code,
)
from protocol.metadata import as_topic_id

TOPICS_PER_REQUEST = 1000
PARTITIONS_PER_REQUEST = 4000
"""A KRaft controller caps the records of one request (each partition is one record)."""

_CONTROLLER_RETRY = frozenset({NOT_CONTROLLER, 89})  # and THROTTLING_QUOTA_EXCEEDED


@dataclass(frozen=True, slots=True)
class NewTopic:
    """A topic to create. -1 partitions or replication factor means the broker's default (2.4+).

    ``assignment`` maps partition -> broker ids and replaces both counts.
    """

    name: str
    partitions: int = -1
    replication_factor: int = -1
    configs: Mapping[str, str | None] = field(default_factory=dict)
    assignment: Mapping[int, Sequence[int]] | None = None


@dataclass(frozen=True, slots=True)
class CreatedTopic:
    """What the controller made (or would make, when validating) of a ``NewTopic``.

    Counts and configs come back from Kafka 2.4 on; before that they are None and empty.
    """

    name: str
    topic_id: uuid.UUID | None
    partitions: int | None
    replication_factor: int | None
    configs: tuple[tuple[str, str | None], ...]
    error: KafkaApiError | None = None


async def create_topics(client: KafkaClient, topics: Sequence[NewTopic], *, validate_only: bool = False,
                        timeout_s: float = 60.0, wait: bool = True) -> dict[str, CreatedTopic]:
    """Create topics in batches; one ``CreatedTopic`` per name, failures in its ``error``.

    With ``wait``, returns once every broker's metadata shows the created topics with leaders
    (or after ``timeout_s``), so a describe right after sees them whichever broker answers.
    """
    by_name = {t.name: t for t in topics}
    if len(by_name) != len(topics):
        raise ValueError("a topic is listed twice")

    async def attempt(pending: list[str]) -> dict[str, CreatedTopic | KafkaApiError]:
        out: dict[str, CreatedTopic | KafkaApiError] = {}
        for batch in _batches([by_name[n] for n in pending]):
            body = {"topics": [_creatable(t) for t in batch], "timeout_ms": int(timeout_s * 1000),
                    "validate_only": validate_only}  # fmt: skip
            response = await send_to_controller(client, ApiKey.CREATE_TOPICS, body, timeout_s + 15)
            out.update(_created(response))
        return out

    outcomes = await settle(list(by_name), attempt, retry_on=lambda e: e.code in _CONTROLLER_RETRY)
    results = {name: _as_created(name, outcome) for name, outcome in outcomes.items()}
    if wait and not validate_only:
        await settled_in_metadata(client, [n for n, r in results.items() if r.error is None], True, timeout_s)
    return results


async def delete_topics(client: KafkaClient, names: Sequence[str], *, timeout_s: float = 60.0,
                        wait: bool = True) -> dict[str, KafkaApiError | None]:
    """Delete topics by name in batches; None for each one deleted.

    With ``wait``, returns once no broker's metadata lists them (or after ``timeout_s``).
    """

    def body(batch: list[str], version: int) -> dict[str, Any]:
        if version >= 6:
            return {"topics": [{"name": n} for n in batch], "timeout_ms": int(timeout_s * 1000)}
        return {"topic_names": batch, "timeout_ms": int(timeout_s * 1000)}

    async def attempt(pending: list[str]) -> dict[str, bool | KafkaApiError]:
        out: dict[str, bool | KafkaApiError] = {}
        for batch in chunked(pending, TOPICS_PER_REQUEST):
            response = await send_to_controller(client, ApiKey.DELETE_TOPICS, partial(body, batch),
                                                timeout_s + 15)  # fmt: skip
            for item in response["responses"]:
                name = item["name"]
                error = item_error(item["error_code"], item.get("error_message"), f"Deleting topic '{name}'")
                out[name] = error or True
        return out

    outcomes = await settle(list(names), attempt, retry_on=lambda e: e.code in _CONTROLLER_RETRY)
    results = {n: o if isinstance(o, KafkaApiError) else None for n, o in outcomes.items()}
    if wait:
        await settled_in_metadata(client, [n for n, e in results.items() if e is None], False, timeout_s)
    return results


async def create_partitions(
    client: KafkaClient,
    new_totals: Mapping[str, int],
    *,
    validate_only: bool = False,
    timeout_s: float = 60.0,
) -> dict[str, KafkaApiError | None]:
    """Grow topics to the given total partition counts (Kafka never shrinks a topic)."""

    async def attempt(pending: list[str]) -> dict[str, bool | KafkaApiError]:
        out: dict[str, bool | KafkaApiError] = {}
        for batch in chunked(pending, TOPICS_PER_REQUEST):
            body = {"topics": [{"name": n, "count": new_totals[n], "assignments": None} for n in batch],
                    "timeout_ms": int(timeout_s * 1000), "validate_only": validate_only}  # fmt: skip
            response = await send_to_controller(client, ApiKey.CREATE_PARTITIONS, body, timeout_s + 15)
            for item in response["results"]:
                name = item["name"]
                context = f"Adding partitions to topic '{name}'"
                out[name] = item_error(item["error_code"], item.get("error_message"), context) or True
        return out

    outcomes = await settle(list(new_totals), attempt, retry_on=lambda e: e.code in _CONTROLLER_RETRY)
    return {n: o if isinstance(o, KafkaApiError) else None for n, o in outcomes.items()}


async def delete_records(
    client: KafkaClient,
    before: Mapping[TopicPartition, int],
    *,
    timeout_s: float = 30.0,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> dict[TopicPartition, int | KafkaApiError]:
    """Delete records below the given offsets (-1: up to the high watermark).

    Returns each partition's new low watermark. Sent to each partition's leader.
    """
    leaders = await find_leaders(client, before, concurrency)

    async def attempt(pending: list[TopicPartition]) -> dict[TopicPartition, int | KafkaApiError]:
        out: dict[TopicPartition, int | KafkaApiError] = {}
        jobs = []
        for leader, tps in group_by(pending, lambda tp: leaders[tp]).items():
            if leader < 0:
                out.update({tp: no_leader_error(leader, f"Deleting records of {tp}") for tp in tps})
                continue
            jobs.append(partial(_delete_records_on, client, leader, tps, before, timeout_s))
        for result in await gather_bounded(jobs, concurrency):
            out.update(result)
        return out

    async def refresh(pending: list[TopicPartition]) -> None:
        leaders.update(await find_leaders(client, pending, concurrency))

    return await settle(list(before), attempt, before_retry=refresh)


async def _delete_records_on(client: KafkaClient, leader: int, tps: list[TopicPartition],
                             before: Mapping[TopicPartition, int],
                             timeout_s: float) -> dict[TopicPartition, int | KafkaApiError]:
    topics = [{"name": topic, "partitions": [{"partition_index": tp.partition, "offset": before[tp]}
                                             for tp in group]}
              for topic, group in group_by(tps, lambda tp: tp.topic).items()]  # fmt: skip
    body = {"topics": topics, "timeout_ms": int(timeout_s * 1000)}
    response = await client.send(leader, ApiKey.DELETE_RECORDS, body, timeout=timeout_s + 15)
    out: dict[TopicPartition, int | KafkaApiError] = {}
    for topic in response["topics"]:
        for part in topic["partitions"]:
            tp = TopicPartition(topic["name"], part["partition_index"])
            code = part["error_code"]
            error = error_for_code(code, context=f"Deleting records of {tp}") if code else None
            out[tp] = error or part["low_watermark"]
    return out


def _batches(topics: list[NewTopic]) -> Iterator[list[NewTopic]]:
    """Topics in requests of at most TOPICS_PER_REQUEST topics and about PARTITIONS_PER_REQUEST partitions."""
    batch: list[NewTopic] = []
    weight = 0
    for topic in topics:
        size = len(topic.assignment) if topic.assignment else max(topic.partitions, 1)
        if batch and (len(batch) >= TOPICS_PER_REQUEST or weight + size > PARTITIONS_PER_REQUEST):
            yield batch
            batch, weight = [], 0
        batch.append(topic)
        weight += size
    if batch:
        yield batch


def _creatable(topic: NewTopic) -> dict[str, Any]:
    assignments = [{"partition_index": p, "broker_ids": list(ids)}
                   for p, ids in (topic.assignment or {}).items()]  # fmt: skip
    return {"name": topic.name, "num_partitions": -1 if topic.assignment else topic.partitions,
            "replication_factor": -1 if topic.assignment else topic.replication_factor,
            "assignments": assignments,
            "configs": [{"name": k, "value": v} for k, v in topic.configs.items()]}  # fmt: skip


def _created(response: Mapping[str, Any]) -> dict[str, CreatedTopic | KafkaApiError]:
    out: dict[str, CreatedTopic | KafkaApiError] = {}
    for item in response["topics"]:
        name = item["name"]
        error = item_error(item["error_code"], item.get("error_message"), f"Creating topic '{name}'")
        if error is not None:
            out[name] = error
            continue
        partitions, factor = item.get("num_partitions", -1), item.get("replication_factor", -1)
        configs = tuple((c["name"], c["value"]) for c in item.get("configs") or ())
        out[name] = CreatedTopic(name, as_topic_id(item.get("topic_id")),
                                 partitions if partitions >= 0 else None,
                                 factor if factor >= 0 else None, configs)  # fmt: skip
    return out


def _as_created(name: str, outcome: CreatedTopic | KafkaApiError) -> CreatedTopic:
    if isinstance(outcome, KafkaApiError):
        return CreatedTopic(name, None, None, None, (), outcome)
    return outcome
