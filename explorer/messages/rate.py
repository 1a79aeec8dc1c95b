"""A messages-per-second figure over a sliding window."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateMeter:
    """Counts arrivals; :meth:`rate` is the count of the last ``window_s`` divided by it."""

    def __init__(self, window_s: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window_s
        self._clock = clock
        self._events: deque[tuple[float, int]] = deque()
        self._sum = 0
        self._started = clock()

    def add(self, count: int) -> None:
        if count:
            self._events.append((self._clock(), count))
            self._sum += count
        self._expire()

    def rate(self) -> float:
        self._expire()
        span = min(self._window, max(self._clock() - self._started, 1e-3))
        return self._sum / span

    def reset(self) -> None:
        self._events.clear()
        self._sum = 0
        self._started = self._clock()

    def _expire(self) -> None:
        limit = self._clock() - self._window
        while self._events and self._events[0][0] < limit:
            self._sum -= self._events.popleft()[1]
