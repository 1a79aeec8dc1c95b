"""Consumer groups as an observer sees them: listing and describing, never joining.

Classic groups are described with DescribeGroups, whose member assignments are decoded from
the consumer protocol. KIP-848 "consumer" groups (Kafka 3.8+/4.0) are invisible to
DescribeGroups, so groups it does not find are asked about again with ConsumerGroupDescribe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from protocol.admin._batch import DEFAULT_CONCURRENCY, chunked, gather_bounded
from protocol.admin._coordinated import by_coordinator
from protocol.admin._routing import check_top_level, fetch_metadata
from protocol.admin.types import TopicPartition
from protocol.client import KafkaClient
from protocol.codec import ApiKey, decode_struct
from protocol.errors import (
    GroupIdNotFoundError,
    KafkaApiError,
    KafkaExplorerError,
    UnsupportedVersionError,
    error_for_code,
)
from protocol.metadata import as_topic_id

GROUPS_PER_DESCRIBE = 100
INACTIVE_STATES = frozenset({"empty", "dead"})
_GROUP_ID_NOT_FOUND = 69


@dataclass(frozen=True, slots=True)
class GroupListing:
    """A group as ListGroups shows it. ``group_type`` is None on brokers before Kafka 4.0."""

    group_id: str
    protocol_type: str
    state: str | None
    group_type: str | None
    coordinator: int


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One member: who it is, where it runs, what it subscribes to and what it was assigned."""

    member_id: str
    client_id: str
    host: str
    assignment: tuple[TopicPartition, ...]
    subscription: tuple[str, ...] = ()
    group_instance_id: str | None = None
    rack: str | None = None


@dataclass(frozen=True, slots=True)
class GroupDescription:
    """A group's state and members; ``error`` is set when it could not be described.

    A group that does not exist comes back with GROUP_ID_NOT_FOUND and state "Dead".
    ``group_type`` is "classic" or "consumer" (KIP-848); ``protocol`` is the assignor.
    """

    group_id: str
    state: str
    group_type: str
    protocol_type: str
    protocol: str
    coordinator: int
    members: tuple[GroupMember, ...]
    error: KafkaApiError | None = None

    @property
    def exists(self) -> bool:
        return self.error is None and self.state.lower() != "dead"

    @property
    def is_active(self) -> bool:
        """True while the group has members or is between states (rebalancing)."""
        return bool(self.members) or self.state.lower() not in INACTIVE_STATES | {""}


async def list_groups(client: KafkaClient, *, states: Sequence[str] | None = None,
                      types: Sequence[str] | None = None,
                      concurrency: int = DEFAULT_CONCURRENCY) -> tuple[GroupListing, ...]:
    """Every group of every broker, sorted by id, optionally only in ``states`` / of ``types``.

    The filters go to brokers that understand them (ListGroups v4 states, v5 types) and are
    applied here too. States come from DescribeGroups on brokers older than Kafka 2.6.
    """
    meta = await fetch_metadata(client, [])
    jobs = [partial(_list_on, client, node, states, types) for node in sorted(meta.brokers)]
    found = [g for listed in await gather_bounded(jobs, concurrency) for g in listed]
    wanted_states = {s.lower() for s in states or ()}
    wanted_types = {t.lower() for t in types or ()}
    found = [g for g in found
             if (not wanted_states or (g.state or "").lower() in wanted_states)
             and (not wanted_types or (g.group_type or "classic").lower() in wanted_types)]  # fmt: skip
    return tuple(sorted(found, key=lambda g: g.group_id))


async def describe_groups(client: KafkaClient, group_ids: Sequence[str], *,
                          concurrency: int = DEFAULT_CONCURRENCY) -> dict[str, GroupDescription]:
    """Describe groups in the order given; failures and unknown groups carry their error."""
    ids = list(dict.fromkeys(group_ids))
    classic = await by_coordinator(client, ids, partial(_describe_classic, client), concurrency=concurrency)
    missing = [g for g, o in classic.items() if isinstance(o, GroupDescription) and not o.exists]
    modern: Mapping[str, GroupDescription | KafkaApiError] = {}
    if missing:
        try:
            modern = await by_coordinator(client, missing, partial(_describe_modern, client),
                                          concurrency=concurrency)
        except UnsupportedVersionError:
            modern = {}
    out = {}
    for group in ids:
        newer = modern.get(group)
        outcome = newer if isinstance(newer, GroupDescription) and newer.exists else classic[group]
        out[group] = outcome if isinstance(outcome, GroupDescription) else _failed(group, outcome)
    return out


async def describe_group(client: KafkaClient, group_id: str) -> GroupDescription:
    """Describe one group; raises if it could not be described (a missing group is not an error)."""
    result = (await describe_groups(client, [group_id]))[group_id]
    if result.error is not None and not isinstance(result.error, GroupIdNotFoundError):
        raise result.error
    return result


async def _list_on(client: KafkaClient, node: int, states: Sequence[str] | None,
                   types: Sequence[str] | None) -> list[GroupListing]:
    body = {"states_filter": list(states or ()), "types_filter": list(types or ())}

    async def once() -> dict[str, Any]:
        response = await client.send(node, ApiKey.LIST_GROUPS, body)
        check_top_level(response, f"Listing the groups of broker {node}")
        return response

    response = await client.retry(once)
    listed = [GroupListing(g["group_id"], g["protocol_type"], g.get("group_state"), g.get("group_type"), node)
              for g in response["groups"]]  # fmt: skip
    if listed and client.api_version(node, ApiKey.LIST_GROUPS) < 4:
        listed = await _with_states(client, node, listed)
    return listed


