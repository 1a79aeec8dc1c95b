"""Requests about consumer groups: each goes to the group's coordinator, batched per coordinator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import TypeVar

from protocol.admin._batch import DEFAULT_CONCURRENCY, gather_bounded, settle
from protocol.client import KafkaClient
from protocol.errors import KafkaApiError

R = TypeVar("R")
Outcomes = Mapping[str, R | KafkaApiError]


async def by_coordinator(
    client: KafkaClient,
    groups: Sequence[str],
    request: Callable[[int, list[str]], Awaitable[Outcomes[R]]],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    retry_on: Callable[[KafkaApiError], bool] = lambda error: error.retriable,
) -> dict[str, R | KafkaApiError]:
    """``request(node, groups)`` for the groups of each coordinator, retrying moved groups.

    Groups whose coordinator moved or is loading are looked up again and retried.
    """

    async def attempt(pending: list[str]) -> dict[str, R | KafkaApiError]:
        found = await gather_bounded([partial(_coordinator, client, g) for g in pending], concurrency)
        out: dict[str, R | KafkaApiError] = {}
        per_node: dict[int, list[str]] = {}
        for group, node in zip(pending, found, strict=True):
            if isinstance(node, KafkaApiError):
                out[group] = node
            else:
                per_node.setdefault(node, []).append(group)
        jobs = [partial(request, node, members) for node, members in per_node.items()]
        for result in await gather_bounded(jobs, concurrency):
            out.update(result)
        return out

    async def forget(pending: list[str]) -> None:
        for group in pending:
            client.invalidate_coordinator(group)

    return await settle(list(groups), attempt, retry_on=retry_on, before_retry=forget)


async def _coordinator(client: KafkaClient, group: str) -> int | KafkaApiError:
    try:
        return (await client.find_coordinator(group)).node_id
    except KafkaApiError as exc:
        return exc
