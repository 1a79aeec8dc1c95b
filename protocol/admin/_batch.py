"""Running many small requests: chunking, bounded concurrency, and per-item retries.

Large clusters are described with many modest requests, a bounded number in flight at once, so
no single request or response grows with the cluster and cancelling the caller cancels them all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from protocol.errors import KafkaApiError, KafkaExplorerError
from protocol.retry import Backoff

K = TypeVar("K")
T = TypeVar("T")
R = TypeVar("R")

DEFAULT_CONCURRENCY = 8
"""Requests one admin operation keeps in flight at most."""

RETRY_ATTEMPTS = 6
_BACKOFF = Backoff(0.1, 2.0)


def chunked(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """Consecutive slices of at most ``size`` items."""
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


async def gather_bounded(jobs: Iterable[Callable[[], Awaitable[T]]],
                         limit: int = DEFAULT_CONCURRENCY) -> list[T]:
    """Run the jobs with at most ``limit`` at once; results in job order.

    The first failure cancels the jobs still running and is raised; so is cancelling the caller.
    """
    semaphore = asyncio.Semaphore(max(1, limit))

    async def run(job: Callable[[], Awaitable[T]]) -> T:
        async with semaphore:
            return await job()

    tasks = [asyncio.ensure_future(run(job)) for job in jobs]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def group_by(items: Iterable[T], key: Callable[[T], K]) -> dict[K, list[T]]:
    """Items grouped by ``key``, keeping their order within each group."""
    groups: dict[K, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


async def settle(
    items: Sequence[K],
    attempt: Callable[[list[K]], Awaitable[Mapping[K, R | KafkaApiError]]],
    *,
    retry_on: Callable[[KafkaApiError], bool] = lambda error: error.retriable,
    before_retry: Callable[[list[K]], Awaitable[None]] | None = None,
    attempts: int = RETRY_ATTEMPTS,
) -> dict[K, R | KafkaApiError]:
    """Run ``attempt`` on the items, then again on those whose error ``retry_on`` accepts.

    ``attempt`` returns an outcome per item it was given. Retriable errors raised by ``attempt``
    itself (lost connections, timeouts, a top-level NOT_COORDINATOR) retry every pending item;
    the last attempt's errors stand.
    ``before_retry`` runs before each retry with the items about to be retried (e.g. to
    refresh metadata or forget a coordinator).
    """
    done: dict[K, R | KafkaApiError] = {}
    pending = list(dict.fromkeys(items))
    for number in range(1, attempts + 1):
        last = number == attempts
        try:
            outcomes = await attempt(pending)
        except KafkaExplorerError as exc:
            if last or not exc.retriable:
                raise
            outcomes = {}
        retry: list[K] = []
        for item in pending:
            outcome = outcomes.get(item)
            if outcome is None or (isinstance(outcome, KafkaApiError) and retry_on(outcome) and not last):
                retry.append(item)
                if outcome is not None:
                    done[item] = outcome
            else:
                done[item] = outcome
        if not retry:
            break
        if last:
            for item in retry:
                done.setdefault(item, _no_answer(item))
            break
        if before_retry is not None:
            await before_retry(retry)
        await asyncio.sleep(_BACKOFF.delay(number))
        pending = retry
    return {item: done[item] for item in dict.fromkeys(items)}


def _no_answer(item: object) -> KafkaApiError:
    return KafkaApiError(f"the broker's answer did not mention {item!r}", code=-1)
