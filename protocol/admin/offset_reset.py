"""Resetting a consumer group's offsets, with a preview, and never under a running consumer.

A reset is planned first (before -> after per partition, nothing written) and then applied by
committing the planned offsets as an admin would: generation -1, no member id. Both steps
refuse while the group has members; if consumers join in between, the coordinator rejects the
commit and that is reported the same way. Offsets are clamped to the partition's current
range, as Kafka's own tool does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from protocol.admin._coordinated import by_coordinator
from protocol.admin._offsets import LATEST, list_offsets, watermarks
from protocol.admin._routing import fetch_metadata
from protocol.admin.errors import GroupActiveError, OffsetResetError
from protocol.admin.group_offsets import committed_offsets
from protocol.admin.groups import GroupDescription, describe_group
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaApiError, error_for_code

_MEMBERS_IN_THE_WAY = frozenset({22, 25, 27, 110, 113})
"""ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED/STALE_MEMBER_EPOCH."""

Scope = Sequence[str | TopicPartition]


@dataclass(frozen=True, slots=True)
class ResetTarget:
    """Where to move the offsets; build one with the class methods."""

    kind: str
    timestamp_ms: int | None = None
    offsets: Mapping[TopicPartition, int] = field(default_factory=dict)
    shift: int = 0

    @classmethod
    def earliest(cls) -> ResetTarget:
        return cls("earliest")

    @classmethod
    def latest(cls) -> ResetTarget:
        return cls("latest")

    @classmethod
    def at_timestamp(cls, timestamp_ms: int) -> ResetTarget:
        """The first offset whose record timestamp is at or after ``timestamp_ms`` (else the end)."""
        return cls("timestamp", timestamp_ms=timestamp_ms)

    @classmethod
    def to_offsets(cls, offsets: Mapping[TopicPartition, int]) -> ResetTarget:
        return cls("offsets", offsets=dict(offsets))

    @classmethod
    def shifted_by(cls, delta: int) -> ResetTarget:
        """The committed offset moved by ``delta`` (negative: re-read that many records)."""
        return cls("shift", shift=delta)


@dataclass(frozen=True, slots=True)
class OffsetChange:
    """One partition of a reset: the committed offset before (None: none) and after."""

    topic: str
    partition: int
    before: int | None
    after: int


@dataclass(frozen=True, slots=True)
class ResetPlan:
    """A previewed (``applied`` False) or committed reset of one group."""

    group_id: str
    target: ResetTarget
    changes: tuple[OffsetChange, ...]
    applied: bool = False


async def plan_offset_reset(client: KafkaClient, group_id: str, target: ResetTarget,
                            topics: Scope | None = None) -> ResetPlan:
    """The dry run: what a reset would commit, per partition. Nothing is written.

    ``topics`` names topics (all their partitions) or single partitions; by default the
    partitions the group has committed offsets for (or those of ``to_offsets``).
    """
    refuse_if_active(await describe_group(client, group_id), "Resetting")
    committed = {tp: c.offset for tp, c in (await committed_offsets(client, group_id)).items()}
    tps = await _scope(client, group_id, target, topics, committed)
    low, high = await watermarks(client, tps)
    bounds = {tp: (_offset(low[tp]), _offset(high[tp])) for tp in tps}
    after = await _targets(client, target, tps, committed, bounds)
    changes = tuple(OffsetChange(tp.topic, tp.partition, committed.get(tp), after[tp]) for tp in tps)
    return ResetPlan(group_id, target, changes)


async def apply_offset_reset(client: KafkaClient, plan: ResetPlan) -> ResetPlan:
    """Commit a planned reset exactly as previewed; refused while the group has members."""
    refuse_if_active(await describe_group(client, plan.group_id), "Resetting")
    if not plan.changes:
        return ResetPlan(plan.group_id, plan.target, (), True)
    topics = sorted({c.topic for c in plan.changes})
    meta = await fetch_metadata(client, topics)
    ids = {name: t.topic_id for name, t in meta.topics.items()}
    outcomes = await by_coordinator(client, [plan.group_id], partial(_commit, client, plan, ids))
    outcome = outcomes[plan.group_id]
    if isinstance(outcome, KafkaApiError):
        raise outcome
    return ResetPlan(plan.group_id, plan.target, plan.changes, True)


async def reset_offsets(client: KafkaClient, group_id: str, target: ResetTarget, topics: Scope | None = None,
                        *, dry_run: bool = True) -> ResetPlan:
    """Plan a reset and, unless ``dry_run``, apply it."""
    plan = await plan_offset_reset(client, group_id, target, topics)
    return plan if dry_run else await apply_offset_reset(client, plan)


def _offset(outcome: int | KafkaApiError) -> int:
    if isinstance(outcome, KafkaApiError):
        raise outcome
    return outcome


def refuse_if_active(group: GroupDescription, action: str) -> None:
    """Raise GroupActiveError if the group has members or is rebalancing."""
    if not group.is_active:
        return
    who = ", ".join(sorted({f"{m.client_id} on {m.host}" for m in group.members})) or "none listed"
    count = len(group.members)
    raise GroupActiveError(
        f"{count} active member{'s' if count != 1 else ''} ({who}), state {group.state}; "
        "stop its consumers first", context=f"{action} the offsets of group '{group.group_id}'")


async def _scope(client: KafkaClient, group_id: str, target: ResetTarget, topics: Scope | None,
                 committed: Mapping[TopicPartition, int]) -> list[TopicPartition]:
    if topics is None:
        tps = sorted(target.offsets) if target.kind == "offsets" else sorted(committed)
        if not tps:
            raise OffsetResetError(f"Group '{group_id}' has no committed offsets; name the topics to reset.")
    else:
        names = sorted({_topic_of(t) for t in topics})
        meta = await fetch_metadata(client, names)
        for topic in meta.topics.values():
            if topic.error is not None:
                raise topic.error
        tps = sorted({tp for t in topics for tp in _expand(t, meta.topics[_topic_of(t)])})
    _check_inputs(group_id, target, tps, committed)
    return tps


def _topic_of(item: str | TopicPartition) -> str:
    return item if isinstance(item, str) else item.topic


def _expand(item: str | TopicPartition, topic: Any) -> list[TopicPartition]:
    if isinstance(item, str):
        return [TopicPartition(item, p) for p in topic.partitions]
    if item.partition not in topic.partitions:
        raise OffsetResetError(f"Topic '{item.topic}' has no partition {item.partition}.")
    return [item]


def _check_inputs(group_id: str, target: ResetTarget, tps: list[TopicPartition],
                  committed: Mapping[TopicPartition, int]) -> None:
    if target.kind == "offsets":
        missing = [str(tp) for tp in tps if tp not in target.offsets]
        if missing:
            raise OffsetResetError(f"No target offset given for {', '.join(missing)}.")
    if target.kind == "shift":
        missing = [str(tp) for tp in tps if tp not in committed]
        if missing:
            raise OffsetResetError(f"Group '{group_id}' has no committed offset to shift on "
                                   f"{', '.join(missing)}.")  # fmt: skip
    if target.kind not in ("earliest", "latest", "timestamp", "offsets", "shift"):
        raise OffsetResetError(f"Unknown reset target {target.kind!r}.")


async def _targets(client: KafkaClient, target: ResetTarget, tps: list[TopicPartition],
                   committed: Mapping[TopicPartition, int],
                   bounds: Mapping[TopicPartition, tuple[int, int]]) -> dict[TopicPartition, int]:
    def clamp(tp: TopicPartition, offset: int) -> int:
        low, high = bounds[tp]
        return min(max(offset, low), high)

    if target.kind == "earliest":
        return {tp: bounds[tp][0] for tp in tps}
    if target.kind == "latest":
        return {tp: bounds[tp][1] for tp in tps}
    if target.kind == "offsets":
        return {tp: clamp(tp, target.offsets[tp]) for tp in tps}
    if target.kind == "shift":
        return {tp: clamp(tp, committed[tp] + target.shift) for tp in tps}
    assert target.timestamp_ms is not None
    found = await list_offsets(client, dict.fromkeys(tps, target.timestamp_ms))
    out = {}
    for tp in tps:
        offset = found[tp]
        if isinstance(offset, KafkaApiError):
            raise offset
        out[tp] = bounds[tp][1] if offset == LATEST else clamp(tp, offset)
    return out


async def _commit(client: KafkaClient, plan: ResetPlan, ids: Mapping[str, Any], node: int,
                  groups: list[str]) -> dict[str, bool | KafkaApiError]:
    by_topic: dict[str, list[OffsetChange]] = {}
    for change in plan.changes:
        by_topic.setdefault(change.topic, []).append(change)

    def body(version: int) -> dict[str, Any]:
        topics = [{"name": name, "topic_id": ids.get(name),
                   "partitions": [{"partition_index": c.partition, "committed_offset": c.after,
                                   "committed_metadata": ""} for c in changes]}
                  for name, changes in by_topic.items()]  # fmt: skip
        return {"group_id": plan.group_id, "generation_id_or_member_epoch": -1, "member_id": "",
                "topics": topics}  # fmt: skip

    response = await client.send(node, ApiKey.OFFSET_COMMIT, body)
    context = f"Resetting the offsets of group '{plan.group_id}'"
    errors = []
    for topic in response["topics"]:
        for part in topic["partitions"]:
            code = part["error_code"]
            if code in _MEMBERS_IN_THE_WAY:
                name = error_for_code(code).name
                detail = f"the coordinator refused the commit ({name}): consumers joined; stop them first"
                return {plan.group_id: GroupActiveError(detail, context=context)}
            if code:
                where = f"{context} on partition {part['partition_index']}"
                errors.append(error_for_code(code, context=where))
    if errors:
        first = errors[0]
        for other in errors[1:]:
            first.add_note(f"also: {other}")
        return {plan.group_id: first}
    return {plan.group_id: True}
