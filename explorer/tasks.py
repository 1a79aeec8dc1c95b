"""Tasks started from Qt slots: kept alive, logged when they fail, cancelled with their owner.

qasync keeps no strong reference to a task started from a slot, so a widget or session that
starts one keeps it in a :class:`TaskSet` and calls :meth:`TaskSet.cancel_all` when it goes away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class TaskSet:
    """The running tasks of one owner."""

    def __init__(self, owner: str, on_error: Callable[[BaseException], None] | None = None) -> None:
        self.owner = owner
        self._tasks: set[asyncio.Task[Any]] = set()
        self._on_error = on_error

    def __len__(self) -> int:
        return len(self._tasks)

    @property
    def running(self) -> list[asyncio.Task[Any]]:
        return list(self._tasks)

    def start(self, coroutine: Coroutine[Any, Any, T], name: str | None = None) -> asyncio.Task[T]:
        """Run ``coroutine`` as a task owned by this set."""
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def cancel_all(self) -> None:
        """Cancel every task still running (idempotent)."""
        for task in list(self._tasks):
            task.cancel()

    async def wait_cancelled(self) -> None:
        """Cancel everything and wait until the tasks have really ended."""
        tasks = list(self._tasks)
        self.cancel_all()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        if self._on_error is not None:
            self._on_error(error)
        else:
            log.error("%s: task %s failed", self.owner, task.get_name(), exc_info=error)
