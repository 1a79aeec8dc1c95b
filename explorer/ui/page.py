"""A tab's content: a widget that owns the tasks it starts and cancels them when it goes away."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from explorer.tasks import TaskSet

log = logging.getLogger(__name__)


class Page(QWidget):
    """Base of every tab page. ``key`` identifies it, so opening it twice focuses the first."""

    def __init__(self, key: tuple[str, ...], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.title = title
        self.tasks = TaskSet(f"page {'/'.join(key)}")

    def start(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        """Run ``coroutine`` for this page (from a slot); it is cancelled when the page closes."""
        self.tasks.start(coroutine)

    def shutdown(self) -> None:
        """Cancel this page's work; called when its tab closes."""
        self.tasks.cancel_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
