"""Committed offsets of groups, their lag, and deleting groups or their offsets.

Reading offsets (OffsetFetch) and listing the partitions' ends (ListOffsets) never joins the
group. OffsetFetch v10 (Kafka 4.2+) names topics by id; they are mapped back to names.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from protocol.admin._coordinated import by_coordinator
from protocol.admin._offsets import watermarks
from protocol.admin._routing import fetch_metadata, fetch_metadata_by_ids
from protocol.admin.errors import GroupActiveError
from protocol.admin.groups import GroupDescription, describe_group
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import GroupNotEmptyError, KafkaApiError, error_for_code
from protocol.metadata import as_topic_id

_NON_EMPTY_GROUP = 68


@dataclass(frozen=True, slots=True)
class CommittedOffset:
    """A committed position: the next offset the group will read, with its commit metadata."""

    offset: int
    metadata: str | None = None
    leader_epoch: int = -1


@dataclass(frozen=True, slots=True)
class PartitionLag:
    """One partition of a group: where it stands, where the log is, and who owns it now.

    ``committed`` is None when the group has no commit there; ``lag`` = high watermark -
    committed, None when either is unknown. Owner fields are None when no member holds it.
    """

    topic: str
    partition: int
    committed: int | None
    low_watermark: int | None
    high_watermark: int | None
    member_id: str | None = None
    client_id: str | None = None
    host: str | None = None
    error: KafkaApiError | None = None

    @property
    def lag(self) -> int | None:
        if self.committed is None or self.high_watermark is None:
            return None
        return self.high_watermark - self.committed


@dataclass(frozen=True, slots=True)
class GroupLag:
    """A group's position on each partition it committed to or is assigned."""

    group: GroupDescription
    partitions: tuple[PartitionLag, ...]

    @property
    def total_lag(self) -> int:
        return sum(p.lag for p in self.partitions if p.lag is not None)


async def committed_offsets(client: KafkaClient, group_id: str,
                            topics: Sequence[str] | None = None) -> dict[TopicPartition, CommittedOffset]:
    """The group's committed offsets (all topics, or only ``topics``), by partition."""
    outcome = (await by_coordinator(client, [group_id], partial(_offset_fetch, client)))[group_id]
    if isinstance(outcome, KafkaApiError):
        raise outcome
    wanted = None if topics is None else set(topics)
    return {tp: c for tp, c in sorted(outcome.items()) if wanted is None or tp.topic in wanted}


async def group_lag(client: KafkaClient, group_id: str, topics: Sequence[str] | None = None) -> GroupLag:
    """Committed offset, watermarks, lag and owner of every partition the group commits to or owns."""
    group = await describe_group(client, group_id)
    committed = await committed_offsets(client, group_id, topics)
    owners = {tp: m for m in group.members for tp in m.assignment if topics is None or tp.topic in topics}
    tps = sorted(set(committed) | set(owners))
    low, high = await watermarks(client, tps)
    rows = []
    for tp in tps:
        owner, lo, hi = owners.get(tp), low.get(tp), high.get(tp)
        error = next((o for o in (lo, hi) if isinstance(o, KafkaApiError)), None)
        commit = committed.get(tp)
        rows.append(PartitionLag(
            tp.topic, tp.partition, commit.offset if commit else None, lo if isinstance(lo, int) else None,
            hi if isinstance(hi, int) else None, owner.member_id if owner else None,
            owner.client_id if owner else None, owner.host if owner else None, error))
    return GroupLag(group, tuple(rows))


async def delete_groups(client: KafkaClient, group_ids: Sequence[str]) -> dict[str, KafkaApiError | None]:
    """Delete groups (and their offsets); a group with members is refused with GroupActiveError."""
    outcomes = await by_coordinator(client, list(group_ids), partial(_delete_groups, client))
    return {g: o if isinstance(o, KafkaApiError) else None for g, o in outcomes.items()}


async def delete_group_offsets(client: KafkaClient, group_id: str,
                               topics: Sequence[str]) -> dict[TopicPartition, KafkaApiError | None]:
    """Forget the group's committed offsets on every partition of ``topics`` (OffsetDelete, 2.4+).

    Partitions of a topic the active group still subscribes to fail with GROUP_SUBSCRIBED_TO_TOPIC.
    """
    meta = await fetch_metadata(client, list(topics))
    for topic in meta.topics.values():
        if topic.error is not None:
            raise topic.error
    tps = [TopicPartition(t.name, p) for t in meta.topics.values() for p in sorted(t.partitions)]
    outcome = (await by_coordinator(client, [group_id], partial(_offset_delete, client, tps)))[group_id]
    if isinstance(outcome, KafkaApiError):
        raise outcome
    return outcome


