"""Retrying: which errors are worth another attempt, and how long to wait between attempts.

Exponential backoff with jitter, as every Kafka client does, so that many explorers restarted
at once don't hammer a recovering broker in lockstep.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from protocol.errors import KafkaExplorerError, error_for_code

T = TypeVar("T")


def is_retriable(exc: BaseException) -> bool:
    """True for errors another attempt may fix: retriable Kafka codes, lost connections, timeouts."""
    return isinstance(exc, KafkaExplorerError) and exc.retriable


def check_error(code: int, message: str | None = None, context: str = "") -> None:
    """Raise the exception for a non-zero Kafka error code; do nothing for 0."""
    if code:
        raise error_for_code(code, message, context=context)


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delays of ``initial * 2**n``, capped at ``maximum``, each randomised by +-20 %."""

    initial: float = 0.1
    maximum: float = 5.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after ``failures`` consecutive failures (0 after none)."""
        if failures <= 0:
            return 0.0
        doublings = min(failures - 1, 64)  # the cap is reached long before; 2.0**1030 overflows
        base = min(self.maximum, self.initial * 2.0**doublings)
        return base * random.uniform(0.8, 1.2)


@dataclass(slots=True)
class FailureTracker:
    """Consecutive failures per key (a broker) and when the next attempt may start."""

    backoff: Backoff
    _failures: dict[object, int] = field(default_factory=dict)
    _not_before: dict[object, float] = field(default_factory=dict)

    def failed(self, key: object) -> None:
        count = self._failures.get(key, 0) + 1
        self._failures[key] = count
        self._not_before[key] = time.monotonic() + self.backoff.delay(count)

    def succeeded(self, key: object) -> None:
        self._failures.pop(key, None)
        self._not_before.pop(key, None)

    def wait_time(self, key: object) -> float:
        return max(0.0, self._not_before.get(key, 0.0) - time.monotonic())

    async def wait(self, key: object) -> None:
        """Sleep until the backoff for ``key`` has passed."""
        delay = self.wait_time(key)
        if delay > 0:
            await asyncio.sleep(delay)


async def retry(
    op: Callable[[], Awaitable[T]],
    *,
    attempts: int,
    backoff: Backoff,
    on: Callable[[BaseException], bool] = is_retriable,
    before_retry: Callable[[BaseException], Awaitable[None]] | None = None,
) -> T:
    """Run ``op`` until it succeeds, at most ``attempts`` times; errors ``on`` rejects propagate.

    ``before_retry`` runs after a failed attempt, before the backoff sleep (e.g. to refresh
    metadata). The last error is raised when attempts run out.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(1, attempts + 1):
        try:
            return await op()
        except Exception as exc:
            if attempt == attempts or not on(exc):
                raise
            if before_retry is not None:
                await before_retry(exc)
            await asyncio.sleep(backoff.delay(attempt))
    raise AssertionError("unreachable")
