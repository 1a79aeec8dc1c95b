"""What was sent since the app started, newest last, capped; views follow it through listeners.

One :data:`APP_HISTORY` serves every producer page, so closing a page forgets nothing.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from explorer.produce.form import ProduceForm
from explorer.produce.sending import SendOutcome

LIMIT = 5_000


@dataclass(frozen=True, slots=True)
class SentEntry:
    """One press of Send: when, where, what (in short), the outcome, and the form to send again."""

    at: float
    cluster: str
    form: ProduceForm
    outcome: SendOutcome
    key_preview: str
    value_preview: str


Listener = Callable[[str, int], Any]
"""Called with ``("adding", 1)`` / ``("added", 1)`` around appending an entry and
``("trimming", n)`` / ``("trimmed", n)`` around dropping the n oldest (so a Qt model can
begin and end its row changes)."""


class ProduceHistory:
    """A capped list of :class:`SentEntry`; listeners are held weakly when they are methods."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.entries: list[SentEntry] = []
        self._listeners: list[Callable[[], Listener | None]] = []

    def subscribe(self, listener: Listener) -> None:
        if hasattr(listener, "__self__"):
            self._listeners.append(weakref.WeakMethod(listener))
        else:
            self._listeners.append(lambda: listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners = [ref for ref in self._listeners if ref() not in (None, listener)]

    def add(self, cluster: str, form: ProduceForm, outcome: SendOutcome, key: str, value: str) -> SentEntry:
        entry = SentEntry(time.time(), cluster, form, outcome, key, value)
        self._tell("adding", 1)
        self.entries.append(entry)
        self._tell("added", 1)
        excess = len(self.entries) - self.limit
        if excess > 0:
            self._tell("trimming", excess)
            del self.entries[:excess]
            self._tell("trimmed", excess)
        return entry

    def _tell(self, change: str, count: int) -> None:
        for ref in list(self._listeners):
            listener = ref()
            if listener is not None:
                listener(change, count)


APP_HISTORY = ProduceHistory()
"""The history of this process."""