Committed = dict[TopicPartition, CommittedOffset]
Deleted = dict[TopicPartition, KafkaApiError | None]


async def _offset_fetch(client: KafkaClient, node: int,
                        groups: list[str]) -> dict[str, Committed | KafkaApiError]:
    (group,) = groups

    def body(version: int) -> dict[str, Any]:
        if version >= 8:
            return {"groups": [{"group_id": group, "topics": None}], "require_stable": False}
        return {"group_id": group, "topics": None, "require_stable": False}

    response = await client.send(node, ApiKey.OFFSET_FETCH, body)
    raw = response["groups"][0] if "groups" in response else response
    context = f"Reading the committed offsets of group '{group}'"
    if raw.get("error_code"):
        return {group: error_for_code(raw["error_code"], context=context)}
    names = await _topic_names(client, raw["topics"])
    out: dict[TopicPartition, CommittedOffset] = {}
    for topic in raw["topics"]:
        name = topic.get("name") or names[as_topic_id(topic.get("topic_id"))]
        for part in topic["partitions"]:
            if part["error_code"]:
                return {group: error_for_code(part["error_code"], context=context)}
            if part["committed_offset"] >= 0:
                out[TopicPartition(name, part["partition_index"])] = CommittedOffset(
                    part["committed_offset"], part["metadata"], part.get("committed_leader_epoch", -1))
    return {group: out}


async def _topic_names(client: KafkaClient,
                       topics: Sequence[Mapping[str, Any]]) -> dict[uuid.UUID | None, str]:
    """Names for the topic ids of an OffsetFetch v10 answer (from the cache, else Metadata)."""
    ids = [i for t in topics if not t.get("name") and (i := as_topic_id(t.get("topic_id"))) is not None]
    known = {i: client.cluster.topic_names[i] for i in ids if i in client.cluster.topic_names}
    unknown = [i for i in ids if i is not None and i not in known]
    if unknown:
        meta = await fetch_metadata_by_ids(client, unknown)
        known.update({t.topic_id: t.name for t in meta.topics.values() if t.topic_id is not None})
    names: dict[uuid.UUID | None, str] = {i: known.get(i, str(i)) for i in ids}
    return names


async def _delete_groups(client: KafkaClient, node: int,
                         groups: list[str]) -> dict[str, bool | KafkaApiError]:
    response = await client.send(node, ApiKey.DELETE_GROUPS, {"groups_names": groups})
    out: dict[str, bool | KafkaApiError] = {}
    for item in response["results"]:
        group, code = item["group_id"], item["error_code"]
        context = f"Deleting group '{group}'"
        if code == _NON_EMPTY_GROUP:
            out[group] = GroupActiveError("stop its consumers first", context=context)
        else:
            out[group] = error_for_code(code, context=context) if code else True
    return out


async def _offset_delete(client: KafkaClient, tps: list[TopicPartition], node: int,
                         groups: list[str]) -> dict[str, Deleted | KafkaApiError]:
    (group,) = groups
    by_topic: dict[str, list[int]] = {}
    for tp in tps:
        by_topic.setdefault(tp.topic, []).append(tp.partition)
    body = {"group_id": group, "topics": [{"name": t, "partitions": [{"partition_index": p} for p in parts]}
                                          for t, parts in by_topic.items()]}  # fmt: skip
    response = await client.send(node, ApiKey.OFFSET_DELETE, body)
    context = f"Deleting the offsets of group '{group}'"
    if response["error_code"]:
        error = error_for_code(response["error_code"], context=context)
        return {group: GroupActiveError(error.name, context=context) if isinstance(error, GroupNotEmptyError)
                else error}  # fmt: skip
    out: Deleted = {}
    for topic in response["topics"]:
        for part in topic["partitions"]:
            tp = TopicPartition(topic["name"], part["partition_index"])
            code = part["error_code"]
            out[tp] = error_for_code(code, context=f"{context} on {tp}") if code else None
    return {group: out}