async def _with_states(client: KafkaClient, node: int, listed: list[GroupListing]) -> list[GroupListing]:
    """Fill in states on pre-2.6 brokers, which list groups without them."""
    states: dict[str, str] = {}
    for chunk in chunked([g.group_id for g in listed], GROUPS_PER_DESCRIBE):
        response = await client.send(node, ApiKey.DESCRIBE_GROUPS, {"groups": chunk})
        states.update({g["group_id"]: g["group_state"] for g in response["groups"]})
    return [GroupListing(g.group_id, g.protocol_type, states.get(g.group_id), g.group_type, node)
            for g in listed]  # fmt: skip


async def _describe_classic(client: KafkaClient, node: int,
                            groups: list[str]) -> dict[str, GroupDescription | KafkaApiError]:
    out: dict[str, GroupDescription | KafkaApiError] = {}
    for chunk in chunked(groups, GROUPS_PER_DESCRIBE):
        response = await client.send(node, ApiKey.DESCRIBE_GROUPS, {"groups": chunk})
        out.update({raw["group_id"]: classic_description(node, raw) for raw in response["groups"]})
    return out


async def _describe_modern(client: KafkaClient, node: int,
                           groups: list[str]) -> dict[str, GroupDescription | KafkaApiError]:
    names = client.cluster.topic_names
    out: dict[str, GroupDescription | KafkaApiError] = {}
    for chunk in chunked(groups, GROUPS_PER_DESCRIBE):
        response = await client.send(node, ApiKey.CONSUMER_GROUP_DESCRIBE, {"group_ids": chunk})
        out.update({raw["group_id"]: modern_description(node, raw, names) for raw in response["groups"]})
    return out


def _failed(group: str, error: KafkaApiError) -> GroupDescription:
    return GroupDescription(group, "Dead" if isinstance(error, GroupIdNotFoundError) else "",
                            "", "", "", -1, (), error)  # fmt: skip


def classic_description(node: int, raw: Mapping[str, Any]) -> GroupDescription | KafkaApiError:
    """A DescribeGroups entry; groups that do not exist become state "Dead" + GROUP_ID_NOT_FOUND."""
    group = raw["group_id"]
    code = raw["error_code"]
    context = f"Describing group '{group}'"
    if code and code != _GROUP_ID_NOT_FOUND:
        return error_for_code(code, raw.get("error_message"), context=context)
    if code or (raw["group_state"] == "Dead" and not raw["members"] and not raw["protocol_type"]):
        return GroupDescription(group, "Dead", "classic", "", "", node, (),
                                GroupIdNotFoundError(raw.get("error_message"), context=context))
    consumer = raw["protocol_type"] == "consumer"
    members = tuple(_classic_member(m, consumer) for m in raw["members"])
    return GroupDescription(group, raw["group_state"], "classic", raw["protocol_type"], raw["protocol_data"],
                            node, members)  # fmt: skip


def _classic_member(raw: Mapping[str, Any], consumer: bool) -> GroupMember:
    assignment: tuple[TopicPartition, ...] = ()
    subscription: tuple[str, ...] = ()
    if consumer:
        assignment = _decoded_assignment(raw["member_assignment"])
        subscription = _decoded_subscription(raw["member_metadata"])
    return GroupMember(raw["member_id"], raw["client_id"], raw["client_host"], assignment, subscription,
                       raw.get("group_instance_id"))  # fmt: skip


def _decoded_assignment(data: bytes) -> tuple[TopicPartition, ...]:
    """The partitions in a ConsumerProtocolAssignment blob (empty while rebalancing)."""
    if not data:
        return ()
    try:
        _, body = decode_struct("ConsumerProtocolAssignment", data)
    except KafkaExplorerError:
        return ()
    return tuple(sorted(TopicPartition(t["topic"], p) for t in body["assigned_partitions"]
                        for p in t["partitions"]))  # fmt: skip


def _decoded_subscription(data: bytes) -> tuple[str, ...]:
    if not data:
        return ()
    try:
        _, body = decode_struct("ConsumerProtocolSubscription", data)
    except KafkaExplorerError:
        return ()
    return tuple(sorted(body["topics"]))


def modern_description(node: int, raw: Mapping[str, Any],
                       names: Mapping[Any, str]) -> GroupDescription | KafkaApiError:
    """A ConsumerGroupDescribe entry (KIP-848 group); ``names`` maps topic ids to names."""
    group = raw["group_id"]
    code = raw["error_code"]
    if code:
        return error_for_code(code, raw.get("error_message"), context=f"Describing group '{group}'")
    members = tuple(_modern_member(m, names) for m in raw["members"])
    return GroupDescription(group, raw["group_state"], "consumer", "consumer", raw["assignor_name"], node,
                            members)  # fmt: skip


def _modern_member(raw: Mapping[str, Any], names: Mapping[Any, str]) -> GroupMember:
    parts = []
    for topic in raw["assignment"]["topic_partitions"]:
        topic_id = as_topic_id(topic["topic_id"])
        name = topic["topic_name"] or (names.get(topic_id) if topic_id else None) or str(topic_id)
        parts += [TopicPartition(name, p) for p in topic["partitions"]]
    subscription = tuple(sorted(raw["subscribed_topic_names"]))
    return GroupMember(raw["member_id"], raw["client_id"], raw["client_host"], tuple(sorted(parts)),
                       subscription, raw.get("instance_id"), raw.get("rack_id"))  # fmt: skip
